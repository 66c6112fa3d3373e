import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startTarget, stillAnswers, type SecurityTarget } from './support';

let target: SecurityTarget;
beforeAll(async () => {
  target = await startTarget();
});
afterAll(() => target.close());

// Attack 1 of issue 13: `curl --path-as-is http://127.0.0.1:PORT/%ff` ended the process.
describe('hostile request paths', () => {
  it('answers /%ff with 400 and keeps serving', async () => {
    const answer = await rawRequest(target.server.url, { path: '/%ff' });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body)).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: 'request path is not valid percent-encoded UTF-8' },
    });
    expect(await stillAnswers(target)).toBe(true);
  });

  it.each(['/%', '/%e0%a4', '/assets/%c0%af', '/%00', '/a%00.js', '/%2e%2e/%2e%2e/etc/passwd%ff'])(
    'answers %s with 400',
    async (path) => {
      expect((await rawRequest(target.server.url, { path })).status).toBe(400);
    },
  );

  it('never serves a file outside the UI folder through dot segments', async () => {
    const answer = await rawRequest(target.server.url, { path: '/../../../../etc/passwd' });
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<title>MDM Studio</title>');
  });

  it('answers malformed API names and absolute-form targets without crashing', async () => {
    const auth = { Authorization: `Bearer ${target.server.token}` };
    for (const path of ['/api/%ff', '/api/events%ff', 'http://[', '//%ff']) {
      const answer = await rawRequest(target.server.url, { path, method: 'POST', headers: auth });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    expect(await stillAnswers(target)).toBe(true);
  });
});
