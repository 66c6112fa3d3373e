import { readFileSync, statSync } from 'node:fs';
import { MdmError } from '#shared/errors';
import { defineCommand } from '../command';
import { dataDirFlag } from '../common-flags';
import { runRemoteWorker } from '../../backend/cluster/remote-worker';
import { dataDir } from '../../backend/paths';

/** The job's token: from a file only its owner can read, else from $MDM_WORKER_TOKEN. */
function readToken(file: string | undefined): string {
  if (file !== undefined) {
    const mode = statSync(file).mode & 0o777;
    if ((mode & 0o077) !== 0)
      throw new MdmError(
        'invalid',
        `--token-file ${file} is readable by others (mode ${mode.toString(8)}): chmod 600 it`,
      );
    return readFileSync(file, 'utf8').trim();
  }
  const token = process.env.MDM_WORKER_TOKEN;
  if (!token)
    throw new MdmError('invalid', 'no job token: set MDM_WORKER_TOKEN or pass --token-file FILE');
  return token;
}

/** `mdm worker`: trains one run on a cluster node for the `mdm serve` that owns it. */
export const workerCommand = defineCommand({
  name: 'worker',
  summary: 'train one run for a remote owner (what a Slurm job runs)',
  synopsis: 'mdm worker --server URL --run ID [options]',
  description:
    'Trains run ID for the `mdm serve` at URL with the best backend on this machine, streaming\n' +
    'metrics, samples, checkpoints, Q/D and status to it over HTTP; the owner stays the only writer\n' +
    'of its store. Authenticates with the job token the owner gave the job (not the UI token).\n' +
    'The owner writes the job scripts that run this; you rarely call it by hand.',
  flags: {
    server: {
      type: 'string',
      arg: 'URL',
      help: "the owner's URL as this node reaches it, e.g. http://login1:5317",
    },
    run: { type: 'int', arg: 'ID', min: 1, help: 'the run to train' },
    'token-file': {
      type: 'string',
      arg: 'FILE',
      help: 'file holding the job token, mode 0600 (default: $MDM_WORKER_TOKEN)',
    },
    'data-dir': {
      ...dataDirFlag,
      help: "where this node finds datasets (the owner's store is never opened)",
    },
  },
  async run(values, _positionals, io) {
    if (values.server === undefined) throw new MdmError('invalid', '--server URL is required');
    if (values.run === undefined) throw new MdmError('invalid', '--run ID is required');
    if (!/^https?:\/\/[^\s/]+\/?$/.test(values.server))
      throw new MdmError('invalid', `--server must be http(s)://host:port, got '${values.server}'`);
    return runRemoteWorker({
      server: values.server.replace(/\/$/, ''),
      runId: values.run,
      token: readToken(values['token-file']),
      dataDir: values['data-dir'] ?? dataDir(),
      jobOutput: process.env.MDM_JOB_OUTPUT ?? null,
      say: (line) => io.out(`mdm worker: ${line}`),
    });
  },
});
