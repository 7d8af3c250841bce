import { useMemo } from 'react';
import { gradientNormPerEpoch } from '../../../../core/experiments/compare';
import { gradientOverlayOption } from '../../../charts/compareCharts';
import { EChart } from '../../../charts/EChart';
import type { CompareItem } from './compareItems';

/** The median gradient norm per epoch of every run, against the clip norms. */
export function GradientsCard({ items }: { items: CompareItem[] }) {
  const runs = useMemo(
    () =>
      items
        .map((i) => {
          const g = i.experiment.history.gradients;
          return {
            label: i.short,
            color: i.color,
            perEpoch: gradientNormPerEpoch(g),
            clipNorm: g?.clipNorm ?? null,
          };
        })
        .filter((r) => r.perEpoch.length > 0),
    [items],
  );
  const option = useMemo(() => gradientOverlayOption(runs), [runs]);
  if (!runs.length) return null;
  return (
    <EChart
      option={option}
      height={260}
      title="Gradient norms: vanishing (falling towards 0) or exploding (spikes above the clip norm)"
      testId="gradients-chart"
    />
  );
}
