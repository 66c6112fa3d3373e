import type { Handlers } from '#shared/api/contract';
import { DESIGN_PREFIX, sweepDiffusions } from '#shared/api/designs';
import type { SweepDetail } from '#shared/api/sweeps';
import { PROTOCOL_NAMES } from '#shared/config/protocols';
import { PAPER_BPD_SOURCE, SWEEP_AXES, type SweepSpec } from '#shared/config/sweep';
import { MdmError } from '#shared/errors';
import type { BackendService } from '../../backend/service';
import { dataDir } from '../../backend/paths';
import { defineGroup, type CliIO } from '../command';
import { backendFlag, jsonFlag, type dataDirFlag } from '../common-flags';
import type { FlagTable, FlagValues } from '../flags';
import { call } from '../runs/call';
import { followRuns } from '../runs/follow-many';
import { withCliService } from '../runs/service';
import {
  askedNote,
  groupAction,
  resumeHead,
  showAction,
  stopAction,
  type ActionHead,
} from '../runs/action';

function sweepIdArg(raw: string | undefined): number {
  const id = Number(raw);
  if (raw === undefined || !Number.isInteger(id) || id < 1)
    throw new MdmError('invalid', `expected a sweep id, got '${raw ?? ''}'`);
  return id;
}

const fixed = (x: number | null, digits = 4) => (x === null ? '—' : x.toFixed(digits));

/** The results table (mean ± s.e. over seeds beside the paper's), then each member run. */
function printSweep(detail: SweepDetail, io: CliIO): void {
  const { sweep, results, members, protocol } = detail;
  const unit = results[0]?.metric === 'test/npd' ? 'test NPD (nats/dim)' : 'test BPD';
  io.out(
    `sweep ${sweep.id} ${sweep.name}: ${sweep.status}, ${sweep.spec.dataset}, protocol ${protocol}`,
  );
  const varies = results.some((r) => r.variant !== '');
  const header = ['diffusion', ...(varies ? ['variant'] : []), `${unit} ± s.e.`, 'seeds', 'paper'];
  const rows = results.map((r) => [
    r.label,
    ...(varies ? [r.variant] : []),
    r.mean === null ? '—' : `${fixed(r.mean)} ± ${fixed(r.stderr)}`,
    `${r.done}/${r.seeds}`,
    fixed(r.paper, 3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  for (const row of [header, ...rows])
    io.out(
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    );
  if (results.some((r) => r.paper !== null)) io.out(`paper: ${PAPER_BPD_SOURCE}`);
  io.out('runs:');
  for (const m of members)
    io.out(
      `  ${m.runId}  ${m.label}${m.variant ? ` ${m.variant}` : ''}  seed ${m.seed}  ${m.run.status}  ${m.run.progress.step}/${m.run.progress.total}`,
    );
}

/** Follows the runs the command just queued until they end, then prints the sweep; exit 1 if any failed. */
async function followAndShow(
  service: BackendService,
  handlers: Handlers,
  sweepId: number,
  runIds: number[],
  io: CliIO,
  json: boolean,
): Promise<number> {
  const statuses = await followRuns(service, runIds, io);
  const detail = await call(handlers, 'sweeps-show', { sweepId });
  if (json) io.out(JSON.stringify(detail, null, 2));
  else printSweep(detail, io);
  return [...statuses.values()].some((s) => s === 'failed' || s === 'interrupted') ? 1 : 0;
}

/** One `mdm sweep` action with --data-dir, run against the handlers of a CLI service. */
function action<const T extends FlagTable>(
  spec: ActionHead<T> & {
    manageRuns: boolean;
    run: (
      values: FlagValues<T & { 'data-dir': typeof dataDirFlag }>,
      id: string | undefined,
      /** `home` names the data directory (for the owner a stop or resume asked: askedNote). */
      context: { service: BackendService; handlers: Handlers; io: CliIO; home: string },
    ) => Promise<number>;
  },
) {
  return groupAction('sweep', spec, (values, id, io) => {
    const home = values['data-dir'] ?? dataDir();
    return withCliService({ dataDir: home, manageRuns: spec.manageRuns }, (service, handlers) =>
      spec.run(values, id, { service, handlers, io, home }),
    );
  });
}

/** `--vary clipScale=per-image,per-dim`: the one other setting and its values (numbers where they parse). */
function parseVary(raw: string | undefined): SweepSpec['vary'] {
  if (raw === undefined) return undefined;
  const [key, list = ''] = raw.split('=', 2);
  if (!(SWEEP_AXES as readonly string[]).includes(key ?? ''))
    throw new MdmError('invalid', `--vary: '${key}' is not one of ${SWEEP_AXES.join(', ')}`);
  const values = list
    .split(',')
    .filter(Boolean)
    .map((v) => (/^-?[\d.]+(e-?\d+)?$/.test(v) ? Number(v) : v));
  if (values.length === 0)
    throw new MdmError('invalid', `--vary ${key}: give values, e.g. ${key}=a,b`);
  return { key: key as (typeof SWEEP_AXES)[number], values };
}

/** `mdm sweep`: grids of runs over diffusions and seeds under one protocol. */
export const sweepCommand = defineGroup({
  name: 'sweep',
  summary: 'train a grid of diffusions × seeds under one protocol and tabulate the results',
  description:
    'A sweep queues one tagged run per diffusion, seed (and value of --vary); the table gives the test BPD\n' +
    "(test NPD for 2-D toys) as the mean ± standard error over seeds, beside the paper's number where it has one.",
  subcommands: [
    action({
      name: 'create',
      summary: 'queue a sweep and train it to the end (Ctrl-C stops its runs; resume continues)',
      description:
        'When the app or mdm serve trains this data directory, the sweep is queued there (follow it with\n' +
        '`mdm sweep show ID`); another mdm train or mdm sweep create refuses it.',
      synopsis: '--diffusions LIST [options]',
      flags: {
        name: { type: 'string', arg: 'NAME', help: 'sweep name (default <dataset>-<protocol>)' },
        dataset: { type: 'string', arg: 'NAME', default: 'mnist', help: 'dataset of every run' },
        diffusions: {
          type: 'string',
          arg: 'LIST',
          help: 'comma-separated: vpsde, cld, alda, malda[-K], learned[-K][-full], design:NAME (a saved design; required)',
        },
        seeds: {
          type: 'int',
          min: 1,
          max: 32,
          default: 3,
          help: 'seeds S..S+N−1 of every diffusion (S: --first-seed)',
        },
        'first-seed': {
          type: 'int',
          min: 0,
          default: 0,
          help: 'first seed S, to add seeds to an earlier sweep’s grid in a new sweep',
        },
        protocol: {
          type: 'enum',
          values: PROTOCOL_NAMES,
          default: 'budget',
          help: 'protocol of every run',
        },
        model: { type: 'string', arg: 'SIZE', help: 'tiny | mnist | cifar | mlp (2-D toys)' },
        steps: { type: 'int', min: 1, help: 'training steps of every run' },
        minutes: { type: 'number', above: 0, help: 'time budget of every run, in minutes' },
        batch: {
          type: 'int',
          min: 1,
          max: 4096,
          help: 'batch size of every run (protocol budget: default 128)',
        },
        'eval-images': {
          type: 'int',
          min: 0,
          help: 'test images of every final test BPD (protocol budget: default the full test set)',
        },
        'clip-scale': {
          type: 'enum',
          values: ['per-image', 'per-dim'],
          help: 'gradient clip scale',
        },
        vary: {
          type: 'string',
          arg: 'KEY=V1,V2',
          help: `one more setting to vary: ${SWEEP_AXES.join(', ')}`,
        },
        'sample-every': { type: 'int', min: 0, help: 'sample grid every N steps; 0 never samples' },
        backend: backendFlag,
        json: { ...jsonFlag, help: 'print the finished sweep as JSON' },
      },
      manageRuns: true,
      async run(values, _id, { service, handlers, io, home }) {
        if (!values.diffusions) throw new MdmError('invalid', '--diffusions is required');
        const labels = values.diffusions
          .split(',')
          .map((d) => d.trim())
          .filter(Boolean);
        const settings = Object.fromEntries(
          Object.entries({
            model: values.model,
            steps: values.steps,
            budgetMinutes: values.minutes,
            batchSize: values.batch,
            evalImages: values['eval-images'],
            clipScale: values['clip-scale'],
            sampleEvery: values['sample-every'],
            backend: values.backend,
          }).filter(([, v]) => v !== undefined),
        );
        const vary = parseVary(values.vary);
        const designs = labels.some((l) => l.startsWith(DESIGN_PREFIX))
          ? await call(handlers, 'designs-list', {})
          : [];
        const spec: SweepSpec = {
          name: values.name ?? `${values.dataset}-${values.protocol}`,
          protocol: values.protocol,
          dataset: values.dataset,
          diffusions: sweepDiffusions(labels, designs),
          seeds: Array.from({ length: values.seeds }, (_, i) => values['first-seed'] + i),
          ...(vary ? { vary } : {}),
          settings,
        };
        const sweep = await call(handlers, 'sweeps-create', { spec });
        const detail = await call(handlers, 'sweeps-show', { sweepId: sweep.id });
        const asked = askedNote(sweep, home);
        io.err(`sweep ${sweep.id} (${sweep.name}): ${sweep.total} runs queued${asked}`);
        // Trained by the owner that was asked: follow it with mdm sweep show.
        if (asked) return 0;
        const ids = detail.members.map((m) => m.runId);
        return followAndShow(service, handlers, sweep.id, ids, io, values.json);
      },
    }),
    action({
      name: 'list',
      summary: 'sweeps, newest first, with their status',
      synopsis: '[options]',
      flags: { json: jsonFlag },
      manageRuns: false,
      async run(values, _id, { handlers, io }) {
        const sweeps = await call(handlers, 'sweeps-list', {});
        if (values.json) io.out(JSON.stringify(sweeps, null, 2));
        else if (sweeps.length === 0) io.out('no sweeps yet: start one with `mdm sweep create`');
        else
          for (const s of sweeps)
            io.out(
              `${s.id}  ${s.name}  ${s.status}  ${s.spec.dataset}  ${s.spec.protocol}  ${s.counts.completed ?? 0}/${s.total} completed`,
            );
        return 0;
      },
    }),
    action(
      showAction(
        'the results table and the member runs of a sweep',
        async (handlers, id, io, json) => {
          const detail = await call(handlers, 'sweeps-show', { sweepId: sweepIdArg(id) });
          if (json) io.out(JSON.stringify(detail, null, 2));
          else printSweep(detail, io);
        },
      ),
    ),
    action(
      stopAction('sweep', 'stop every queued or running run of a sweep', (handlers, id) =>
        call(handlers, 'sweeps-stop', { sweepId: sweepIdArg(id) }),
      ),
    ),
    action({
      ...resumeHead(
        'sweep',
        'continue every stopped, interrupted or failed run of a sweep to the end',
      ),
      async run(values, id, { service, handlers, io, home }) {
        const sweepId = sweepIdArg(id);
        const sweep = await call(handlers, 'sweeps-resume', { sweepId });
        const detail = await call(handlers, 'sweeps-show', { sweepId });
        const ids = detail.members
          .filter((m) => m.run.status === 'queued' || m.run.status === 'running')
          .map((m) => m.runId);
        const asked = askedNote(sweep, home);
        io.err(`sweep ${sweep.id} (${sweep.name}): ${ids.length} runs resume${asked}`);
        if (asked) return 0; // the owner trains them: follow them with mdm sweep show
        return followAndShow(service, handlers, sweepId, ids, io, values.json);
      },
    }),
    action({
      name: 'export',
      summary: 'the results table as CSV, JSON or Markdown, on standard output',
      synopsis: 'ID [options]',
      flags: {
        format: {
          type: 'enum',
          values: ['csv', 'json', 'markdown'],
          default: 'markdown',
          help: 'output format',
        },
      },
      manageRuns: false,
      async run(values, id, { handlers, io }) {
        const { text } = await call(handlers, 'sweeps-export', {
          sweepId: sweepIdArg(id),
          format: values.format as 'csv' | 'json' | 'markdown',
        });
        io.out(text);
        return 0;
      },
    }),
  ],
});
