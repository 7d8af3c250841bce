import { formatDuration, formatNumber } from '../../../core/common/format';
import { useEffect, useMemo } from 'react';
import { EChart, type ChartOption } from '../../charts/EChart';
import { modelLabel } from '../../../core/model/cells';
import { lossChartOption } from '../../charts/forecastCharts';
import { ProgressBar } from '../../components/ProgressBar';
import { StopButton } from '../../components/StopButton';
import { useMelody } from './melodyStore';

/** Loss per epoch with the melody loss's unit on the y axis. */
export function crossEntropyChartOption(
  loss: number[],
  valLoss: (number | null)[],
  bestEpoch: number | null,
): ChartOption {
  const option = lossChartOption(loss, valLoss, bestEpoch, false);
  return { ...option, yAxis: { type: 'value', scale: true, name: 'cross-entropy (nats / step)' } };
}

/** Live training of a melody model: progress with ETA, loss per epoch, and Stop (Esc). */
export function MelodyTrainingPanel() {
  const run = useMelody((s) => s.run);
  const stop = useMelody((s) => s.stop);

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
    if (!epochs || epochs.length === 0) return null;
    return crossEntropyChartOption(
      epochs.map((e) => e.loss),
      epochs.map((e) => e.valLoss),
      epochs[epochs.length - 1].bestEpoch,
    );
  }, [epochs]);

  if (!run) return null;
  const p = run.progress;
  const last = run.epochs[run.epochs.length - 1];
  const label = p
    ? `Epoch ${p.epoch + 1}/${run.settings.epochs} · batch ${p.batch + 1}/${p.batchesPerEpoch} · loss ${formatNumber(p.loss)} · ${formatDuration(p.elapsedSeconds)} elapsed · about ${formatDuration(p.etaSeconds)} left`
    : run.stage;
  const what =
    run.mode === 'finetune'
      ? 'Fine-tuning the base model on the seed'
      : `Training ${modelLabel(run.settings)} from scratch`;
  return (
    <section className="card" data-testid="melody-training">
      <header className="card-header">
        <h2>{what}</h2>
        <StopButton
          onStop={stop}
          stopping={run.stopping}
          testId="melody-stop"
          title="Stop after this batch, keep the best weights and generate (Esc)"
        />
      </header>
      <ProgressBar fraction={p ? p.step / p.totalSteps : 0} label={label} testId="melody-train-progress" />
      {last && (
        <p className="muted small" data-testid="melody-epoch-line">
          Last epoch: loss {formatNumber(last.loss)}
          {last.valLoss !== null ? `, validation ${formatNumber(last.valLoss)}` : ''}
          {last.bestEpoch !== null ? ` · best epoch ${last.bestEpoch + 1}` : ''}
        </p>
      )}
      {option && <EChart option={option} height={200} title="Loss per epoch" testId="melody-loss-chart" />}
    </section>
  );
}
