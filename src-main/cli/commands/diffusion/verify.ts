import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { UsageError, type CliIO } from '../../command';
import { validateSpec } from '#shared/mdm/validate';
import { verifyExactScore, type VerifyReport } from '#shared/mdm/tensor/verify';
import { diffusionOptions, numberOption, parseOptions, specFromOptions } from './options';
import { formatPairs } from './format';

const verifyOptions = {
  ...diffusionOptions,
  x: { type: 'string' },
  mu: { type: 'string' },
  var: { type: 'string' },
  samples: { type: 'string' },
  'mc-seed': { type: 'string' },
} as const;

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
export async function runVerify(args: string[], io: CliIO): Promise<number> {
  const values = parseOptions(args, verifyOptions);
  const spec = specFromOptions(values);
  const x = numberOption(values, 'x', 0.3, (v) => (Number.isFinite(v) ? null : 'must be finite'));
  const mu = numberOption(values, 'mu', 0.1, (v) => (Number.isFinite(v) ? null : 'must be finite'));
  const variance = numberOption(values, 'var', 0.25, (v) =>
    v > 0 && Number.isFinite(v) ? null : 'must be > 0',
  );
  const samples = numberOption(values, 'samples', 20000, (v) =>
    Number.isInteger(v) && v >= 2 ? null : 'must be an integer ≥ 2',
  );
  const seed = numberOption(values, 'mc-seed', 0, (v) =>
    Number.isInteger(v) && v >= 0 ? null : 'must be an integer ≥ 0',
  );
  const errors = validateSpec(spec);
  if (errors.length > 0) throw new UsageError(`invalid diffusion: ${errors.join('; ')}`);
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
}
