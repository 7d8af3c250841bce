import type { ExperimentSort } from '../../../../core/api';

export interface Column {
  sort: ExperimentSort | null;
  label: string;
  title?: string;
  num?: boolean;
}

/** The history table's columns, with the sort each header asks for. */
export const COLUMNS: Column[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'kind', label: 'Kind' },
  { sort: 'dataset', label: 'Dataset' },
  { sort: 'cell', label: 'Cell' },
  { sort: 'units', label: 'Size', title: 'Layers × units per layer (sorts by units)', num: true },
  { sort: 'lookback', label: 'Lookback', num: true },
  { sort: 'horizon', label: 'Horizon', num: true },
  { sort: 'epochs', label: 'Epochs', title: 'Maximum epochs of the run', num: true },
  {
    sort: 'metric',
    label: 'Metric',
    title:
      'Forecasts: MASE on the test part, with the skill against seasonal naive. Melodies: log-likelihood per step; memory challenges: accuracy. Sorting by it puts the best runs first (lowest MASE, highest log-likelihood or accuracy) and runs without a metric last.',
    num: true,
  },
  { sort: 'status', label: 'Status' },
  { sort: 'duration', label: 'Duration', num: true },
  { sort: 'created', label: 'Created' },
];
