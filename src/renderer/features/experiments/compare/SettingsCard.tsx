import { useMemo, useState } from 'react';
import { settingsRows } from '../../../../core/experiments/compare';
import { downloadBlob } from '../../../charts/download';
import { toCsv } from '../../../../core/common/csvWrite';
import { CheckField } from '../../../components/fields';
import type { CompareItem } from './compareItems';
import { RunHeader } from './RunHeader';

/** Every setting of the runs side by side, differences marked (only the differences by default). */
export function SettingsCard({ items }: { items: CompareItem[] }) {
  const [onlyDiff, setOnlyDiff] = useState(true);
  const rows = useMemo(() => settingsRows(items.map((i) => i.experiment)), [items]);
  const differing = rows.filter((r) => r.differs);
  const shown = onlyDiff ? differing : rows;
  const exportCsv = () =>
    downloadBlob(
      toCsv(
        ['setting', ...items.map((i) => `${i.letter}: ${i.experiment.name}`)],
        rows.map((r) => [r.label, ...r.values]),
      ),
      'compare-settings.csv',
      'text/csv',
    );
  return (
    <section className="card" data-testid="settings-card">
      <header className="card-header">
        <h2>Settings</h2>
        <div className="row-gap">
          <CheckField
            label={`Only differences (${differing.length} of ${rows.length})`}
            checked={onlyDiff}
            onChange={setOnlyDiff}
            testId="only-differences"
          />
          <button className="small" onClick={exportCsv}>
            CSV
          </button>
        </div>
      </header>
      {shown.length === 0 ? (
        <p className="muted">
          All {rows.length} settings are the same: the runs differ only by chance (or not at all).
        </p>
      ) : (
        <div className="scroll-x">
          <table className="table compact compare-table" data-testid="settings-table">
            <thead>
              <tr>
                <th>Setting</th>
                {items.map((i) => (
                  <RunHeader key={i.experiment.id} item={i} />
                ))}
              </tr>
            </thead>
            <tbody>
              {shown.map((r) => (
                <tr
                  key={r.key}
                  className={r.differs ? 'differs' : undefined}
                  data-testid="setting-row"
                  data-key={r.key}
                >
                  <th scope="row">
                    {r.label}
                    {r.differs && !onlyDiff && (
                      <span className="differs-mark" title="Differs between the runs">
                        ≠
                      </span>
                    )}
                  </th>
                  {r.values.map((v, i) => (
                    <td key={i} className={r.standsOut[i] ? 'diff' : r.differs ? 'same-in-diff' : undefined}>
                      {v}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
