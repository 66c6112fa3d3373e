export type SplitName = 'train' | 'test';

/** 'image': uint8 pixels [H, W, C]; 'points': continuous 2-D toy data [2]. */
export const DATASET_KINDS = ['image', 'points'] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** What the registry knows about a dataset without reading its examples. */
export interface DatasetInfo {
  name: string;
  title: string;
  kind: DatasetKind;
  shape: number[];
  numClasses: number;
  splits: Record<SplitName, number>;
  /** Whether random horizontal flips are a meaningful augmentation (CIFAR-10, ImageNet32). */
  flippable: boolean;
  origin: 'builtin' | 'imported' | 'generated';
}
