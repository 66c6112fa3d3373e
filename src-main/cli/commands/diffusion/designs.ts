import type { Handlers } from '#shared/api/contract';
import type { DiffusionChoice } from '#shared/config/run-config';
import { MdmError } from '#shared/errors';
import { defineCommand, defineGroup, type CliIO } from '../../command';
import { dataDirFlag, jsonFlag } from '../../common-flags';
import { call } from '../../runs/call';
import { withCliService } from '../../runs/service';
import { defineNamedCommand } from '../../named-command';
import { diffusionFlags } from './options';

/** Runs `work` on the handlers of a CLI service over --data-dir (no runs are managed). */
const withHandlers = (dir: string | undefined, work: (handlers: Handlers) => Promise<number>) =>
  withCliService({ dataDir: dir, manageRuns: false }, (_service, handlers) => work(handlers));

/** The flags of a custom design: `mdm diffusion inspect`'s Q, D and schedule, with the same meanings. */
const { q, d, beta0, beta1 } = diffusionFlags;
const designFlags = {
  ...{ q, d, beta0, beta1, 'sigma-v2': diffusionFlags['sigma-v2'] },
  ...{ json: diffusionFlags.json, 'data-dir': dataDirFlag },
};

const print = (io: CliIO, json: boolean, value: unknown, text: string) =>
  io.out(json ? JSON.stringify(value, null, 2) : text);

/** `mdm diffusion designs`: the saved designs that sweeps name as `design:NAME`. */
export const designsCommand = defineGroup({
  name: 'designs',
  parent: 'diffusion',
  summary: 'list, save or delete saved diffusion designs (sweeps name them design:NAME)',
  subcommands: [
    defineCommand({
      name: 'list',
      summary: 'the saved designs, by name',
      synopsis: 'mdm diffusion designs list [options]',
      flags: { json: jsonFlag, 'data-dir': dataDirFlag },
      run: (values, _positionals, io) =>
        withHandlers(values['data-dir'], async (handlers) => {
          const designs = await call(handlers, 'designs-list', {});
          const lines = designs.map(
            (d) => `${d.name}  ${d.choice.preset}  K = ${d.choice.q?.length ?? d.choice.k ?? '—'}`,
          );
          print(io, values.json, designs, lines.join('\n') || 'no saved designs yet');
          return 0;
        }),
    }),
    defineNamedCommand({
      name: 'save',
      summary: 'validate a custom Q and D and save them under a new name',
      synopsis: 'mdm diffusion designs save NAME --q JSON --d JSON [options]',
      what: 'design name',
      flags: designFlags,
      run: (values, name, io) =>
        withHandlers(values['data-dir'], async (handlers) => {
          if (values.q === undefined || values.d === undefined)
            throw new MdmError('invalid', 'give both --q JSON and --d JSON');
          const choice = {
            preset: 'custom',
            q: values.q,
            d: values.d,
            beta0: values.beta0,
            beta1: values.beta1,
            sigmaV2: values['sigma-v2'],
          } as DiffusionChoice; // the handler's schema checks the matrices' shape
          const design = await call(handlers, 'designs-save', { name, choice });
          print(io, values.json, design, `saved design '${design.name}' (K = ${choice.q?.length})`);
          return 0;
        }),
    }),
    defineNamedCommand({
      name: 'delete',
      summary: 'delete a saved design (sweeps that used it keep their copy)',
      synopsis: 'mdm diffusion designs delete NAME [options]',
      what: 'design name',
      flags: {},
      run: (values, name, io) =>
        withHandlers(values['data-dir'], async (handlers) => {
          const { deleted } = await call(handlers, 'designs-delete', { name });
          if (!deleted) throw new MdmError('not_found', `no saved design is named '${name}'`);
          io.out(`deleted design '${name}'`);
          return 0;
        }),
    }),
  ],
});
