import { parseArgs } from 'node:util';
import { UsageError, type CliCommand } from '../command';
import { startServe } from '../../backend/serve';

const usage = `Usage: mdm serve [--host HOST] [--port PORT]

Serves MDM Studio's UI and API over HTTP for a browser, e.g. on a headless GPU machine.
  --host HOST   interface to bind (default 127.0.0.1; 0.0.0.0 exposes it to the network)
  --port PORT   port (default 5317; 0 picks a free one)
The printed URL carries a random token; requests without it are refused.`;

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be an integer in 0..65535, got '${text}'`);
  }
  return port;
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the UI and API over HTTP (headless machines)',
  usage,
  async run(args, io) {
    const { values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '5317' },
      },
      strict: true,
    });
    const server = await startServe({ host: values.host, port: parsePort(values.port) });
    io.out(`MDM Studio is serving at ${server.browserUrl}`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await server.close();
    return 0;
  },
};
