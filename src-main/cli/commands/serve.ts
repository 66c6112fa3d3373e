import { defineCommand } from '../command';
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
  },
  async run(values, _positionals, io) {
    const server = await startServe({ host: values.host, port: values.port });
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
