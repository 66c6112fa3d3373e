import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeComputeBackends } from '../../../src-main/backend/compute-backends';
import { askOwner } from '../../../src-main/backend/runs/control-client';
import { maxRequestChars } from '../../../src-main/backend/runs/control-protocol';
import { acquireOwnerLock, liveOwner } from '../../../src-main/backend/runs/owner-lock';
import { createBackendService } from '../../../src-main/backend/service';
import { spawnMdm, tempHome } from './support';

// The owner's control endpoint as other processes meet it: bad request lines, long data
// directories, owners that do not answer (hung) or cannot (an older version).

const services: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const service of services) await service.close();
});

function owner(dataDir: string) {
  const service = createBackendService({ dataDir, probeBackends: probeComputeBackends });
  services.push(service);
  return service;
}

/** A K=8 matrix of full-precision numbers, as a saved design carries them. */
const matrix8 = (v: number) => Array.from({ length: 8 }, () => Array.from({ length: 8 }, () => v));

/** Sends one raw line to a control endpoint and parses the one line it answers. */
function rawLine(endpoint: string, line: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let reply = '';
    const socket = net.createConnection(endpoint, () => socket.write(`${line}\n`));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (reply += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(JSON.parse(reply)));
  });
}

/** `mdm runs stop 1` from a second process: its exit code and stderr. */
async function stopFromCli(dataDir: string): Promise<{ code: number | string; err: string }> {
  const mdm = spawnMdm(['runs', 'stop', '1', '--data-dir', dataDir]);
  const code = await mdm.exited;
  return { code, err: mdm.errorLines().join('\n') };
}

describe("the owner's control endpoint", () => {
  it('refuses a bad request line naming the field, and answers a call with what the handler raised', async () => {
    const home = tempHome('control-lines');
    owner(home);
    const socket = path.join(home, 'control.sock');
    expect(statSync(socket).mode & 0o777).toBe(0o600);
    expect(await rawLine(socket, 'stop run 1')).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'control request: not a JSON line' },
    });
    expect(await rawLine(socket, '{"call":"runs-update","request":{"runId":1}}')).toMatchObject({
      ok: false,
      error: {
        code: 'invalid',
        message: `call: expected one of 'runs-create', 'runs-stop', 'runs-resume', 'runs-duplicate', 'runs-delete', 'sweeps-create', 'sweeps-stop', 'sweeps-resume', got string "runs-update"`,
      },
    });
    expect(await rawLine(socket, '{"call":"runs-stop","request":{"runId":"1"}}')).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'runId: expected a finite number, got string "1"' },
    });
    // The largest sweep spec the contract takes (32 saved K=8 designs) is read: this owner, like
    // mdm train (trainsAllQueued unset), then refuses to start its runs. A longer line is refused.
    const design = (i: number) => ({
      label: `design-${i}`,
      choice: { preset: 'custom', q: matrix8(-0.123456789012345), d: matrix8(0.987654321098765) },
    });
    const spec = {
      name: 'large',
      protocol: 'paper',
      dataset: 'cifar10',
      diffusions: Array.from({ length: 32 }, (_, i) => design(i)),
      seeds: Array.from({ length: 32 }, (_, i) => i),
    };
    const line = JSON.stringify({ call: 'sweeps-create', request: { spec } });
    expect(line.length).toBeGreaterThan(75_000);
    expect(await rawLine(socket, line)).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        message: `pid ${process.pid} trains only the runs it started (mdm train, mdm sweep create) and exits after them: start or resume runs once it has ended, or from mdm serve or the app`,
      },
    });
    const pad = 'x'.repeat(maxRequestChars);
    expect(await rawLine(socket, `{"call":"runs-stop","pad":"${pad}"}`)).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'control request: longer than 262144 characters' },
    });
  });

  it('a data directory too long for a socket path is served from a short one elsewhere', async () => {
    const home = path.join(tempHome('control-long'), 'd'.repeat(120));
    mkdirSync(home);
    owner(home);
    const found = liveOwner(home)!;
    expect(found.control!.length).toBeLessThanOrEqual(100);
    expect(statSync(found.control!).mode & 0o777).toBe(0o600);
    await expect(askOwner(home, found, 'runs-stop', { runId: 1 })).rejects.toMatchObject({
      code: 'not_found',
      message: 'run 1 does not exist',
    });
  });

  it('an owner that does not answer within 5 s is named with its pid and socket', async () => {
    const home = tempHome('control-hung');
    const lock = acquireOwnerLock(home);
    if (!lock.owned) throw new Error(lock.reason);
    const silent = net.createServer(() => undefined).listen(lock.control);
    try {
      expect(await stopFromCli(home)).toEqual({
        code: 2,
        err: `mdm runs: pid ${process.pid}, the process that trains ${home}, did not answer on ${lock.control} (no answer within 5 s): stop or resume runs there, or end that process`,
      });
    } finally {
      silent.close();
      lock.release();
    }
  });

  it('an older owner, which records no endpoint, is named with its pid', async () => {
    const home = tempHome('control-old');
    // What versions before the control endpoint write: the bare pid.
    writeFileSync(path.join(home, 'runs.lock'), String(process.pid));
    expect(await stopFromCli(home)).toEqual({
      code: 2,
      err: `mdm runs: runs in ${home} are trained by pid ${process.pid}, an older MDM Studio that takes no requests from other processes: use that one`,
    });
  });
});
