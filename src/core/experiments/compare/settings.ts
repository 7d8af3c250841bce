/** Settings side by side: every setting of the compared runs, their differences and what stands out. */
import type { ExperimentSummary } from '../../api/schemas';
import { recurrentParameterCount } from '../../model/cells';
import { gateInitLabel, isGateInit } from '../../model/gateInit';
import type { ForecastRunConfig } from '../forecast';

const SETTING_LABELS: Record<string, string> = {
  'run.kind': 'Kind',
  'run.dataset': 'Dataset',
  'run.status': 'Status',
  'run.backend': 'Backend (ran on)',
  'run.parameters': 'Trainable parameters',
  target: 'Target column',
  key: 'Series key',
  features: 'Extra input columns',
  seasonLength: 'Season length',
  cell: 'Cell',
  layers: 'Layers',
  units: 'Units per layer',
  dropout: 'Dropout',
  gateInit: 'Gate initialisation',
  'training.gateInit': 'Training · gate initialisation',
  lookback: 'Lookback (steps)',
  horizon: 'Horizon (steps)',
  'split.train': 'Train share',
  'split.val': 'Validation share',
  'split.test': 'Test share',
  scaling: 'Scaling',
  differencing: 'Differencing',
  missing: 'Missing values',
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  batchSize: 'Batch size',
  epochs: 'Epochs (max)',
  patience: 'Early-stopping patience',
  clipNorm: 'Gradient clip norm',
  seed: 'Seed',
  backend: 'Backend (asked)',
  mode: 'Mode',
};

/** Settings in reading order; others follow alphabetically. */
const SETTING_ORDER = [
  'run.kind',
  'run.dataset',
  'target',
  'key',
  'features',
  'seasonLength',
  'mode',
  'cell',
  'layers',
  'units',
  'run.parameters',
  'gateInit',
  'dropout',
  'lookback',
  'horizon',
  'split.train',
  'split.val',
  'split.test',
  'scaling',
  'differencing',
  'missing',
  'optimizer',
  'learningRate',
  'batchSize',
  'epochs',
  'patience',
  'clipNorm',
  'seed',
  'backend',
  'run.backend',
  'run.status',
];

export interface SettingRow {
  key: string;
  label: string;
  /** Display text per experiment ('—' when absent). */
  values: string[];
  /** Numeric value per experiment, for the parallel-coordinates chart. */
  numbers: (number | null)[];
  differs: boolean;
  /**
   * Per experiment: whether its value stands out. When one value is shared by most runs, the others stand
   * out; when there is no such majority (two runs, all different), every value of a differing row does.
   */
  standsOut: boolean[];
}

function flatten(value: unknown, prefix: string, out: Map<string, unknown>, depth: number): void {
  if (isGateInit(value)) {
    // One row in words ("chrono, T_max 100"), not one per field.
    out.set(prefix, gateInitLabel(value));
  } else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out, depth + 1);
  } else {
    out.set(prefix, value);
  }
}

/** A setting's value as text: numbers compactly, lists joined, null as "none". */
export function settingText(value: unknown): string {
  if (value === undefined) return '—';
  if (value === null) return 'none';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)));
  if (Array.isArray(value)) return value.length ? value.map(settingText).join(', ') : 'none';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function labelOf(key: string): string {
  if (SETTING_LABELS[key]) return SETTING_LABELS[key];
  const parts = key.split('.');
  return parts
    .map((p) => p.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase())
    .join(' · ')
    .replace(/^./, (c) => c.toUpperCase());
}

/** Trainable parameters of a forecast network: stacked recurrent layers and a dense head. */
export function forecastParameterCount(config: ForecastRunConfig): number {
  const { cell, layers, units, horizon } = config;
  return recurrentParameterCount(cell, layers, units, 1 + config.features.length) + units * horizon + horizon;
}

/** Every setting of the runs, run facts first; `differs` marks rows whose values are not all the same. */
export function settingsRows(experiments: readonly ExperimentSummary[]): SettingRow[] {
  const flat = experiments.map((e) => {
    const m = new Map<string, unknown>();
    m.set('run.kind', e.kind);
    m.set('run.dataset', e.datasetName ?? (e.datasetId === null ? undefined : `#${e.datasetId}`));
    flatten(e.config, '', m, 0);
    if (e.kind === 'forecast') m.set('run.parameters', forecastParameterCount(e.config));
    m.set('run.backend', e.backend);
    m.set('run.status', e.status);
    return m;
  });
  const keys = new Set<string>();
  for (const m of flat) for (const k of m.keys()) keys.add(k);
  const order = (k: string) => {
    const i = SETTING_ORDER.indexOf(k);
    return i >= 0 ? i : SETTING_ORDER.length;
  };
  return [...keys]
    .filter((k) => flat.some((m) => m.get(k) !== undefined))
    .sort((a, b) => order(a) - order(b) || a.localeCompare(b))
    .map((key) => {
      const raw = flat.map((m) => m.get(key));
      const texts = raw.map(settingText);
      const differs = texts.some((t) => t !== texts[0]);
      const counts = new Map<string, number>();
      for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
      const top = Math.max(...counts.values());
      const majority = [...counts.entries()].filter(([, c]) => c === top);
      const common = top > 1 && majority.length === 1 ? majority[0][0] : null;
      return {
        key,
        label: labelOf(key),
        values: texts,
        numbers: raw.map((v) =>
          typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'boolean' ? Number(v) : null,
        ),
        differs,
        standsOut: texts.map((t) => differs && (common === null || t !== common)),
      };
    });
}
