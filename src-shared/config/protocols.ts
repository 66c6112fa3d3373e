/** Named, versioned training-and-evaluation protocols: which run settings each fixes, and where a run differs from the paper's. */
import { MdmError } from '../errors';
import { parseRunConfig, type DiffusionChoice, type RunConfig } from './run-config';

export const PROTOCOL_NAMES = ['paper', 'budget', 'custom'] as const;
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

/** What a protocol needs to know about the dataset a run trains on. */
export interface DatasetFacts {
  name: string;
  kind: 'image' | 'points';
  /** Per-example shape, [H, W, C] for images. */
  shape: number[];
  splits: { train: number; test: number };
  /** Whether random horizontal flips are a meaningful augmentation (CIFAR-10, ImageNet32). */
  flippable: boolean;
}

export interface ProtocolInfo {
  name: ProtocolName;
  version: number;
  summary: string;
  /** What the authors' code does that this protocol knowingly does not reproduce. */
  notReproduced: string[];
}

/** Training length of the paper's runs (Singhal et al. 2023, appendix; the authors' configs: n_epochs 300). */
export const PAPER_EPOCHS = 300;

const PAPER_NOT_REPRODUCED = [
  'the authors report the checkpoint with the best test loss; a run here reports its last step',
  'the authors scale the diffusion term by (1 − t_min) twice (about 0.1% higher BPD); not reproduced',
];

export const PROTOCOLS: Record<ProtocolName, ProtocolInfo> = {
  paper: {
    name: 'paper',
    version: 1,
    summary:
      "the authors' settings: batch 128, Adam lr 2e-4, no warm-up, no EMA, 300 epochs, gradient-norm clip 2 on the per-image loss in nats, learned Q and D from U(±1/√K), flips on CIFAR-10, the mnist/cifar U-Net, the full test set",
    notReproduced: PAPER_NOT_REPRODUCED,
  },
  budget: {
    name: 'budget',
    version: 2,
    summary:
      "the paper's optimiser (Adam lr 2e-4, no warm-up, no EMA, clip 2, learned Q and D from U(±1/√K), flips on CIFAR-10) for a fixed number of steps or minutes; model, clip scale, batch size (default 128) and test examples (default the full test set) free to fit the machine",
    notReproduced: PAPER_NOT_REPRODUCED,
  },
  custom: {
    name: 'custom',
    version: 1,
    summary: 'every setting as chosen; nothing is fixed',
    notReproduced: [],
  },
};

/** "paper v1": how a run's protocol is shown beside its BPD. */
export function protocolLabel(config: { protocol?: unknown; protocolVersion?: unknown }): string {
  const name = typeof config.protocol === 'string' ? config.protocol : 'custom';
  const version = typeof config.protocolVersion === 'number' ? config.protocolVersion : 1;
  return `${name} v${version}`;
}

/** The paper's score network for a dataset: the 1.5M-parameter U-Net at 28×28, the 35.7M one above, an MLP for points. */
function paperModel(data: DatasetFacts): RunConfig['model'] {
  if (data.kind === 'points') return 'mlp';
  return (data.shape[0] ?? 0) <= 28 ? 'mnist' : 'cifar';
}

type Pinned = Partial<Omit<RunConfig, 'diffusion'>>;

/** The settings `protocol` fixes on this dataset (the diffusion's learned init is fixed separately). */
export function pinnedSettings(protocol: ProtocolName, data: DatasetFacts): Pinned {
  if (protocol === 'custom') return {};
  const shared: Pinned = {
    learningRate: 2e-4,
    warmupSteps: 0,
    emaDecay: 0,
    gradClip: 2,
    hflip: data.flippable,
  };
  if (protocol === 'budget') return shared;
  return {
    ...shared,
    ...paperScale(data),
    clipScale: 'per-image',
    model: paperModel(data),
    steps: PAPER_EPOCHS * Math.floor(data.splits.train / 128),
    budgetMinutes: 0,
  };
}

/** The paper's batch size and test set: fixed by `paper`, the defaults of `budget` (v2 lets a CPU-sized run choose them). */
function paperScale(data: DatasetFacts): Pinned {
  return { batchSize: 128, evalImages: data.splits.test };
}

/** Settings `protocol` fills in where the user gives none (and lets the user change). */
export function protocolDefaults(protocol: ProtocolName, data: DatasetFacts): Pinned {
  return protocol === 'budget' ? paperScale(data) : {};
}

const SETTING_LABELS: Record<string, string> = {
  batchSize: 'batch size',
  learningRate: 'learning rate',
  diffusionLearningRate: 'diffusion learning rate',
  warmupSteps: 'warm-up steps',
  emaDecay: 'EMA decay',
  gradClip: 'gradient clip',
  clipScale: 'clip scale',
  evalImages: 'test examples',
  hflip: 'horizontal flips',
  model: 'model',
  steps: 'steps',
  budgetMinutes: 'time budget',
  'diffusion.init': 'learned initialisation',
};

function conflict(protocol: ProtocolName, key: string, value: unknown): MdmError {
  const label = SETTING_LABELS[key] ?? key;
  const fixed = value === undefined ? 'the network learning rate' : JSON.stringify(value);
  return new MdmError(
    'invalid',
    `protocol ${protocol} sets the ${label} to ${fixed}: leave it out or choose protocol custom`,
    { field: key },
  );
}

function withLearnedInit(diffusion: DiffusionChoice): DiffusionChoice {
  return diffusion.preset === 'learned' ? { ...diffusion, init: 'uniform' } : diffusion;
}

/**
 * A run's configuration: the user's settings merged over the defaults, then the protocol's fixed
 * settings for this dataset. A given setting that contradicts the protocol is an error naming it.
 */
export function resolveRunConfig(input: unknown, data: DatasetFacts): RunConfig {
  const given = (typeof input === 'object' && input !== null ? input : {}) as Record<
    string,
    unknown
  >;
  const base = parseRunConfig(given);
  if (base.hflip && !data.flippable)
    throw new MdmError('invalid', `horizontal flips: dataset ${data.name} does not offer them`, {
      field: 'hflip',
    });
  const protocol = base.protocol;
  const pins = pinnedSettings(protocol, data);
  for (const [key, value] of Object.entries(pins)) {
    if (given[key] !== undefined && given[key] !== value) throw conflict(protocol, key, value);
  }
  if (protocol === 'custom')
    return { ...base, protocolVersion: PROTOCOLS.custom.version, diffusion: base.diffusion };
  if (given.diffusionLearningRate !== undefined)
    throw conflict(protocol, 'diffusionLearningRate', undefined);
  if (base.diffusion.init === 'normal') throw conflict(protocol, 'diffusion.init', 'uniform');
  const defaults = Object.entries(protocolDefaults(protocol, data)).filter(
    ([key]) => given[key] === undefined,
  );
  const resolved: RunConfig = {
    ...base,
    ...Object.fromEntries(defaults),
    ...pins,
    protocolVersion: PROTOCOLS[protocol].version,
    diffusion: withLearnedInit(base.diffusion),
  };
  return parseRunConfig(resolved);
}

/** One setting where a run differs from the paper's protocol, as the run form and `mdm train --help` list it. */
export interface PaperDifference {
  setting: string;
  value: string;
  paper: string;
}

const onOff = (on: boolean) => (on ? 'on' : 'off');

/**
 * Where `config` differs from the paper's protocol. With the dataset known the paper's values are
 * concrete (steps, test examples, model); without it they are described ("300 epochs").
 */
export function paperDifferences(config: RunConfig, data: DatasetFacts | null): PaperDifference[] {
  const pins = data ? pinnedSettings('paper', data) : null;
  const rows: [string, string, string][] = [
    ['batch size', String(config.batchSize), '128'],
    ['learning rate', String(config.learningRate), '0.0002'],
    [
      'diffusion learning rate',
      config.diffusionLearningRate === undefined
        ? 'same as the network'
        : String(config.diffusionLearningRate),
      'same as the network',
    ],
    ['warm-up steps', String(config.warmupSteps), '0'],
    ['EMA', config.emaDecay > 0 ? `decay ${config.emaDecay}` : 'off', 'off'],
    ['gradient clip', String(config.gradClip), '2'],
    ['clip scale', config.clipScale, 'per-image'],
    [
      'learned initialisation',
      config.diffusion.preset !== 'learned'
        ? 'U(±1/√K)'
        : config.diffusion.init === 'uniform'
          ? 'U(±1/√K)'
          : 'N(0, 1), lower triangle',
      'U(±1/√K)',
    ],
    ['model', config.model, pins ? String(pins.model) : 'mnist (MNIST), cifar (CIFAR-10)'],
    [
      'steps',
      String(config.steps),
      pins ? `${pins.steps} (${PAPER_EPOCHS} epochs)` : `${PAPER_EPOCHS} epochs`,
    ],
    [
      'test examples',
      String(config.evalImages),
      pins ? `${pins.evalImages} (the full test set)` : 'the full test set',
    ],
    ['horizontal flips', onOff(config.hflip), pins ? onOff(pins.hflip!) : 'on for CIFAR-10'],
  ];
  const same = (value: string, paper: string) => value === paper || paper.startsWith(`${value} (`);
  return rows
    .filter(([, value, paper]) => !same(value, paper))
    .map(([setting, value, paper]) => ({ setting, value, paper }));
}
