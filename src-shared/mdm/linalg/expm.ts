/** Float64 matrix exponential by scaling and squaring with a diagonal Padé approximant (Higham 2005). */
import { add, identity, matMul, norm1, scale, sub, type Matrix } from './matrix';
import { MdmError } from '../../errors';
import { LIMITS } from '../limits';
import { solve } from './decompose';

const PADE_DEGREE = 8;
/** ‖A‖₁ bound under which the degree-8 Padé approximant is accurate to float64 round-off. */
const PADE_NORM = 0.5;

const padeCoefficients = ((): number[] => {
  const c = [1];
  for (let k = 1; k <= PADE_DEGREE; k++) {
    c.push((c[k - 1]! * (PADE_DEGREE - k + 1)) / (k * (2 * PADE_DEGREE - k + 1)));
  }
  return c;
})();

/** Padé approximant of exp(a) without scaling; callers keep ‖a‖₁ ≤ PADE_NORM. */
export function padeExp(a: Matrix): Matrix {
  const n = a.length;
  let power = identity(n);
  let even = scale(power, padeCoefficients[0]!);
  let odd = scale(power, 0);
  for (let k = 1; k <= PADE_DEGREE; k++) {
    power = matMul(power, a);
    const term = scale(power, padeCoefficients[k]!);
    if (k % 2 === 0) even = add(even, term);
    else odd = add(odd, term);
  }
  return solve(sub(even, odd), add(even, odd));
}

/** Number of squarings s so that ‖a‖₁ / 2^s ≤ PADE_NORM; refuses a norm that would need more than LIMITS.maxSquarings. */
export function squaringsFor(norm: number): number {
  if (norm <= PADE_NORM) return 0;
  const s = Math.ceil(Math.log2(norm / PADE_NORM));
  if (!(s <= LIMITS.maxSquarings)) {
    throw new MdmError(
      'invalid',
      `matrix exponential: norm ${norm} is out of range (needs ${s} squarings, at most ${LIMITS.maxSquarings})`,
    );
  }
  return s;
}

export function expm(a: Matrix): Matrix {
  const s = squaringsFor(norm1(a));
  let result = padeExp(scale(a, 2 ** -s));
  for (let i = 0; i < s; i++) result = matMul(result, result);
  return result;
}
