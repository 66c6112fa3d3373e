import { describe, expect, it } from 'vitest';
import { fromWire, toWire } from '../../../src-main/backend/cluster/wire';

describe('worker messages over HTTP', () => {
  it("carry a sample's PNG and its 2-D points as base64, back to the same bytes and floats", () => {
    const points = Float32Array.from([0.25, -1.5, 3.1415927, 1e-30]);
    const png = Uint8Array.from([137, 80, 78, 71]);
    const message = {
      type: 'sample',
      step: 20,
      kind: 'scatter',
      png,
      width: 1,
      height: 1,
      points,
    } as const;
    const wire = JSON.parse(JSON.stringify(toWire(message))) as ReturnType<typeof toWire>;
    expect(fromWire(wire)).toEqual(message);
    const { points: _points, ...image } = message;
    expect(
      fromWire(JSON.parse(JSON.stringify(toWire(image))) as ReturnType<typeof toWire>),
    ).toEqual(image);
  });
});
