import type { CompareItem } from './compareItems';

/** The run's letter on its colour. */
export function Chip({ item }: { item: Pick<CompareItem, 'letter' | 'color'> }) {
  return (
    <span className="run-chip" style={{ background: item.color }} aria-hidden>
      {item.letter}
    </span>
  );
}

/** A table column header naming a compared run. */
export function RunHeader({ item }: { item: CompareItem }) {
  return (
    <th className="run-col" title={item.experiment.name}>
      <Chip item={item} />
      <span className="run-col-name">{item.experiment.name}</span>
    </th>
  );
}
