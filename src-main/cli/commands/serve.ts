import { readFileSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import { defineCommand } from '../command';
import { dataDirFlag } from '../common-flags';
import { tokenFromFile } from '../../backend/http/token-file';
import { isLoopback } from '../../backend/http/binding';
import { startServe } from '../../backend/serve';

/** A PEM file named by a flag, or a one-line refusal naming the flag and the reason. */
function readPem(flag: string, file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new MdmError('invalid', `${flag} ${file}: cannot read it (${reason})`);
  }
}

/** `mdm serve`: the UI and API over HTTP (HTTPS with a certificate) until SIGINT or SIGTERM. */
export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'serve the UI and API over HTTP (headless machines)',
  synopsis: 'mdm serve [options]',
  description:
    "Serves MDM Studio's UI and API for a browser, e.g. on a headless GPU machine.\n" +
    'The printed URL carries a random token; requests without it are refused. Loopback only unless\n' +
    '--allow-remote is given with --tls-cert and --tls-key; else reach it through an SSH tunnel\n' +
    '(ssh -L 5317:127.0.0.1:5317 gpu-box).',
  flags: {
    host: {
      type: 'string',
      arg: 'HOST',
      default: '127.0.0.1',
      help: 'interface to bind (anything but loopback needs --allow-remote)',
    },
    port: { type: 'int', min: 0, max: 65535, default: 5317, help: 'port (0 picks a free one)' },
    'allow-remote': {
      type: 'boolean',
      help: 'allow a non-loopback --host (needs --tls-cert and --tls-key)',
    },
    'tls-cert': { type: 'string', arg: 'FILE', help: 'PEM certificate: serve HTTPS' },
    'tls-key': { type: 'string', arg: 'FILE', help: 'PEM private key of --tls-cert' },
    'allowed-host': {
      type: 'string',
      arg: 'NAMES',
      help: 'comma-separated host names browsers and Slurm nodes use to reach this server (loopback always allowed)',
    },
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
    'token-file': {
      type: 'string',
      arg: 'FILE',
      help: "file holding this server's token, made (0600) when missing: the token survives restarts",
    },
    'data-dir': dataDirFlag,
  },
  async run(values, _positionals, io) {
    if (values.executor === 'slurm' && values.profile === undefined)
      throw new MdmError('invalid', '--executor slurm needs --profile NAME');
    if (values.executor === 'local' && values.profile !== undefined)
      throw new MdmError('invalid', '--profile is for --executor slurm');
    if ((values['tls-cert'] === undefined) !== (values['tls-key'] === undefined))
      throw new MdmError('invalid', '--tls-cert and --tls-key go together');
    const cert = readPem('--tls-cert', values['tls-cert']);
    const key = readPem('--tls-key', values['tls-key']);
    const server = await startServe({
      host: values.host,
      port: values.port,
      allowRemote: values['allow-remote'],
      tls: cert !== undefined && key !== undefined ? { cert, key } : undefined,
      allowedHosts: (values['allowed-host'] ?? '')
        .split(',')
        .map((name) => name.trim())
        .filter((name) => name !== ''),
      dataDir: values['data-dir'],
      token: values['token-file'] === undefined ? undefined : tokenFromFile(values['token-file']),
      slurm: values.profile !== undefined ? { profile: values.profile } : undefined,
    });
    if (!isLoopback(values.host)) {
      io.err(
        `WARNING: mdm serve listens on ${values.host}, beyond this machine. Anyone holding the URL's token\n` +
          'can train, stop and delete runs. Share it only over a trusted channel; prefer an SSH tunnel.',
      );
    }
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
