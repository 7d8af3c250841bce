import { formatDuration, formatNumber } from '../../../core/common/format';
import { useEffect, useMemo } from 'react';
import { CELL_LABELS } from '../../../core/model/spec';
import { EChart } from '../../charts/EChart';
import { lossChartOption } from '../../charts/forecastCharts';
import { ProgressBar } from '../../components/ProgressBar';
import { StopButton } from '../../components/StopButton';
import { useForecast } from './forecastStore';

/** Live training: progress with ETA, the loss curves per epoch, and Stop (Esc). */
export function TrainingPanel() {
  const run = useForecast((s) => s.run);
  const stop = useForecast((s) => s.stop);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') stop();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [stop]);

  // Built from the finished epochs only: progress reports arrive many times per epoch and must not redraw it.
  const epochs = run?.epochs;
  const option = useMemo(() => {
    if (!epochs) return null;
    const best = epochs.length ? epochs[epochs.length - 1].bestEpoch : null;
    return lossChartOption(
      epochs.map((e) => e.loss),
      epochs.map((e) => e.valLoss),
      best,
    );
  }, [epochs]);

  if (!run) return null;
  const p = run.progress;
  const fraction = p ? p.step / p.totalSteps : 0;
  const last = run.epochs[run.epochs.length - 1];
  const label = p
    ? `Epoch ${p.epoch + 1}/${run.config.epochs} · batch ${p.batch + 1}/${p.batchesPerEpoch} · loss ${formatNumber(p.loss)} · ${formatDuration(p.elapsedSeconds)} elapsed · about ${formatDuration(p.etaSeconds)} left`
    : 'Preparing windows and building the model…';
  return (
    <section className="card" data-testid="training">
      <header className="card-header">
        <h2>
          Training {CELL_LABELS[run.config.cell]} {run.config.layers}×{run.config.units}
        </h2>
        <StopButton
          onStop={stop}
          stopping={run.stopping}
          testId="stop-button"
          title="Stop after this batch, keeping the best weights (Esc)"
        />
      </header>
      <ProgressBar fraction={fraction} label={label} testId="train-progress" />
      {last && (
        <p className="muted small" data-testid="epoch-line">
          Last epoch: loss {formatNumber(last.loss)}, validation {formatNumber(last.valLoss)}
          {last.bestEpoch !== null ? ` · best epoch ${last.bestEpoch + 1}` : ''}
        </p>
      )}
      {option && run.epochs.length > 0 && (
        <EChart option={option} height={220} title="Loss per epoch" testId="live-loss-chart" />
      )}
    </section>
  );
}
