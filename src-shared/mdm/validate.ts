/** Validation of a diffusion spec with messages that name the entry at fault (docs/science.md §2). */
import { cholesky, symmetricEigenvalues } from './linalg/decompose';
import type { Matrix } from './linalg/matrix';
import { transitionKernel } from './kernels';
import { LIMITS } from './limits';
import type { DiffusionSpec } from './spec';

/** Tolerance of the skew-symmetry, symmetry and PSD checks. */
export const VALIDATION_TOLERANCE = 1e-9;

function shapeErrors(name: string, m: unknown, k: number): string[] {
  if (!Array.isArray(m)) return [`${name} must be an array of rows`];
  if (m.length !== k) return [`${name} has ${m.length} rows but K = ${k}`];
  const errors: string[] = [];
  m.forEach((row: unknown, i) => {
    if (!Array.isArray(row)) errors.push(`${name} row ${i} must be an array`);
    else if (row.length !== k)
      errors.push(`${name} row ${i} has ${row.length} entries but K = ${k}`);
    else
      row.forEach((x: unknown, j) => {
        if (typeof x !== 'number' || !Number.isFinite(x))
          errors.push(`${name}[${i}][${j}] = ${String(x)} is not a finite number`);
        else if (Math.abs(x) > LIMITS.maxEntry)
          errors.push(`${name}[${i}][${j}] = ${x} is out of range (|entry| ≤ ${LIMITS.maxEntry})`);
      });
  });
  return errors;
}

function pairErrors(name: string, m: Matrix, sign: 1 | -1): string[] {
  const errors: string[] = [];
  const want = sign === 1 ? 'symmetric' : 'skew-symmetric';
  for (let i = 0; i < m.length; i++) {
    for (let j = i; j < m.length; j++) {
      const a = m[i]![j]!;
      const b = m[j]![i]!;
      if (Math.abs(a - sign * b) <= VALIDATION_TOLERANCE) continue;
      errors.push(
        i === j
          ? `${name} is not ${want}: ${name}[${i}][${i}] = ${a} must be 0`
          : `${name} is not ${want}: ${name}[${i}][${j}] = ${a} but ${name}[${j}][${i}] = ${b}`,
      );
    }
  }
  return errors;
}

function psdErrors(d: Matrix): string[] {
  const negative = d.findIndex((row, i) => row[i]! < -VALIDATION_TOLERANCE);
  if (negative >= 0)
    return [
      `D is not positive semi-definite: D[${negative}][${negative}] = ${d[negative]![negative]} < 0`,
    ];
  const smallest = symmetricEigenvalues(d)[0]!;
  if (smallest >= -VALIDATION_TOLERANCE) return [];
  return [`D is not positive semi-definite: its smallest eigenvalue is ${smallest.toPrecision(6)}`];
}

function rangeError(name: string, x: number, min: number, max: number): string | null {
  if (Number.isFinite(x) && x >= min && x <= max) return null;
  return `${name} = ${x} must be a finite number in [${min}, ${max}]`;
}

function scalarErrors(spec: DiffusionSpec): string[] {
  const { beta0, beta1 } = spec.schedule;
  const errors = [
    rangeError('β0', beta0, 0, LIMITS.maxBeta),
    rangeError('β1', beta1, 0, LIMITS.maxBeta),
    rangeError('σv²', spec.sigmaV2, LIMITS.minSigmaV2, LIMITS.maxSigmaV2),
  ].filter((e): e is string => e !== null);
  if (errors.length === 0 && beta0 + beta1 <= 0)
    errors.push('β0 and β1 are both 0: the diffusion would not move');
  return errors;
}

/** Every problem with a spec (empty when valid): shapes, finiteness, Q skew, D symmetric PSD, noise reaching all variables. */
export function validateSpec(spec: DiffusionSpec): string[] {
  if (!Number.isInteger(spec.k) || spec.k < 1 || spec.k > LIMITS.maxK)
    return [`K = ${spec.k} must be an integer in [1, ${LIMITS.maxK}]`];
  const shapes = [...shapeErrors('Q', spec.q, spec.k), ...shapeErrors('D', spec.d, spec.k)];
  if (shapes.length > 0) return shapes;
  const structure = [
    ...pairErrors('Q', spec.q, -1),
    ...pairErrors('D', spec.d, 1),
    ...scalarErrors(spec),
  ];
  if (structure.length > 0) return structure;
  const psd = psdErrors(spec.d);
  if (psd.length > 0) return psd;
  return reachErrors(spec);
}

/** Σ_1 of the full kernel must be positive definite in float32, else the ELBO's Cholesky factor does not exist. */
function reachErrors(spec: DiffusionSpec): string[] {
  const singular =
    'the noise injected through D never reaches every variable (Σ_1 is singular): couple the variables through Q or widen D';
  let sigma: Matrix;
  try {
    sigma = transitionKernel(spec, 1, 'full').sigma;
    cholesky(sigma);
  } catch {
    return [singular];
  }
  const smallest = symmetricEigenvalues(sigma)[0]!;
  if (smallest >= LIMITS.minSigmaEigenvalue) return [];
  return [
    `Σ_1 is nearly singular (smallest eigenvalue ${smallest.toPrecision(3)} < ${LIMITS.minSigmaEigenvalue}): widen D or raise β`,
  ];
}
