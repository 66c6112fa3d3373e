import { describe, expect, it } from 'vitest';
import { main } from '../../../src-main/cli/main';

describe('mdm train --help', () => {
  it("names the protocols and every default that differs from the paper's", async () => {
    let out = '';
    const code = await main(['train', '--help'], { out: (t) => (out += `${t}\n`), err: () => {} });
    expect(code).toBe(0);
    expect(out).toMatch(
      /--protocol paper\|budget\|custom\s+settings fixed together.*\(default custom\)/,
    );
    expect(out).toContain("Defaults that differ from the paper's protocol");
    for (const line of [
      /warm-up steps +100 +paper: 0/,
      /EMA +decay 0\.999 +paper: off/,
      /clip scale +per-dim +paper: per-image/,
      /learned initialisation +N\(0, 1\), lower triangle +paper: U\(±1\/√K\)/,
      /model +tiny +paper: mnist \(MNIST\), cifar \(CIFAR-10\)/,
      /steps +1000 +paper: 300 epochs/,
      /test examples +1000 +paper: the full test set/,
    ])
      expect(out).toMatch(line);
  });
});
