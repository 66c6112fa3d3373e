import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnMdm, tempHome, waitFor } from '../runs/support';
import { rawRequest, startTarget, type SecurityTarget } from './support';

/** A self-signed certificate for localhost made with openssl (node:crypto cannot make X.509 certificates). */
function selfSignedCertificate(): { cert: string; key: string; certFile: string; keyFile: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mdm-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  const made = spawnSync('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '1',
    '-subj',
    '/CN=localhost',
    '-keyout',
    keyFile,
    '-out',
    certFile,
  ]);
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr.toString()}`);
  return {
    cert: readFileSync(certFile, 'utf8'),
    key: readFileSync(keyFile, 'utf8'),
    certFile,
    keyFile,
  };
}

const hasOpenssl = spawnSync('openssl', ['version']).status === 0;
if (!hasOpenssl && process.env.CI) throw new Error('openssl is required for the TLS tests in CI');

// Attack 4 of issue 13: --host 0.0.0.0 served plain HTTP with the Host/Origin checks off.
describe('mdm serve beyond loopback', () => {
  it('refuses --host 0.0.0.0 without --allow-remote: exit 2 and the reason', async () => {
    const mdm = spawnMdm(['serve', '--host', '0.0.0.0', '--port', '0'], {
      MDM_HOME: tempHome('serve-remote'),
    });
    expect(await mdm.exited).toBe(2);
    expect(mdm.stderr().trim().split('\n').at(-1)).toBe(
      'mdm serve: --host 0.0.0.0 is not a loopback address: serving to the network needs --allow-remote with --tls-cert and --tls-key (or keep 127.0.0.1 and reach it through an SSH tunnel)',
    );
  });

  it('refuses --allow-remote without a certificate: exit 2', async () => {
    const mdm = spawnMdm(['serve', '--host', '0.0.0.0', '--port', '0', '--allow-remote'], {
      MDM_HOME: tempHome('serve-remote'),
    });
    expect(await mdm.exited).toBe(2);
    expect(mdm.stderr()).toMatch(/^mdm serve: --allow-remote needs --tls-cert and --tls-key/m);
  });

  it.skipIf(!hasOpenssl)('serves HTTPS with a loud warning when asked properly', async () => {
    const tls = selfSignedCertificate();
    const mdm = spawnMdm(
      [
        'serve',
        '--host',
        '0.0.0.0',
        '--port',
        '0',
        '--allow-remote',
        '--tls-cert',
        tls.certFile,
        '--tls-key',
        tls.keyFile,
        '--allowed-host',
        'gpu-box.example',
      ],
      { MDM_HOME: tempHome('serve-tls') },
    );
    try {
      const url = await waitFor('the URL', () => /(https:\/\/\S+)/.exec(mdm.stdout())?.[1]);
      expect(url).toMatch(/^https:\/\/gpu-box\.example:\d+\/\?token=/);
      expect(mdm.stderr()).toMatch(
        /^WARNING: mdm serve listens on 0\.0\.0\.0, beyond this machine/,
      );
    } finally {
      process.kill(-mdm.child.pid!, 'SIGTERM');
      await mdm.exited;
    }
  });
});

describe.skipIf(!hasOpenssl)('an HTTPS server on every interface', () => {
  let target: SecurityTarget;
  beforeAll(async () => {
    const { cert, key } = selfSignedCertificate();
    target = await startTarget({
      host: '0.0.0.0',
      allowRemote: true,
      tls: { cert, key },
      allowedHosts: ['gpu-box.example'],
    });
  });
  afterAll(() => target.close());

  const systemInfo = (headers: Record<string, string>) =>
    rawRequest(target.server.url, {
      path: '/api/system-info',
      method: 'POST',
      headers: { Authorization: `Bearer ${target.server.token}`, ...headers },
      body: '{}',
    });

  it('keeps the Host and Origin checks: evil.com with the token is 403', async () => {
    expect((await systemInfo({ Host: 'evil.com', Origin: 'http://evil.com' })).status).toBe(403);
    const port = new URL(target.server.url).port;
    expect((await systemInfo({ Host: `evil.com:${port}` })).status).toBe(403);
    const ok = await systemInfo({
      Host: `gpu-box.example:${port}`,
      Origin: `https://gpu-box.example:${port}`,
    });
    expect(ok.status).toBe(200);
    expect((await systemInfo({ Origin: `http://127.0.0.1:${port}` })).status).toBe(403);
  });

  it('speaks only TLS', async () => {
    const plain = rawRequest(target.server.url.replace('https:', 'http:'), { path: '/' });
    await expect(plain).rejects.toThrow();
  });

  it('marks the session cookie Secure', async () => {
    const page = await rawRequest(target.server.url, { path: `/?token=${target.server.token}` });
    expect(page.headers['set-cookie']?.[0]).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
  });
});

describe('where the token may travel', () => {
  let target: SecurityTarget;
  beforeAll(async () => {
    target = await startTarget();
  });
  afterAll(() => target.close());

  it('refuses the query-string token on API calls', async () => {
    const answer = await rawRequest(target.server.url, {
      path: `/api/system-info?token=${target.server.token}`,
      method: 'POST',
      body: '{}',
    });
    expect(answer.status).toBe(401);
  });

  it('accepts it on the event stream', async () => {
    const controller = new AbortController();
    const response = await fetch(`${target.server.url}/api/events?token=${target.server.token}`, {
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    controller.abort();
  });

  it('exchanges it on the page load for an HttpOnly, SameSite=Strict cookie, then the cookie works', async () => {
    const page = await rawRequest(target.server.url, {
      path: `/?token=${target.server.token}&x=1`,
    });
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe('/?x=1');
    const port = new URL(target.server.url).port;
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(
      `mdm-token-${port}=${target.server.token}; Path=/; HttpOnly; SameSite=Strict`,
    );
    const pair = cookie.split(';')[0]!;
    const withCookie = (headers: Record<string, string>) =>
      rawRequest(target.server.url, {
        path: '/api/system-info',
        method: 'POST',
        headers: { Cookie: pair, ...headers },
        body: '{}',
      });
    expect((await withCookie({})).status).toBe(200);
    expect((await withCookie({ Origin: 'http://evil.example' })).status).toBe(403);
    expect((await withCookie({ Cookie: `mdm-token-${port}=wrong` })).status).toBe(401);
  });

  it('never redirects off the server', async () => {
    const page = await rawRequest(target.server.url, {
      path: `/.//evil.example/?token=${target.server.token}`,
    });
    expect(page.headers.location).toBe('/evil.example/');
  });

  it('serves the page without a cookie for a wrong token', async () => {
    const page = await rawRequest(target.server.url, { path: '/?token=wrong' });
    expect(page.status).toBe(200);
    expect(page.headers['set-cookie']).toBeUndefined();
  });
});
