/** The facts the history lists for a run of any kind, read from its typed payload. */
import type { ExperimentSummary } from '../api/schemas';
import type { CellType } from '../model/cells';
import type { Headline } from './common';

/** What the history's columns show; null where a kind has no such setting. */
export interface ExperimentFacts {
  cell: CellType;
  layers: number;
  units: number;
  /** Input steps per window (forecasts). */
  lookback: number | null;
  /** Steps forecast at once (forecasts). */
  horizon: number | null;
  /** Epochs asked for (the most a run trains); null for a melody continued by the base model. */
  epochs: number | null;
  headline: Headline | null;
  /** The verdict sentence of a forecast; null for other kinds or a run without scores. */
  verdict: string | null;
}

/** The history's facts of one run. */
export function experimentFacts(e: ExperimentSummary): ExperimentFacts {
  switch (e.kind) {
    case 'forecast':
      return {
        cell: e.config.cell,
        layers: e.config.layers,
        units: e.config.units,
        lookback: e.config.lookback,
        horizon: e.config.horizon,
        epochs: e.config.epochs,
        headline: e.metrics.headline,
        verdict: e.metrics.scores?.verdict ?? null,
      };
    case 'melody':
      return {
        cell: e.config.cell,
        layers: e.config.model.spec.layers,
        units: e.config.model.spec.units,
        lookback: null,
        horizon: null,
        epochs: e.config.training?.epochs ?? null,
        headline: e.metrics.headline,
        verdict: null,
      };
    case 'memory':
      return {
        cell: e.config.cell,
        layers: 1,
        units: e.config.units,
        lookback: null,
        horizon: null,
        epochs: e.config.epochs,
        headline: e.metrics.headline,
        verdict: null,
      };
    case 'global':
      return {
        cell: e.config.cell,
        layers: e.config.settings.layers,
        units: e.config.settings.units,
        lookback: e.config.settings.inputSize,
        horizon: e.config.horizon,
        epochs: e.config.settings.epochs,
        headline: e.metrics.headline,
        verdict: null,
      };
  }
}
