/** A run's model in a few words, whatever its kind. */
import type { ExperimentSummary } from '../../api/schemas';
import { modelLabel } from '../../model/cells';

/** A run's model in a few words: "LSTM 2×64" (forecasts and melodies), "GRU 1×32" (memory challenges). */
export function experimentModelLabel(e: ExperimentSummary): string {
  switch (e.kind) {
    case 'forecast':
      return modelLabel(e.config);
    case 'melody':
      return e.config.model.label;
    case 'memory':
      return modelLabel({ cell: e.config.cell, layers: 1, units: e.config.units });
    case 'global':
      return `${modelLabel(e.config.settings)} · ${e.metrics.series} series`;
  }
}
