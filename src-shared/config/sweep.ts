/** A sweep: a grid of diffusions × seeds (× at most one other setting) under one protocol, queued as tagged runs. */
import * as s from '../api/schema';
import type { Infer } from '../api/schema';
import { diffusionChoiceSchema } from './run-config';

/** Run settings a sweep may vary besides the diffusion and the seed. */
export const SWEEP_AXES = ['clipScale', 'learningRate', 'model', 'steps', 'budgetMinutes'] as const;

export const sweepSpecSchema = s.object({
  name: s.string({ minLength: 1, maxLength: 200 }),
  protocol: s.literal('paper', 'budget', 'custom'),
  dataset: s.string({ minLength: 1, maxLength: 200 }),
  /** Each diffusion with the label its row carries (vpsde, learned-3, a saved design's name). */
  diffusions: s.array(
    s.object({ label: s.string({ minLength: 1, maxLength: 100 }), choice: diffusionChoiceSchema }),
    { maxLength: 32 },
  ),
  seeds: s.array(s.number({ integer: true, min: 0 }), { maxLength: 32 }),
  /** At most one other setting, with the values it takes. */
  vary: s.optional(
    s.object({
      key: s.literal(...SWEEP_AXES),
      values: s.array(s.json(), { maxLength: 8 }),
    }),
  ),
  /** Settings every member run shares (model, steps, minutes, …), merged under the protocol's. */
  settings: s.optional(s.json()),
});
export type SweepSpec = Infer<typeof sweepSpecSchema>;

/**
 * Test BPD of the submission version of Singhal et al. (2023), Table 2: MNIST with the 1.5M U-Net,
 * CIFAR-10 with the 35.7M U-Net; learned is K = 2.
 */
export const PAPER_BPD: Record<string, Record<string, number>> = {
  mnist: { vpsde: 1.089, cld: 0.92, 'learned-2': 0.96, alda: 2.061, malda: 0.507 },
  cifar10: { vpsde: 3.36, cld: 3.563, 'learned-2': 3.009, alda: 4.7, malda: 2.634 },
};
export const PAPER_BPD_SOURCE = 'submission version of the paper';

/** The paper's number for a diffusion label on a dataset, if it reports one. */
export function paperBpd(dataset: string, label: string): number | null {
  return PAPER_BPD[dataset]?.[label] ?? null;
}
