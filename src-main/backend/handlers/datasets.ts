import type { Handlers } from '#shared/api/contract';
import { MdmError } from '#shared/errors';
import { listDatasets, openDataset } from '../datasets/index';
import { encodePng } from '../export/png';

/** The datasets half of the contract: what can be trained on, a grid of examples for the picker, 2-D points for the scatter. */
export function datasetHandlers(
  dataDir: string,
): Pick<Handlers, 'datasets-list' | 'datasets-thumbnail' | 'datasets-points'> {
  return {
    'datasets-list': () => listDatasets(dataDir),
    'datasets-thumbnail': async ({ name, count }) => {
      const image = (await openDataset(name, dataDir)).thumbnails({ count: count ?? 16 });
      return {
        pngBase64: encodePng(image).toString('base64'),
        width: image.width,
        height: image.height,
      };
    },
    'datasets-points': async ({ name, count }) => {
      const dataset = await openDataset(name, dataDir);
      if (dataset.info.kind !== 'points') {
        throw new MdmError('invalid', `name: dataset ${name} holds images, not 2-D points`);
      }
      const batches = dataset.batches('train', {
        batchSize: count ?? 2000,
        seed: 0,
        shuffle: false,
      });
      return { points: Array.from(batches.next().value?.x ?? []) };
    },
  };
}
