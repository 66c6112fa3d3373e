import { describe, expect, it } from 'vitest';
import * as heatmap from '../../../src-renderer/lib/runs/heatmap';

describe('heatmap colour scale', () => {
  it('is symmetric about zero over all matrices', () => {
    expect(
      heatmap.symmetricBound([
        [
          [0, -3],
          [3, 0],
        ],
        [[1.5]],
      ]),
    ).toBe(3);
    expect(heatmap.symmetricBound([[[0]]])).toBe(1);
  });

  it('maps zero to the middle, ±bound to the ends, and clamps beyond', () => {
    expect(heatmap.divergingColor(0, 2)).toEqual([247, 247, 247]);
    expect(heatmap.divergingColor(0, 2, true)).toEqual([42, 45, 53]);
    expect(heatmap.divergingColor(-2, 2)).toEqual([33, 102, 172]);
    expect(heatmap.divergingColor(2, 2)).toEqual([178, 24, 43]);
    expect(heatmap.divergingColor(5, 2)).toEqual(heatmap.divergingColor(2, 2));
    expect(heatmap.divergingColor(Number.NaN, 2)).toEqual([128, 128, 128]);
  });

  it('is monotone in each half: more negative is bluer, more positive is redder', () => {
    const blue = [0.25, 0.5, 0.75, 1].map((t) => heatmap.divergingColor(-t, 1)[0]);
    const red = [0.25, 0.5, 0.75, 1].map((t) => heatmap.divergingColor(t, 1)[2]);
    for (let i = 1; i < 4; i++) {
      expect(blue[i]!).toBeLessThan(blue[i - 1]!);
      expect(red[i]!).toBeLessThan(red[i - 1]!);
    }
  });

  it('picks readable text and formats cells', () => {
    expect(heatmap.textColorOn(heatmap.divergingColor(0, 1))).toBe('#000');
    expect(heatmap.textColorOn(heatmap.divergingColor(1, 1))).toBe('#fff');
    expect(heatmap.textColorOn(heatmap.divergingColor(-1, 1))).toBe('#fff');
    expect(heatmap.formatCell(0)).toBe('0');
    expect(heatmap.formatCell(-1.23456)).toBe('-1.23');
    expect(heatmap.formatCell(0.001234)).toBe('1.2e-3');
  });
});
