/**
 * Settings of the memory challenge (see challenge.ts) and the choices around them: sizes, training budget, data,
 * curriculum and gate initialisations. Pure data: the UI thread imports it without loading tfjs.
 */
import { DEFAULT_GATE_INIT, type GateInit, type GateInitKind } from '../model/gateInit';
import type { CellType } from '../model/cells';
import type { ChallengeTask } from './challengeTasks';

/** Longest lag (copy) or sequence (adding) the app offers; the CLI goes further. */
export const MAX_CHALLENGE_LAG = 200;

/** Where training examples come from. */
export const CHALLENGE_DATA = ['fresh', 'fixed'] as const;
export type ChallengeData = (typeof CHALLENGE_DATA)[number];

/** Sizes and training settings of a challenge run. */
export interface ChallengeSettings {
  /** Recurrent units (default 32). */
  units: number;
  /** Symbols of the copy task (default 8). */
  symbols: number;
  /** Copy task: random symbols before the marked one (default 5), so the marked symbol must overwrite the state. */
  prefix: number;
  /** Training examples per epoch (default 1024); the validation accuracy is checked after each epoch. */
  trainSize: number;
  /** Validation examples, for keeping the best epoch and deciding when the task is solved (default 256). */
  validationSize: number;
  /** Test examples the accuracy is measured on (default 512). */
  testSize: number;
  /** Most epochs (default 15); with `maxSteps`, derived from it (see resolveChallengeSettings). */
  epochs: number;
  /** Default 16. */
  batchSize: number;
  /** Adam learning rate (default 0.02). */
  learningRate: number;
  /** Global gradient-norm clip (default 1). */
  clipNorm: number;
  /** The task counts as solved, and training stops, once the validation accuracy after an epoch reaches this share (default 0.99). */
  stopAt: number;
  /**
   * 'fresh' (default): every batch is new examples from the seeded generator, an endless stream in which an epoch
   * is `trainSize` examples; 'fixed': epochs over one set of `trainSize` examples (runs saved before this setting).
   */
  data: ChallengeData;
  /**
   * The training budget in steps ("train until solved or N steps"), rounded up to whole epochs; null: `epochs`
   * epochs (default).
   */
  maxSteps: number | null;
  /**
   * Curriculum: train first at a short lag and double it each time the validation accuracy at that lag reaches
   * CURRICULUM_ADVANCE, up to the asked lag (sequences keep their full length throughout). Default off.
   */
  curriculum: boolean;
}

/** Default challenge settings. */
export const DEFAULT_CHALLENGE_SETTINGS: Readonly<ChallengeSettings> = {
  units: 32,
  symbols: 8,
  prefix: 5,
  trainSize: 1024,
  validationSize: 256,
  testSize: 512,
  epochs: 15,
  batchSize: 16,
  learningRate: 0.02,
  clipNorm: 1,
  stopAt: 0.99,
  data: 'fresh',
  maxSteps: null,
  curriculum: false,
};

/** The step budget the app proposes. */
export const DEFAULT_CHALLENGE_BUDGET = 2000;

/** Validation accuracy at the current curriculum lag that moves training on to the next lag. */
export const CURRICULUM_ADVANCE = 0.9;
/** The first lag of a curriculum (or the asked lag, when shorter). */
export const CURRICULUM_START = 10;

/** Training steps per epoch. */
export function stepsPerEpoch(settings: Pick<ChallengeSettings, 'trainSize' | 'batchSize'>): number {
  return Math.ceil(settings.trainSize / settings.batchSize);
}

/** Fills defaults; with a step budget, `epochs` becomes the whole epochs that budget needs. */
export function resolveChallengeSettings(settings: Partial<ChallengeSettings> = {}): ChallengeSettings {
  const s: ChallengeSettings = { ...DEFAULT_CHALLENGE_SETTINGS, ...settings };
  return s.maxSteps === null ? s : { ...s, epochs: Math.ceil(s.maxSteps / stepsPerEpoch(s)) };
}

/** The lags a curriculum trains at on its way to `lag`: CURRICULUM_START, doubled, …, `lag`. */
export function curriculumLags(lag: number): number[] {
  const lags: number[] = [];
  for (let k = Math.min(CURRICULUM_START, lag); k < lag; k *= 2) lags.push(k);
  lags.push(lag);
  return lags;
}

/** Time steps of one example of `task` at `lag`: copy prefix + lag + 1, adding `lag`. */
export function challengeSteps(task: ChallengeTask, lag: number, prefix: number): number {
  return task === 'copy' ? prefix + lag + 1 : lag;
}

/**
 * The gate initialisation of one run: the default forget bias, or chrono with `tMax` (null: the task's sequence
 * length, the longest dependency it holds).
 */
export function challengeGateInit(kind: GateInitKind, tMax: number | null, steps: number): GateInit {
  return kind === 'chrono' ? { kind: 'chrono', tMax: Math.max(3, tMax ?? steps) } : { ...DEFAULT_GATE_INIT };
}

/** "chrono" or "default": how legends and summaries tell the initialisations apart. */
export function challengeInitName(init: GateInit): string {
  return init.kind === 'chrono' ? 'chrono' : 'default';
}

/** One series of a challenge: a cell with an initialisation (a SimpleRNN's has no gates to initialise). */
export function challengeSeriesKey(record: { cell: CellType; gateInit: GateInit }): string {
  return record.cell === 'rnn' ? 'rnn' : `${record.cell}:${record.gateInit.kind}`;
}
