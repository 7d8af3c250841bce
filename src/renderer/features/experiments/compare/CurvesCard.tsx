import { useMemo, useState } from 'react';
import { smoothCurve } from '../../../../core/experiments/compare';
import { trainingCurvesOption } from '../../../charts/compareCharts';
import { downloadBlob } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { EChart } from '../../../charts/EChart';
import { CheckField } from '../../../components/fields';
import type { CompareItem } from './compareItems';

/** Training and validation loss per epoch of every run, overlaid, with smoothing and a log scale. */
export function CurvesCard({ items }: { items: CompareItem[] }) {
  const [smoothing, setSmoothing] = useState(0);
  const [logScale, setLogScale] = useState(true);
  const [show, setShow] = useState<'both' | 'loss' | 'val'>('both');
  const withCurves = useMemo(() => items.filter((i) => i.experiment.history.loss.length > 0), [items]);
  const option = useMemo(
    () =>
      trainingCurvesOption(
        withCurves.map((i) => {
          const h = i.experiment.history;
          return {
            label: i.short,
            color: i.color,
            loss: smoothCurve(h.loss, smoothing),
            valLoss: smoothCurve(h.valLoss, smoothing),
            bestEpoch: h.bestEpoch,
          };
        }),
        { logScale, show },
      ),
    [withCurves, smoothing, logScale, show],
  );
  if (!withCurves.length) return null;
  const exportCsv = () => {
    const epochs = Math.max(...withCurves.map((i) => i.experiment.history.loss.length));
    const header = [
      'epoch',
      ...withCurves.flatMap((i) => [`${i.letter} loss`, `${i.letter} validation loss`]),
    ];
    const rows = Array.from({ length: epochs }, (_, e) => [
      e + 1,
      ...withCurves.flatMap((i) => {
        const h = i.experiment.history;
        return [h.loss[e] ?? '', h.valLoss[e] ?? ''];
      }),
    ]);
    downloadBlob(toCsv(header, rows), 'compare-training-curves.csv', 'text/csv');
  };
  return (
    <EChart
      option={option}
      height={320}
      title="Training curves"
      testId="curves-chart"
      actions={
        <>
          <span className="segmented" role="group" aria-label="Curves shown">
            {(
              [
                ['both', 'Both'],
                ['loss', 'Training'],
                ['val', 'Validation'],
              ] as const
            ).map(([value, label]) => (
              <button
                key={value}
                className={`small ${show === value ? 'on' : ''}`}
                aria-pressed={show === value}
                onClick={() => setShow(value)}
              >
                {label}
              </button>
            ))}
          </span>
          <label className="inline-field" title="Exponential moving average, as in TensorBoard">
            smoothing
            <input
              type="range"
              min={0}
              max={0.95}
              step={0.05}
              value={smoothing}
              onChange={(e) => setSmoothing(Number(e.target.value))}
              data-testid="smoothing"
              className="slider"
            />
            <span className="slider-value">{smoothing.toFixed(2)}</span>
          </label>
          <CheckField label="log scale" checked={logScale} onChange={setLogScale} testId="log-scale" />
          <button className="small" onClick={exportCsv}>
            CSV
          </button>
        </>
      }
    />
  );
}
