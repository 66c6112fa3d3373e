/** The training batches of a run as a function of the step: epoch e is the dataset's (seed, e) order, so a resumed run reads the same batches. */
import { MdmError } from '#shared/errors';
import type { DataTransformKind } from '#shared/mdm/transforms';
import type { Batch, Dataset } from '../datasets/index';

export interface DataCursorOptions {
  batchSize: number;
  seed: number;
  transform: DataTransformKind;
  /** Random horizontal flips (flippable image datasets only). */
  flip: boolean;
}

/** Where step s (0-based) reads: batch `index` of epoch `epoch`. */
export interface DataPosition {
  epoch: number;
  index: number;
}

export class DataCursor {
  readonly stepsPerEpoch: number;
  private epoch = -1;
  private next = 0;
  private iterator: Iterator<Batch> | null = null;

  constructor(
    private readonly dataset: Dataset,
    private readonly options: DataCursorOptions,
  ) {
    const count = dataset.info.splits.train;
    if (options.batchSize > count)
      throw new MdmError(
        'invalid',
        `batch size ${options.batchSize} is larger than the ${count} training examples of ${dataset.info.name}`,
      );
    this.stepsPerEpoch = Math.floor(count / options.batchSize);
  }

  position(step: number): DataPosition {
    return { epoch: Math.floor(step / this.stepsPerEpoch), index: step % this.stepsPerEpoch };
  }

  /** The batch of step `step` (0-based); sequential calls stream, a jump replays the epoch up to it (dequantization noise is sequential). */
  batchAt(step: number): Batch {
    const { epoch, index } = this.position(step);
    if (epoch !== this.epoch || index < this.next || !this.iterator) {
      this.iterator = this.dataset.batches('train', {
        batchSize: this.options.batchSize,
        seed: this.options.seed,
        epoch,
        transform: this.options.transform,
        flip: this.options.flip,
        shuffle: true,
        dropLast: true,
      });
      this.epoch = epoch;
      this.next = 0;
    }
    for (;;) {
      const result = this.iterator.next();
      if (result.done) throw new Error(`epoch ${epoch} ended before batch ${index}`);
      this.next += 1;
      if (this.next - 1 === index) return result.value;
    }
  }
}
