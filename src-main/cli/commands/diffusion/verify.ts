import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { MdmError } from '#shared/errors';
import { defineCommand } from '../../command';
import { validateSpec } from '#shared/mdm/validate';
import { verifyExactScore, type VerifyReport } from '#shared/mdm/tensor/verify';
import { diffusionFlags, specFromOptions } from './options';
import { formatPairs } from './format';

const TERM_KEYS = {
  prior: 'prior',
  diffusion: 'diffusion',
  auxEntropy: 'aux_entropy',
  offset: 'offset',
} as const;

/** The report as the stable snake_case JSON of `mdm diffusion verify --json`. */
function toJson(report: VerifyReport, extra: Record<string, unknown>): Record<string, unknown> {
  const terms = Object.fromEntries(
    Object.entries(report.terms).map(([key, t]) => [TERM_KEYS[key as keyof typeof TERM_KEYS], t]),
  );
  return {
    k: report.k,
    elbo_mc: report.elboMc,
    elbo_mc_stderr: report.elboMcStderr,
    elbo_expected: report.elboExpected,
    log_px: report.logPx,
    gap: report.gap,
    terms,
    ...extra,
  };
}

/** `mdm diffusion verify`: the exact-score check of docs/science.md §4 for Gaussian data. */
export const verifyCommand = defineCommand({
  name: 'verify',
  summary: 'the exact-score check of docs/science.md §4: ELBO of Gaussian data vs log p(x)',
  synopsis: 'mdm diffusion verify (--preset NAME | --q JSON --d JSON) [options]',
  flags: {
    ...diffusionFlags,
    x: { type: 'number', default: 0.3, help: 'the data point' },
    mu: { type: 'number', default: 0.1, help: 'mean of the Gaussian data law' },
    var: { type: 'number', above: 0, default: 0.25, help: 'variance of the Gaussian data law' },
    samples: { type: 'int', min: 2, default: 20000, help: 'Monte Carlo samples' },
    'mc-seed': { type: 'int', min: 0, default: 0, help: 'seed of the Monte Carlo samples' },
  },
  async run(values, _positionals, io) {
    const spec = specFromOptions(values);
    const { x, mu, samples } = values;
    const variance = values.var;
    const seed = values['mc-seed'];
    const errors = validateSpec(spec);
    if (errors.length > 0) throw new MdmError('invalid', `invalid diffusion: ${errors.join('; ')}`);
    await tf.setBackend('cpu');
    const report = verifyExactScore(spec, { x, data: { mu, variance }, samples, seed });
    const z = (report.elboMc - report.elboExpected) / report.elboMcStderr;
    if (values.json) {
      io.out(
        JSON.stringify(
          toJson(report, { name: spec.name, x, mu, var: variance, samples, z }),
          null,
          2,
        ),
      );
      return 0;
    }
    const fmt = (v: number): string => v.toFixed(5);
    io.out(
      [
        `Exact-score check for ${spec.name} (K = ${spec.k}): x = ${x}, data N(${mu}, ${variance}), ${samples} samples`,
        formatPairs([
          ['log p(x) exact', fmt(report.logPx)],
          ['E[ELBO] closed form', fmt(report.elboExpected)],
          ['gap log p(x) − E[ELBO]', fmt(report.gap)],
          [
            'ELBO Monte Carlo',
            `${fmt(report.elboMc)} ± ${fmt(report.elboMcStderr)} (z = ${z.toFixed(2)})`,
          ],
        ]),
        'Terms (nats)       Monte Carlo              closed form',
        ...Object.entries(report.terms).map(
          ([key, t]) =>
            `  ${key.padEnd(16)} ${fmt(t.mc).padStart(10)} ± ${fmt(t.stderr)}   ${fmt(t.expected).padStart(10)}`,
        ),
      ].join('\n'),
    );
    return 0;
  },
});
