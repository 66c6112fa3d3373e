import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../e2e/support';
import { startTarget, stillAnswers, type SecurityTarget } from './support';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(chromiumPath);
if (!hasChromium && process.env.CI)
  throw new Error(`Chromium is required at ${chromiumPath} in CI`);

/** The attacker's page: requests a browser sends to the server from another origin without asking anyone. */
function attackPage(target: string): string {
  const urls = ['/%ff', '/%', '/api/%ff', '/%c0%af', '/api/events%ff', '/a%00b'];
  return `<!doctype html><title>evil</title><body>
${urls.map((u) => `<img src="${target}${u}">`).join('\n')}
<script>
  const pending = [...document.images].map((img) => new Promise((done) => { img.onload = img.onerror = done; }));
  pending.push(fetch('${target}/%ff', { mode: 'no-cors' }).catch(() => null));
  pending.push(fetch('${target}/api/runs-delete', { method: 'POST', mode: 'no-cors', body: '{"runId":1,"force":true}' }).catch(() => null));
  Promise.all(pending).then(() => { document.title = 'done'; });
</script></body>`;
}

describe.skipIf(!hasChromium)('a page on another origin in Chromium', () => {
  let target: SecurityTarget;
  let attacker: http.Server;
  let browser: Browser;
  beforeAll(async () => {
    target = await startTarget();
    attacker = http.createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(attackPage(target.server.url));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => attacker?.close(resolve));
    await target?.close();
  });

  // Attack 1 of issue 13 from a browser: <img src="http://127.0.0.1:PORT/%ff"> killed the server.
  it('leaves the server alive after <img src=".../%ff"> and friends', async () => {
    const page = await browser.newPage();
    const { port } = attacker.address() as AddressInfo;
    // "localhost" is another origin than the server's 127.0.0.1, as any site would be.
    await page.goto(`http://localhost:${port}/`);
    await page.waitForFunction(() => document.title === 'done');
    await page.close();
    expect(await stillAnswers(target)).toBe(true);
  });
});
