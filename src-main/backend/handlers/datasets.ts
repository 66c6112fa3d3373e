import type { Handlers } from '#shared/api/contract';
import { listDatasets, openDataset } from '../datasets/index';
import { encodePng } from '../export/png';

/** The datasets half of the contract: what can be trained on, and a grid of examples for the picker. */
export function datasetHandlers(
  dataDir: string,
): Pick<Handlers, 'datasets-list' | 'datasets-thumbnail'> {
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
  };
}
