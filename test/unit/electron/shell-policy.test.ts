import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appProtocolFile,
  isExternalAllowed,
  isRendererPage,
  RENDERER_URL,
} from '../../../src-main/shell-policy';

// Attack 5 of issue 13: any https:// URL went to shell.openExternal; the renderer was on file://.
describe('the Electron shell policy', () => {
  it('opens only plain https links to allowlisted hosts', () => {
    expect(isExternalAllowed('https://openreview.net/forum?id=osei3IzUia')).toBe(true);
    expect(isExternalAllowed('https://arxiv.org/abs/2302.07261')).toBe(true);
    for (const url of [
      'https://evil.example/',
      'http://arxiv.org/',
      'https://arxiv.org.evil.example/',
      'https://user:pw@github.com/',
      'https://github.com:8443/',
      'file:///etc/passwd',
      'smb://host/share',
      'javascript:alert(1)',
      'not a url',
    ]) {
      expect(isExternalAllowed(url), url).toBe(false);
    }
  });

  it('knows its renderer page: app://mdm/index.html with any query or hash, nothing else', () => {
    expect(RENDERER_URL).toBe('app://mdm/index.html');
    expect(isRendererPage('app://mdm/index.html#/runs/3')).toBe(true);
    expect(isRendererPage('app://mdm/index.html?x=1')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://mdm/other.html',
      'file:///opt/mdm/out/renderer/index.html',
      'https://mdm/index.html',
      '',
    ]) {
      expect(isRendererPage(url), url).toBe(false);
    }
  });

  it('maps app:// requests to files inside the renderer folder only', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'mdm-renderer-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '');
    symlinkSync('/etc', path.join(root, 'assets', 'etc'));
    expect(appProtocolFile(root, 'app://mdm/')).toBe(path.join(root, 'index.html'));
    expect(appProtocolFile(root, 'app://mdm/assets/a%20b.js')).toBe(
      path.join(root, 'assets', 'a b.js'),
    );
    // URL parsing drops encoded dot segments, so this one stays inside the folder.
    expect(appProtocolFile(root, 'app://mdm/%2e%2e/%2e%2e/etc/passwd')).toBe(
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
      expect(appProtocolFile(root, url), url).toBeNull();
    }
  });
});
