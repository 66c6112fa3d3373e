import { spawnMdm, waitFor, type MdmChild } from '../runs/support';

/** `mdm serve` as a child process for the fault tests, reached over HTTP with the token its URL carries. */
export interface Served {
  mdm: MdmChild;
  url: string;
  token: string;
  /** Calls a handler; resolves with the HTTP status and the envelope. */
  call<T = RunDetail>(name: string, body: unknown): Promise<Answer<T>>;
  /** True while the process has not exited. */
  alive(): boolean;
  /** kill -9 of its process group, if still running. */
  kill(): Promise<void>;
}

/** A handler's answer: the HTTP status and the envelope. */
export interface Answer<T> {
  status: number;
  ok: boolean;
  result: T;
  error?: { code: string; message: string };
}

/** What the fault tests read of 'runs-get'. */
export interface RunDetail {
  run: {
    id: number;
    status: string;
    error: string | null;
    progress: { step: number; total: number };
  };
  checkpoints: { step: number; path: string }[];
}

export async function serve(home: string, env: Record<string, string> = {}): Promise<Served> {
  const mdm = spawnMdm(['serve', '--port', '0'], { MDM_HOME: home, ...env });
  const line = await waitFor(
    'the serving URL',
    () => {
      if (mdm.child.exitCode !== null) throw new Error(`mdm serve exited: ${mdm.stderr()}`);
      return /serving at (http:\/\/\S+)\/\?token=(\S+)\n/.exec(mdm.stdout());
    },
    90_000,
  );
  const url = line[1]!;
  const token = line[2]!;
  const alive = () => mdm.child.exitCode === null && mdm.child.signalCode === null;
  return {
    mdm,
    url,
    token,
    alive,
    call: async <T>(name: string, body: unknown): Promise<Answer<T>> => {
      const response = await fetch(`${url}/api/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}` },
        body: JSON.stringify(body),
      });
      const envelope = (await response.json()) as Omit<Answer<T>, 'status'>;
      return { status: response.status, ...envelope };
    },
    kill: async () => {
      if (!alive()) return;
      process.kill(-mdm.child.pid!, 'SIGKILL');
      await mdm.exited;
    },
  };
}

/** Waits until a run leaves 'queued'/'running' and returns its detail. */
export async function runEnded(served: Served, runId: number, timeoutMs = 120_000) {
  return waitFor(
    `run ${runId} to end`,
    async () => {
      const { result } = await served.call('runs-get', { runId });
      return !['queued', 'running'].includes(result.run.status) && result;
    },
    timeoutMs,
    200,
  );
}
