import type { Handlers } from '#shared/api/contract';
import { specOfChoice } from '#shared/config/diffusion-choice';
import { offThreadComputer, type ComputeOptions } from '../compute/off-thread';

/** 'diffusion-verify': the exact-score check for the designer's "verify" button, in a worker thread with a deadline. */
export function verifyHandler(options: ComputeOptions = {}): Pick<Handlers, 'diffusion-verify'> {
  const compute = offThreadComputer(options);
  return {
    'diffusion-verify': async ({ diffusion, samples, seed }) =>
      compute({
        kind: 'verify',
        spec: specOfChoice(diffusion, seed ?? 0),
        samples: samples ?? 4000,
        seed: seed ?? 0,
      }),
  };
}
