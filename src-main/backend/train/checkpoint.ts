import { MdmError } from '#shared/errors';
/**
 * Checkpoints: `<runDir>/checkpoints/step-0000123/` written to a temporary folder and renamed into place, holding
 * model.json + weights.bin (tfjs layout), ema.bin, optimizer.bin and state.json (step, config, learned diffusion, RNG and data cursor).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RunConfig } from '#shared/config/run-config';
import { resolveInside } from '../confine';
import type { DiffusionSpec } from '#shared/mdm/spec';
import type { DataShape, ModelTopology } from './model';
import type { NamedWeight } from './nn/params';
import type { DataPosition } from './data';
import type { TrainerState } from './trainer';

export const CHECKPOINT_FORMAT = 'mdm-studio-checkpoint';
const FORMAT_VERSION = 1;

/** A weights file's table of contents, as in tfjs's weightsManifest. */
interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

interface ModelJson {
  format: string;
  generatedBy: string;
  modelTopology: ModelTopology;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

interface StateJson {
  format: typeof CHECKPOINT_FORMAT;
  version: number;
  runId: number;
  step: number;
  savedAt: number;
  config: RunConfig;
  /** The diffusion at this step; a learned one carries its raw parameters in `learned`. */
  diffusion: DiffusionSpec;
  dataset: { name: string } & DataShape;
  data: DataPosition;
  /** Dropout RNG state after the last step (the next step re-seeds it from (seed, step) anyway). */
  netRngState: number;
  lastLoss: number | null;
  /** Seconds spent in training steps (absent in checkpoints written before time budgets). */
  trainSeconds?: number;
  adam: { t: number; file: string; weights: WeightSpec[] };
  ema: { updates: number; file: string; weights: WeightSpec[] } | null;
}

/** Everything a checkpoint holds, in memory. */
export interface CheckpointContents {
  runId: number;
  step: number;
  config: RunConfig;
  diffusion: DiffusionSpec;
  dataset: { name: string } & DataShape;
  topology: ModelTopology;
  weights: NamedWeight[];
  data: DataPosition;
  netRngState: number;
  trainer: TrainerState;
}

export function checkpointDirName(step: number): string {
  return `step-${String(step).padStart(7, '0')}`;
}

function toBytes(weights: NamedWeight[]): Buffer {
  const total = weights.reduce((n, w) => n + w.values.length, 0);
  const out = Buffer.alloc(total * 4);
  let offset = 0;
  for (const w of weights) {
    if (os.endianness() === 'LE') {
      out.set(new Uint8Array(w.values.buffer, w.values.byteOffset, w.values.byteLength), offset);
    } else {
      for (let i = 0; i < w.values.length; i++) out.writeFloatLE(w.values[i]!, offset + 4 * i);
    }
    offset += w.values.byteLength;
  }
  return out;
}

function fromBytes(bytes: Buffer, specs: WeightSpec[], file: string): NamedWeight[] {
  let offset = 0;
  const out = specs.map((spec) => {
    const n = spec.shape.reduce((p, s) => p * s, 1);
    if (offset + 4 * n > bytes.length)
      throw new MdmError(
        'invalid',
        `${file} is truncated: ${bytes.length} bytes, ${spec.name} needs bytes ${offset}–${offset + 4 * n}`,
      );
    let values: Float32Array;
    if (os.endianness() === 'LE') {
      values = new Float32Array(n);
      new Uint8Array(values.buffer).set(bytes.subarray(offset, offset + 4 * n));
    } else {
      values = new Float32Array(n);
      for (let i = 0; i < n; i++) values[i] = bytes.readFloatLE(offset + 4 * i);
    }
    offset += 4 * n;
    return { name: spec.name, shape: spec.shape, values };
  });
  if (offset !== bytes.length)
    throw new MdmError(
      'invalid',
      `${file} has ${bytes.length - offset} bytes more than its manifest lists`,
    );
  return out;
}

const specsOf = (weights: NamedWeight[]): WeightSpec[] =>
  weights.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' }));

/** Writes a checkpoint atomically (temp folder + rename); returns its folder and size in bytes. */
export async function saveCheckpoint(
  runDir: string,
  c: CheckpointContents,
): Promise<{ path: string; sizeBytes: number }> {
  const parent = path.join(runDir, 'checkpoints');
  await fs.mkdir(parent, { recursive: true });
  const final = path.join(parent, checkpointDirName(c.step));
  const temp = path.join(
    parent,
    `.tmp-${checkpointDirName(c.step)}-${randomBytes(4).toString('hex')}`,
  );
  await fs.mkdir(temp);
  try {
    const model: ModelJson = {
      format: CHECKPOINT_FORMAT,
      generatedBy: 'MDM Studio',
      modelTopology: c.topology,
      weightsManifest: [{ paths: ['weights.bin'], weights: specsOf(c.weights) }],
    };
    const state: StateJson = {
      format: CHECKPOINT_FORMAT,
      version: FORMAT_VERSION,
      runId: c.runId,
      step: c.step,
      savedAt: Date.now(),
      config: c.config,
      diffusion: c.diffusion,
      dataset: c.dataset,
      data: c.data,
      netRngState: c.netRngState,
      lastLoss: c.trainer.lastLoss,
      trainSeconds: c.trainer.seconds,
      adam: { t: c.trainer.adam.t, file: 'optimizer.bin', weights: specsOf(c.trainer.adam.slots) },
      ema: c.trainer.ema
        ? {
            updates: c.trainer.ema.updates,
            file: 'ema.bin',
            weights: specsOf(c.trainer.ema.weights),
          }
        : null,
    };
    const files: [string, string | Buffer][] = [
      ['model.json', JSON.stringify(model, null, 1)],
      ['weights.bin', toBytes(c.weights)],
      ['optimizer.bin', toBytes(c.trainer.adam.slots)],
      ...(c.trainer.ema ? [['ema.bin', toBytes(c.trainer.ema.weights)] as [string, Buffer]] : []),
      ['state.json', JSON.stringify(state, null, 1)],
    ];
    let sizeBytes = 0;
    for (const [name, data] of files) {
      const handle = await fs.open(path.join(temp, name), 'w');
      try {
        await handle.writeFile(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
      sizeBytes += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    }
    // A folder of the same step (a re-save after resuming there) is replaced.
    await fs.rm(final, { recursive: true, force: true });
    await fs.rename(temp, final);
    return { path: final, sizeBytes };
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
}

function damaged(file: string, reason: string): MdmError {
  return new MdmError('invalid', `checkpoint ${file} is damaged: ${reason}`);
}

async function readJson<T>(file: string): Promise<T> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw code === 'ENOENT'
      ? new MdmError('not_found', `${file} does not exist: not a checkpoint folder`)
      : new MdmError('invalid', `cannot read ${file}: ${String(error)}`);
  }
  try {
    return JSON.parse(text) as T;
  } catch {
    throw damaged(file, 'not valid JSON');
  }
}

const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;

/** The fields a resume relies on, checked, so a damaged state.json is refused with its reason. */
function checkState(file: string, value: unknown): StateJson {
  const state = value as Partial<StateJson> | null;
  if (typeof state !== 'object' || state === null || Array.isArray(state))
    throw damaged(file, 'not a JSON object');
  if (
    state.format !== CHECKPOINT_FORMAT ||
    !isCount(state.version) ||
    state.version > FORMAT_VERSION
  )
    throw damaged(
      file,
      `checkpoint format ${String(state.format)} v${String(state.version)} is not one this version reads`,
    );
  if (!isCount(state.step))
    throw damaged(file, `step ${JSON.stringify(state.step)} is not an integer ≥ 0`);
  if (!isCount(state.runId))
    throw damaged(file, `runId ${JSON.stringify(state.runId)} is not an integer ≥ 0`);
  if (typeof state.adam !== 'object' || state.adam === null || !isCount(state.adam.t))
    throw damaged(file, 'adam is missing or has no step count');
  return state as StateJson;
}

/** Reads and checks a checkpoint's state.json synchronously (the run manager refuses a damaged resume up front). */
export function readCheckpointState(dir: string): { step: number } {
  const file = path.join(dir, 'state.json');
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw damaged(file, code ? `cannot read it (${code})` : 'not valid JSON');
  }
  return { step: checkState(file, value).step };
}

/** Reads a checkpoint folder back; a missing or damaged file is an error naming it. */
export async function loadCheckpoint(dir: string): Promise<CheckpointContents> {
  const stateFile = path.join(dir, 'state.json');
  const state = checkState(stateFile, await readJson<unknown>(stateFile));
  const model = await readJson<ModelJson>(path.join(dir, 'model.json'));
  const group = model.weightsManifest[0];
  if (!group) throw new MdmError('invalid', `${dir}/model.json lists no weights`);
  // Every file name in state.json and model.json is data: it may only name a file in this folder.
  const inside = (file: unknown) => resolveInside(dir, file, 'checkpoint file');
  const read = async (file: string, specs: WeightSpec[]) =>
    fromBytes(await fs.readFile(inside(file)), specs, inside(file));
  const shards = await Promise.all(group.paths.map((p) => fs.readFile(inside(p))));
  const netWeights = fromBytes(
    Buffer.concat(shards),
    group.weights,
    path.join(dir, group.paths.join('+')),
  );
  const adamSlots = await read(state.adam.file, state.adam.weights);
  const ema = state.ema
    ? { updates: state.ema.updates, weights: await read(state.ema.file, state.ema.weights) }
    : null;
  return {
    runId: state.runId,
    step: state.step,
    config: state.config,
    diffusion: state.diffusion,
    dataset: state.dataset,
    topology: model.modelTopology,
    weights: netWeights,
    data: state.data,
    netRngState: state.netRngState,
    trainer: {
      step: state.step,
      lastLoss: state.lastLoss,
      seconds: state.trainSeconds ?? 0,
      adam: { t: state.adam.t, slots: adamSlots },
      ema,
    },
  };
}
