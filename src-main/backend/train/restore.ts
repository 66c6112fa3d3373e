/** Rebuilds a trained model from a checkpoint folder, for evaluation and sampling outside training (CLI, exports). */
import { createTensorDiffusion, type TensorDiffusion } from '#shared/mdm/tensor/diffusion';
import type { EpsModel } from '#shared/mdm/tensor/elbo';
import { openDataset, type Dataset } from '../datasets/index';
import { loadCheckpoint, type CheckpointContents } from './checkpoint';
import { buildNet } from './model';
import type { ScoreNet } from './nn/score-net';

export interface RestoredModel {
  checkpoint: CheckpointContents;
  net: ScoreNet;
  diffusion: TensorDiffusion;
  /** The network as an ε-model, with the EMA weights when the run kept them. */
  model: EpsModel;
  usesEma: boolean;
  dispose(): void;
}

/** Loads a checkpoint's network (EMA weights if any) and diffusion; the tfjs backend must already be selected. */
export async function restoreModel(dir: string): Promise<RestoredModel> {
  const checkpoint = await loadCheckpoint(dir);
  const net = buildNet(checkpoint.topology, checkpoint.config.seed);
  const ema = checkpoint.trainer.ema;
  net.setWeights(ema ? ema.weights : checkpoint.weights);
  const diffusion = createTensorDiffusion(checkpoint.diffusion);
  return {
    checkpoint,
    net,
    diffusion,
    model: (u, t) => net.apply(u, t, false),
    usesEma: ema !== null,
    dispose() {
      for (const v of net.variables) v.dispose();
      diffusion.dispose();
    },
  };
}

/** The checkpoint's dataset, from the data folder given (or the default one). */
export async function openCheckpointDataset(
  c: CheckpointContents,
  dataRoot?: string,
): Promise<Dataset> {
  return openDataset(c.dataset.name, dataRoot);
}
