/**
 * Metric keys a run reports (docs/architecture.md §7: ELBO terms like VDM). Images: bits per dimension including the
 * transform's ldj (docs/science.md §5): bpd, bpd_prior, bpd_diffusion, bpd_aux. Points (2-D toys, no dequantization):
 * nats per dimension of −ELBO instead: npd, npd_prior, npd_diffusion, npd_aux.
 */
import type { DatasetKind } from '#shared/api/datasets';
import type { Evaluation } from '#shared/api/checkpoint-tasks';
import type { StepStats } from './trainer';

/** The per-step metrics of one training step; `ldjMean` is the batch's mean log-det-Jacobian (0 for points). */
export function stepMetrics(
  s: StepStats,
  kind: DatasetKind,
  d: number,
  ldjMean: number,
  imagesPerSec: number,
): Record<string, number> {
  const base: Record<string, number> = {
    loss: s.loss,
    elbo: s.elbo,
    grad_norm: s.gradNorm,
    grad_norm_clipped: s.gradNormClipped,
    lr: s.lr,
    images_per_sec: imagesPerSec,
  };
  if (s.gradNormDiffusion > 0) {
    base.grad_norm_diffusion = s.gradNormDiffusion;
    base.lr_diffusion = s.lrDiffusion;
  }
  if (kind === 'points') {
    return {
      ...base,
      npd: -s.elbo / d,
      npd_prior: -s.prior / d,
      npd_diffusion: -s.diffusion / d,
      npd_aux: -s.auxEntropy / d,
    };
  }
  const bits = d * Math.LN2;
  return {
    ...base,
    bpd: -(s.elbo + ldjMean) / bits + 8,
    bpd_prior: -s.prior / bits,
    bpd_diffusion: -s.diffusion / bits,
    bpd_aux: -s.auxEntropy / bits,
  };
}

/** Test metrics: test/bpd, test/bpd_stderr, each term (test/bpd_prior, …, test/bpd_offset) and test/bpd_no_offset, or the npd equivalents. */
export function evaluationMetrics(e: Evaluation): Record<string, number> {
  const p = e.unit === 'bpd' ? 'test/bpd' : 'test/npd';
  return {
    [p]: e.value,
    [`${p}_stderr`]: e.stderr,
    [`${p}_prior`]: e.terms.prior,
    [`${p}_diffusion`]: e.terms.diffusion,
    [`${p}_aux`]: e.terms.auxEntropy,
    [`${p}_offset`]: e.terms.offset,
    [`${p}_no_offset`]: e.noOffset.value,
    [`${p}_no_offset_stderr`]: e.noOffset.stderr,
    'test/images': e.count,
  };
}
