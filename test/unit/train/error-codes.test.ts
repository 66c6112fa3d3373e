import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { presetSpec } from '#shared/mdm/spec';
import { loadCheckpoint } from '../../../src-main/backend/train/checkpoint';
import { topologyFor } from '../../../src-main/backend/train/model';

describe('training refusals carry a code', () => {
  it("a model that cannot fit the data is 'invalid'", () => {
    expect(() => topologyFor('mlp', { kind: 'image', shape: [28, 28, 1] }, 2)).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
    expect(() => topologyFor('tiny', { kind: 'points', shape: [1, 1, 2] }, 2)).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
  });

  it("a checkpoint folder that is not there is 'not_found'", async () => {
    const dir = path.join(os.tmpdir(), 'mdm-no-such-checkpoint');
    await expect(loadCheckpoint(dir)).rejects.toMatchObject({ code: 'not_found' });
  });

  it("malda with K < 2 is 'invalid'", () => {
    expect(() => presetSpec('malda', { k: 1 })).toThrow(
      expect.objectContaining({ code: 'invalid' }),
    );
  });
});
