import type { VerifyReport } from '#shared/mdm/tensor/verify';
import type { DiffusionSpec } from '#shared/mdm/spec';
import type { ErrorCode } from '#shared/errors';

/** A computation the main thread hands to a compute worker (never run on the main thread: it may be slow). */
export type ComputeRequest = {
  kind: 'verify';
  spec: DiffusionSpec;
  samples: number;
  seed: number;
};

/** What a compute worker answers, once. */
export type ComputeReply =
  { ok: true; result: VerifyReport } | { ok: false; error: { code: ErrorCode; message: string } };
