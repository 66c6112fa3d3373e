import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/backend/dispatch';
import { startServe } from '../../../src-main/backend/serve';
import { main } from '../../../src-main/cli/main';
import { tempHome, toyConfig } from '../runs/support';

type Serve = Awaited<ReturnType<typeof startServe>>;
const homeA = tempHome('remote-a');
const homeB = tempHome('remote-b');
let a: Serve;
let b: Serve | null;

async function mdm(args: string[], env: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    const code = await main([...args, '--data-dir', homeA], {
      out: (t) => (out += `${t}\n`),
      err: (t) => (err += `${t}\n`),
    });
    return { code, out, err };
  } finally {
    for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key];
  }
}

async function createRun(serve: Serve, name: string): Promise<number> {
  const envelope = await dispatch(serve.service.handlers('http'), 'runs-create', {
    config: toyConfig({ name, steps: 20 }),
  });
  if (!envelope.ok) throw new Error(envelope.error.message);
  return (envelope.result as { id: number }).id;
}

beforeAll(async () => {
  a = await startServe({ host: '127.0.0.1', port: 0, dataDir: homeA });
  b = await startServe({ host: '127.0.0.1', port: 0, dataDir: homeB });
});
afterAll(async () => {
  await a?.close();
  await b?.close();
});

describe('remote servers from the CLI', () => {
  it('mdm remote add keeps the token in a 0600 file; runs list --remote all merges both servers with a server column', async () => {
    await createRun(a, 'here');
    const remoteId = await createRun(b!, 'over-there');

    const wrong = await mdm(['remote', 'add', 'b', b!.url], { MDM_REMOTE_TOKEN: 'wrong' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/^mdm remote: server b: .*token/);

    const added = await mdm(['remote', 'add', 'b', b!.url], { MDM_REMOTE_TOKEN: b!.token });
    expect(added.code, added.err).toBe(0);
    expect(added.out).toBe(`added b (${b!.url}): 1 runs\n`);
    const file = path.join(homeA, 'remotes.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(b!.token);

    const all = await mdm(['runs', 'list', '--remote', 'all']);
    expect(all.code, all.err).toBe(0);
    const [header, ...rows] = all.out.trim().split('\n');
    expect(header).toMatch(/^server +id +name +status/);
    expect(rows.map((r) => r.split(/ +/).slice(0, 3))).toEqual(
      expect.arrayContaining([
        ['local', '1', 'here'],
        ['b', String(remoteId), 'over-there'],
      ]),
    );

    const shown = await mdm(['runs', 'show', String(remoteId), '--remote', 'b', '--json']);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('"over-there"');
  });

  it('a server that went away is named as offline while the others still list; an exposed token file is refused', async () => {
    await b!.close();
    b = null;
    const all = await mdm(['runs', 'list', '--remote', 'all']);
    expect(all.code).toBe(0);
    expect(all.err).toMatch(/^mdm runs list: server b \(http:\/\/127\.0\.0\.1:\d+\) is offline: /);
    expect(all.out).toMatch(/\nlocal +1 +here /);
    const listed = await mdm(['remote', 'list']);
    expect(listed.out).toMatch(/^b +http:\/\/127\.0\.0\.1:\d+ +offline\n$/);

    chmodSync(path.join(homeA, 'remotes.json'), 0o644);
    const exposed = await mdm(['remote', 'list']);
    expect(exposed.code).not.toBe(0);
    expect(exposed.err).toContain('chmod 600');
  });
});
