import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as policy from '../../../src-main/shell-policy';

// Attack 5 of issue 13: any https:// URL went to shell.openExternal; the renderer was on file://.
describe('the Electron shell policy', () => {
  it('opens only plain https links to allowlisted hosts', () => {
    expect(policy.isExternalAllowed('https://openreview.net/forum?id=osei3IzUia')).toBe(true);
    expect(policy.isExternalAllowed('https://arxiv.org/abs/2302.07261')).toBe(true);
    const allowed = [
      'https://evil.example/',
      'http://arxiv.org/',
      'https://arxiv.org.evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'not a url',
    ].filter((url) => policy.isExternalAllowed(url));
    expect(allowed).toEqual([]);
  });

  it('knows its renderer page: app://mdm/index.html with any query or hash, nothing else', () => {
    expect(policy.RENDERER_URL).toBe('app://mdm/index.html');
    expect(policy.isRendererPage('app://mdm/index.html#/runs/3')).toBe(true);
    expect(policy.isRendererPage('app://mdm/index.html?x=1')).toBe(true);
    const taken = [
      'app://evil/index.html',
      'app://mdm/other.html',
      'file:///opt/mdm/out/renderer/index.html',
      'https://mdm/index.html',
      '',
    ].filter((url) => policy.isRendererPage(url));
    expect(taken).toEqual([]);
  });

  it('maps app:// requests to files inside the renderer folder only', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mdm-renderer-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '');
    symlinkSync('/etc', path.join(root, 'assets', 'etc'));
    expect(policy.appProtocolFile(root, 'app://mdm/')).toBe(path.join(root, 'index.html'));
    expect(policy.appProtocolFile(root, 'app://mdm/assets/a%20b.js')).toBe(
      path.join(root, 'assets', 'a b.js'),
    );
    // URL parsing drops encoded dot segments, so this one stays inside the folder.
    expect(policy.appProtocolFile(root, 'app://mdm/%2e%2e/%2e%2e/etc/passwd')).toBe(
      path.join(root, 'etc', 'passwd'),
    );
    for (const url of [
      'app://mdm/..%2f..%2fetc%2fpasswd',
      'app://mdm/%ff',
      'app://mdm/a%00b',
      'app://mdm/assets/etc/passwd',
      'app://evil/index.html',
      'file:///etc/passwd',
    ]) {
      expect(policy.appProtocolFile(root, url), url).toBeNull();
    }
  });
});
