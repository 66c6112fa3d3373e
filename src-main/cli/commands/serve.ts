import { MdmError } from '#shared/errors';
import { defineCommand } from '../command';
import { dataDirFlag } from '../common-flags';
import { startServe } from '../../backend/serve';

/** `mdm serve`: the UI and API over HTTP until SIGINT or SIGTERM. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'serve the UI and API over HTTP (headless machines)',
  synopsis: 'mdm serve [options]',
  description:
    "Serves MDM Studio's UI and API over HTTP for a browser, e.g. on a headless GPU machine.\n" +
    'The printed URL carries a random token; requests without it are refused.',
  flags: {
    host: {
      type: 'string',
      arg: 'HOST',
      default: '127.0.0.1',
      help: 'interface to bind (0.0.0.0 exposes it to the network)',
    },
    port: { type: 'int', min: 0, max: 65535, default: 5317, help: 'port (0 picks a free one)' },
    executor: {
      type: 'enum',
      values: ['local', 'slurm'],
      default: 'local',
      help: 'where queued runs train: worker threads here, or Slurm jobs',
    },
    profile: {
      type: 'string',
      arg: 'NAME',
      help: 'the cluster profile of --executor slurm (mdm cluster profile set)',
    },
    'data-dir': dataDirFlag,
  },
  async run(values, _positionals, io) {
    if (values.executor === 'slurm' && values.profile === undefined)
      throw new MdmError('invalid', '--executor slurm needs --profile NAME');
    if (values.executor === 'local' && values.profile !== undefined)
      throw new MdmError('invalid', '--profile is for --executor slurm');
    const server = await startServe({
      host: values.host,
      port: values.port,
      dataDir: values['data-dir'],
      slurm: values.profile !== undefined ? { profile: values.profile } : undefined,
    });
    io.out(`MDM Studio is serving at ${server.browserUrl}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
});
