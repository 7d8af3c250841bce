import { useState } from 'react';
import type { ExperimentSummary } from '../../../../core/api';
import { experimentModelLabel } from '../../../../core/experiments/compare';
import { experimentFacts } from '../../../../core/experiments/facts';
import { useExperiments } from '../experimentsStore';
import { COLUMNS } from './columns';

export function DetailsRow({ experiment: e, onDelete }: { experiment: ExperimentSummary; onDelete(): void }) {
  const { update, duplicate, rerunExperiment, exportRuns, setQuery } = useExperiments.getState();
  const rerun = useExperiments((s) => s.rerun);
  const [notes, setNotes] = useState(e.notes);
  const [tagDraft, setTagDraft] = useState('');
  const busy = !!rerun && ['loading', 'training', 'saving'].includes(rerun.stage);
  const verdict = experimentFacts(e).verdict;
  const addTag = async () => {
    const tags = tagDraft
      .split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    if (!tags.length) return;
    if (await update(e.id, { tags: [...new Set([...e.tags, ...tags])] })) setTagDraft('');
  };
  return (
    <tr className="details-row" data-testid="experiment-details">
      <td />
      <td colSpan={COLUMNS.length + 1}>
        <div className="details">
          <div className="details-main">
            {verdict && <p className="details-verdict">{verdict}</p>}
            <p className="muted small">
              {experimentModelLabel(e)} · {e.backend || 'unknown backend'} ·{' '}
              {e.hasWeights ? 'model saved' : 'no saved model'} · uid <code>{e.uid.slice(0, 12)}</code>
              {e.parentUid && (
                <>
                  {' '}
                  ·{' '}
                  <button
                    className="link small"
                    onClick={() => setQuery({ text: e.parentUid ?? '' })}
                    title={`Show the run this one repeats (uid ${e.parentUid})`}
                  >
                    derived from {e.parentUid.slice(0, 8)}…
                  </button>
                </>
              )}
            </p>
            <div className="tag-editor">
              <span className="field-label">Tags</span>
              {e.tags.map((t) => (
                <span key={t} className="tag removable">
                  {t}
                  <button
                    className="icon-button"
                    aria-label={`Remove tag ${t}`}
                    onClick={() => void update(e.id, { tags: e.tags.filter((x) => x !== t) })}
                  >
                    ×
                  </button>
                </span>
              ))}
              <input
                value={tagDraft}
                placeholder="add a tag"
                maxLength={60}
                aria-label="New tag"
                onChange={(ev) => setTagDraft(ev.target.value)}
                onKeyDown={(ev) => ev.key === 'Enter' && void addTag()}
                data-testid="tag-input"
              />
              <button className="small" onClick={() => void addTag()} disabled={!tagDraft.trim()}>
                Add
              </button>
            </div>
            <label className="notes-editor">
              <span className="field-label">Notes</span>
              <textarea
                value={notes}
                rows={3}
                placeholder="What was this run for? What did you learn?"
                onChange={(ev) => setNotes(ev.target.value)}
                onBlur={() => notes !== e.notes && void update(e.id, { notes })}
                data-testid="notes-input"
              />
            </label>
          </div>
          <div className="details-actions">
            {e.kind === 'forecast' && (
              <>
                <button
                  className="small"
                  onClick={() => void duplicate(e.id)}
                  disabled={e.datasetId === null}
                  title="Open the forecast setup with this run's dataset and settings"
                  data-testid="duplicate-button"
                >
                  Duplicate as new
                </button>
                <button
                  className="small"
                  onClick={() => void rerunExperiment(e.id)}
                  disabled={busy || e.datasetId === null}
                  title="Train again with the same data, settings and seed, and check the metrics match"
                  data-testid="rerun-button"
                >
                  Re-run
                </button>
              </>
            )}
            <button className="small" onClick={() => void exportRuns([e.id])} data-testid="export-one">
              Export…
            </button>
            <button className="small danger-outline" onClick={onDelete} data-testid="delete-one">
              Delete…
            </button>
          </div>
        </div>
      </td>
    </tr>
  );
}
