import type { Matrix } from '#shared/mdm/linalg/matrix';
import type { KernelKind } from '#shared/mdm/kernels';
import type { PresetName } from '#shared/mdm/spec';
import raw from './fixtures/transition-kernels.json';

/** One float64 reference kernel of ./fixtures/transition-kernels.json (rounded to 8 decimals). */
export interface FixtureCase {
  preset: PresetName;
  t: number;
  kind: KernelKind;
  phi: Matrix;
  sigma: Matrix;
}

/** Rounding of the fixture values: they carry 8 decimals. */
export const FIXTURE_ROUNDING = 5e-9;

export const fixtureCases: FixtureCase[] = Object.entries(
  raw as Record<string, { Phi: Matrix; Sigma: Matrix }>,
).map(([key, value]) => {
  const [preset, t, kind] = key.split(' ') as [PresetName, string, KernelKind];
  return { preset, t: Number(t.slice(2)), kind, phi: value.Phi, sigma: value.Sigma };
});
