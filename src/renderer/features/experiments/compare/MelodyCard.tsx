import { MISSING } from '../../../../core/common/format';
import { melodyOf } from '../../../../core/experiments/compare';
import type { MelodyRunMetrics } from '../../../../core/experiments/melody';
import { EChart } from '../../../charts/EChart';
import { pianoRollOption } from '../../../charts/pianoRoll';
import { fmtMetric } from '../format';
import type { CompareItem } from './compareItems';
import { RunHeader } from './RunHeader';

/** The seeds and continuations of the melody runs on piano rolls, with their statistics. */
export function MelodyCard({ items }: { items: CompareItem[] }) {
  const melodies = items
    .map((item) => ({ item, melody: melodyOf(item.experiment) }))
    .filter((m) => m.melody !== null);
  if (!melodies.length) return null;
  const rows: { label: string; get: (m: MelodyRunMetrics) => string }[] = [
    { label: 'Seed key', get: (m) => m.seedKey ?? MISSING },
    { label: 'Variations', get: (m) => fmtMetric(m.variations, 'int') },
    { label: 'Steps generated', get: (m) => fmtMetric(m.steps, 'int') },
    { label: 'In key', get: (m) => fmtMetric(m.inKeyRatio, 'pct') },
    { label: 'Distinct 4-grams', get: (m) => fmtMetric(m.distinct4gramRatio, 'pct') },
    { label: 'Rests', get: (m) => fmtMetric(m.restRatio, 'pct') },
    { label: 'Log-likelihood per step', get: (m) => fmtMetric(m.meanLogLikelihood, 'num') },
  ];
  return (
    <section className="card" data-testid="melody-card">
      <h2>Melodies</h2>
      <div className="roll-grid">
        {melodies.map(({ item, melody }) => (
          <EChart
            key={item.experiment.id}
            title={`${item.short}${melody!.variations > 1 ? ` · variation 1 of ${melody!.variations}` : ''}`}
            height={200}
            option={pianoRollOption({
              notes: [
                ...melody!.seedNotes.map((n) => ({ ...n, part: 'seed' as const })),
                ...melody!.continuation.map((n) => ({ ...n, part: 'continuation' as const })),
              ],
              totalSteps: melody!.totalSteps,
              stepsPerBar: melody!.stepsPerBar,
              boundary: melody!.seedSteps,
              legend: true,
            })}
          />
        ))}
      </div>
      <table className="table compact compare-table" data-testid="melody-stats">
        <thead>
          <tr>
            <th>Statistic (mean over variations)</th>
            {melodies.map(({ item }) => (
              <RunHeader key={item.experiment.id} item={item} />
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              {melodies.map(({ item }) => (
                <td key={item.experiment.id} className="num">
                  {item.experiment.kind === 'melody' ? r.get(item.experiment.metrics) : MISSING}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
