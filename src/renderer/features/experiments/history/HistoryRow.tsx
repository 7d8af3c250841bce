import { formatDuration, formatInteger, formatNumber } from '../../../../core/common/format';
import { memo, useState } from 'react';
import type { ExperimentSummary } from '../../../../core/api';
import { experimentFacts } from '../../../../core/experiments/facts';
import { CELL_LABELS } from '../../../../core/model/cells';
import { canOpen, useExperiments } from '../experimentsStore';
import { shortDate, skillText } from '../format';

/** One history row; memoised, so a page re-renders only the rows whose run, selection or disclosure changed. */
export const Row = memo(function Row({
  experiment: e,
  expanded,
  onToggle,
}: {
  experiment: ExperimentSummary;
  expanded: boolean;
  onToggle(id: number): void;
}) {
  const selected = useExperiments((s) => s.selected.has(e.id));
  const { toggleSelected, open, update } = useExperiments.getState();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(e.name);
  const f = experimentFacts(e);
  const h = f.headline;
  const skill = skillText(e);
  const created = shortDate(e.createdAt);
  const startRename = () => {
    setDraft(e.name);
    setEditing(true);
  };
  const commit = async () => {
    setEditing(false);
    const name = draft.trim();
    if (name && name !== e.name) await update(e.id, { name });
  };
  return (
    <tr
      className={`${selected ? 'selected' : ''} ${expanded ? 'expanded' : ''}`}
      data-testid="experiment-row"
      data-id={e.id}
      onDoubleClick={() => !editing && open(e)}
    >
      <td className="check-col">
        <input
          type="checkbox"
          aria-label={`Select ${e.name}`}
          checked={selected}
          onChange={() => toggleSelected(e)}
          data-testid="select-experiment"
        />
      </td>
      <td className="name-cell">
        <button
          className="icon-button disclosure"
          aria-expanded={expanded}
          aria-label={`${expanded ? 'Hide' : 'Show'} details of ${e.name}`}
          onClick={() => onToggle(e.id)}
          data-testid="toggle-details"
        >
          {expanded ? '▾' : '▸'}
        </button>
        {editing ? (
          <input
            className="rename-input"
            aria-label={`New name for ${e.name}`}
            autoFocus
            value={draft}
            maxLength={200}
            onChange={(ev) => setDraft(ev.target.value)}
            onBlur={() => void commit()}
            onKeyDown={(ev) => {
              if (ev.key === 'Enter') void commit();
              if (ev.key === 'Escape') setEditing(false);
            }}
            onDoubleClick={(ev) => ev.stopPropagation()}
          />
        ) : (
          <span
            role="button"
            tabIndex={0}
            className="experiment-name"
            title={`${e.name} — click to rename`}
            onClick={startRename}
            onKeyDown={(ev) => (ev.key === 'Enter' || ev.key === 'F2') && startRename()}
            onDoubleClick={(ev) => ev.stopPropagation()}
            data-testid="experiment-name"
          >
            {e.name}
          </span>
        )}
        {e.tags.length > 0 && (
          <span className="tags">
            {e.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
          </span>
        )}
      </td>
      <td>
        <span className={`kind-badge kind-${e.kind}`}>{e.kind}</span>
      </td>
      <td className="dataset-cell" title={e.datasetName ?? 'dataset deleted'}>
        {e.datasetName ?? <span className="muted">—</span>}
      </td>
      <td>{CELL_LABELS[f.cell]}</td>
      <td className="num">{`${f.layers}×${f.units}`}</td>
      <td className="num">{formatInteger(f.lookback)}</td>
      <td className="num">{formatInteger(f.horizon)}</td>
      <td className="num">{formatInteger(f.epochs)}</td>
      <td className="num metric-cell" title={h?.hint}>
        {h === null ? (
          '—'
        ) : (
          <>
            <span className="metric-value">{formatNumber(h.value)}</span>
            <span className="metric-sub">
              {h.name}
              {skill && (
                <span
                  className={`skill ${skill.good ? 'good' : 'bad'}`}
                  title="Skill against seasonal naive on the same test windows: 1 − MASE/MASE(seasonal naive)"
                >
                  {skill.text}
                </span>
              )}
            </span>
          </>
        )}
      </td>
      <td>
        <span className={`status status-${e.status}`}>{e.status}</span>
      </td>
      <td className="num">{formatDuration(e.durationMs / 1000)}</td>
      <td className="created-cell" title={created.full}>
        <span>{created.day}</span>
        <span>{created.time}</span>
      </td>
      <td className="actions-cell">
        {canOpen(e.kind) && (
          <button
            className="small"
            onClick={() => open(e)}
            title={`Open in the ${e.kind === 'melody' ? 'Melody' : 'Forecast'} view`}
          >
            Open
          </button>
        )}
      </td>
    </tr>
  );
});
