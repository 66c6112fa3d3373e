import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Handlers } from '#shared/api/contract';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { verifyExactScore } from '#shared/mdm/tensor/verify';

/** docs/science.md §4's check: x = 0.3 from N(0.1, 0.25). */
const checkData = { x: 0.3, data: { mu: 0.1, variance: 0.25 } };

/** 'diffusion-verify': the exact-score check for the designer's "verify" button (runs on the cpu backend). */
export function verifyHandler(): Pick<Handlers, 'diffusion-verify'> {
  return {
    'diffusion-verify': async ({ diffusion, samples, seed }) => {
      const spec = specOfChoice(diffusion, seed ?? 0);
      if (tf.getBackend() !== 'cpu') await tf.setBackend('cpu');
      return verifyExactScore(spec, { ...checkData, samples: samples ?? 4000, seed: seed ?? 0 });
    },
  };
}
