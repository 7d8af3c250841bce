import { formatDuration, formatInteger, formatNumber } from '../../../core/common/format';
import { Fragment, memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ExperimentSort, ExperimentSummary } from '../../../core/api';
import { lab } from '../../api/client';
import { downloadBlob, toCsv } from '../../charts/download';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useLab } from '../../state/store';
import { experimentModelLabel } from '../../../core/experiments/compare';
import { experimentFacts } from '../../../core/experiments/facts';
import { CELL_LABELS } from '../../../core/model/cells';
import { MAX_COMPARE } from './compare/compareItems';
import { canOpen, PAGE_SIZES, useExperiments, type HistoryQuery } from './experimentsStore';
import { shortDate, skillText } from './format';
import { RerunBanner } from './RerunBanner';

interface Column {
  sort: ExperimentSort | null;
  label: string;
  title?: string;
  num?: boolean;
}

const COLUMNS: Column[] = [
  { sort: 'name', label: 'Name' },
  { sort: 'kind', label: 'Kind' },
  { sort: 'dataset', label: 'Dataset' },
  { sort: 'cell', label: 'Cell' },
  { sort: 'units', label: 'Size', title: 'Layers × units per layer (sorts by units)', num: true },
  { sort: 'lookback', label: 'Lookback', num: true },
  { sort: 'horizon', label: 'Horizon', num: true },
  { sort: 'epochs', label: 'Epochs', title: 'Maximum epochs of the run', num: true },
  {
    sort: 'metric',
    label: 'Metric',
    title:
      'Forecasts: MASE on the test part, with the skill against seasonal naive. Melodies: log-likelihood per step; memory challenges: accuracy. Sorting by it ranks forecasts (lower first) and puts runs without a lower-is-better metric last.',
    num: true,
  },
  { sort: 'status', label: 'Status' },
  { sort: 'duration', label: 'Duration', num: true },
  { sort: 'created', label: 'Created' },
];

/** The experiment history: filters, sortable columns, paging, selection, and each run's details. */
export function HistoryView() {
  const { items, total, loading, error, facets, selected, query } = useExperiments();
  const { setQuery, compare, clearSelection, exportRuns, importFile, setSelected, remove } =
    useExperiments.getState();
  const [expanded, setExpanded] = useState<number | null>(null);
  const toggle = useCallback(
    (id: number) => setExpanded((current) => (current === id ? null : id)),
    [setExpanded],
  );
  const [deleting, setDeleting] = useState<ExperimentSummary[] | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const selectedIds = [...selected.keys()];
  const pageAllSelected = !!items?.length && items.every((e) => selected.has(e.id));
  const filtered = !!(
    query.kind ||
    query.datasetId !== undefined ||
    query.cell ||
    query.status ||
    query.tag ||
    query.text.trim()
  );

  const sortBy = (sort: ExperimentSort) => {
    const order: 'asc' | 'desc' =
      query.sort === sort
        ? query.order === 'asc'
          ? 'desc'
          : 'asc'
        : sort === 'created' || sort === 'duration'
          ? 'desc'
          : 'asc';
    setQuery({ sort, order });
  };

  return (
    <>
      <header className="view-header experiments-header">
        <h1>Experiments</h1>
        <span className="muted" data-testid="experiments-count">
          {filtered && facets
            ? `${total.toLocaleString()} of ${facets.total.toLocaleString()}`
            : `${total.toLocaleString()} saved`}
        </span>
        <span className="header-actions">
          <button
            className="small"
            onClick={() => void exportHistoryCsv(query, total)}
            disabled={!total}
            title="The rows matching the filters, as CSV"
          >
            CSV
          </button>
          <button
            className="small"
            onClick={() => fileInput.current?.click()}
            data-testid="import-experiments"
            title="Import experiments exported from RNN Lab (.rnnlab)"
          >
            Import…
          </button>
          <input
            ref={fileInput}
            type="file"
            accept=".rnnlab,.gz,.json"
            hidden
            data-testid="import-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importFile(file);
            }}
          />
        </span>
      </header>
      <RerunBanner />
      <Filters />
      {selectedIds.length > 0 && (
        <div
          className="selection-bar"
          data-testid="selection-bar"
          role="toolbar"
          aria-label="Selected experiments"
        >
          <strong>{selectedIds.length} selected</strong>
          <button
            className="primary small"
            onClick={() => compare(selectedIds)}
            disabled={selectedIds.length < 2 || selectedIds.length > MAX_COMPARE}
            title={
              selectedIds.length > MAX_COMPARE
                ? `Compare at most ${MAX_COMPARE} at once`
                : 'Settings, metrics, curves and forecasts side by side'
            }
            data-testid="compare-button"
          >
            Compare
            {selectedIds.length >= 2 && selectedIds.length <= MAX_COMPARE ? ` ${selectedIds.length}` : ''}
          </button>
          <button
            className="small"
            onClick={() => void exportRuns(selectedIds)}
            data-testid="export-selected"
            title="One file with the runs whole (weights included) and their datasets"
          >
            Export…
          </button>
          <button
            className="small"
            onClick={() => setDeleting([...selected.values()])}
            data-testid="delete-selected"
          >
            Delete…
          </button>
          <button className="small link" onClick={clearSelection}>
            Clear selection
          </button>
          {selectedIds.length === 1 && <span className="muted small">Select one more to compare.</span>}
        </div>
      )}
      {error && (
        <p className="error-text" role="alert">
          {error}
        </p>
      )}
      {items && items.length === 0 && !loading && (
        <p className="empty" data-testid="experiments-empty">
          {filtered
            ? 'No experiment matches these filters.'
            : 'No experiments yet. Train a forecast or continue a melody; every run is saved here.'}
        </p>
      )}
      {total > query.limit && <Pager query={query} total={total} />}
      {items && items.length > 0 && (
        <div className={`table-wrap ${loading ? 'is-loading' : ''}`}>
          <table className="table history-table" data-testid="experiments-table">
            <thead>
              <tr>
                <th className="check-col">
                  <input
                    type="checkbox"
                    aria-label="Select this page"
                    checked={pageAllSelected}
                    onChange={(e) => setSelected(items, e.target.checked)}
                  />
                </th>
                {COLUMNS.map((c) => (
                  <th
                    key={c.label}
                    className={c.num ? 'num' : undefined}
                    title={c.title}
                    aria-sort={
                      c.sort && query.sort === c.sort
                        ? query.order === 'asc'
                          ? 'ascending'
                          : 'descending'
                        : undefined
                    }
                  >
                    {c.sort ? (
                      <button
                        className={`sort ${query.sort === c.sort ? 'on' : ''}`}
                        onClick={() => sortBy(c.sort as ExperimentSort)}
                        data-testid={`sort-${c.sort}`}
                      >
                        {c.label}
                        <span className="sort-mark" aria-hidden>
                          {query.sort === c.sort ? (query.order === 'asc' ? '▲' : '▼') : '↕'}
                        </span>
                      </button>
                    ) : (
                      c.label
                    )}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <Fragment key={e.id}>
                  <Row experiment={e} expanded={expanded === e.id} onToggle={toggle} />
                  {expanded === e.id && <DetailsRow experiment={e} onDelete={() => setDeleting([e])} />}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > 0 && <Pager query={query} total={total} />}
      {deleting && (
        <ConfirmDialog
          title={
            deleting.length === 1 ? `Delete “${deleting[0].name}”?` : `Delete ${deleting.length} experiments?`
          }
          confirmLabel={deleting.length === 1 ? 'Delete' : `Delete ${deleting.length}`}
          danger
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const ids = deleting.map((e) => e.id);
            setDeleting(null);
            setExpanded(null);
            void remove(ids);
          }}
        >
          <p>
            {deleting.length === 1
              ? 'Its settings, metrics, curves, forecasts and model are'
              : 'Their settings, metrics, curves, forecasts and models are'}{' '}
            removed from the lab. This cannot be undone; export {deleting.length === 1 ? 'it' : 'them'} first
            to keep a copy.
          </p>
          {deleting.length > 1 && (
            <ul className="plain-list small">
              {deleting.slice(0, 6).map((e) => (
                <li key={e.id}>{e.name}</li>
              ))}
              {deleting.length > 6 && <li className="muted">and {deleting.length - 6} more</li>}
            </ul>
          )}
        </ConfirmDialog>
      )}
    </>
  );
}

async function exportHistoryCsv(query: HistoryQuery, total: number): Promise<void> {
  const rows: unknown[][] = [];
  const header = [
    'id',
    'uid',
    'name',
    'kind',
    'dataset',
    'cell',
    'layers',
    'units',
    'lookback',
    'horizon',
    'epochs',
    'metric',
    'metric_value',
    'skill_vs_seasonal_naive',
    'status',
    'backend',
    'duration_s',
    'created',
    'tags',
    'notes',
  ];
  try {
    for (let offset = 0; offset < Math.min(total, 10_000); offset += 1000) {
      const page = await lab['experiments:list']({
        kind: query.kind,
        datasetId: query.datasetId,
        cell: query.cell,
        status: query.status,
        tag: query.tag,
        text: query.text.trim() || undefined,
        sort: query.sort,
        order: query.order,
        limit: 1000,
        offset,
      });
      for (const e of page.items) {
        const f = experimentFacts(e);
        const skill = skillText(e);
        rows.push([
          e.id,
          e.uid,
          e.name,
          e.kind,
          e.datasetName ?? '',
          f.cell,
          f.layers,
          f.units,
          f.lookback ?? '',
          f.horizon ?? '',
          f.epochs ?? '',
          f.headline?.name ?? '',
          f.headline?.value ?? '',
          skill?.text ?? '',
          e.status,
          e.backend,
          e.durationMs / 1000,
          e.createdAt,
          e.tags.join(' '),
          e.notes,
        ]);
      }
      if (page.items.length < 1000) break;
    }
    downloadBlob(toCsv(header, rows), 'experiments.csv', 'text/csv');
  } catch (error) {
    useLab.getState().toast('error', `Could not export the table: ${(error as Error).message}`);
  }
}

function Filters() {
  const query = useExperiments((s) => s.query);
  const facets = useExperiments((s) => s.facets);
  const setQuery = useExperiments.getState().setQuery;
  const [text, setText] = useState(query.text);
  const [shownText, setShownText] = useState(query.text);
  if (shownText !== query.text) {
    // Cleared from outside ("Clear filters").
    setShownText(query.text);
    setText(query.text);
  }
  useEffect(() => {
    if (text === query.text) return;
    const timer = setTimeout(() => setQuery({ text }), 250);
    return () => clearTimeout(timer);
  }, [text, query.text, setQuery]);
  const any = !!(
    query.kind ||
    query.datasetId !== undefined ||
    query.cell ||
    query.status ||
    query.tag ||
    query.text
  );
  const select = <T extends string>(
    label: string,
    value: string | undefined,
    options: { value: string; label: string }[],
    onChange: (v: T | undefined) => void,
    testId: string,
  ) => (
    <label className="filter">
      <span className="field-label">{label}</span>
      <select
        value={value ?? ''}
        onChange={(e) => onChange((e.target.value || undefined) as T | undefined)}
        data-testid={testId}
      >
        <option value="">all</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  const counted = (
    list: { value: string; count: number }[] | undefined,
    label: (v: string) => string = (v) => v,
  ) => (list ?? []).map((f) => ({ value: f.value, label: `${label(f.value)} (${f.count})` }));
  return (
    <div className="filters" role="search">
      <label className="filter search">
        <span className="field-label">Search</span>
        <input
          type="search"
          placeholder="name, notes, tag, dataset or #id"
          value={text}
          onChange={(e) => setText(e.target.value)}
          data-testid="experiments-search"
        />
      </label>
      {select(
        'Kind',
        query.kind,
        counted(facets?.kinds),
        (kind) => setQuery({ kind: kind as HistoryQuery['kind'] }),
        'filter-kind',
      )}
      {select(
        'Dataset',
        query.datasetId === undefined ? undefined : String(query.datasetId),
        (facets?.datasets ?? []).map((d) => ({ value: String(d.id), label: `${d.name} (${d.count})` })),
        (id) => setQuery({ datasetId: id === undefined ? undefined : Number(id) }),
        'filter-dataset',
      )}
      {select(
        'Cell',
        query.cell,
        counted(facets?.cells, (c) => c.toUpperCase()),
        (cell) => setQuery({ cell }),
        'filter-cell',
      )}
      {select(
        'Status',
        query.status,
        counted(facets?.statuses),
        (status) => setQuery({ status: status as HistoryQuery['status'] }),
        'filter-status',
      )}
      {select('Tag', query.tag, counted(facets?.tags), (tag) => setQuery({ tag }), 'filter-tag')}
      {any && (
        <button
          className="small link"
          onClick={() =>
            setQuery({
              kind: undefined,
              datasetId: undefined,
              cell: undefined,
              status: undefined,
              tag: undefined,
              text: '',
            })
          }
        >
          Clear filters
        </button>
      )}
    </div>
  );
}

/** One history row; memoised, so a page re-renders only the rows whose run, selection or disclosure changed. */
const Row = memo(function Row({
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

function DetailsRow({ experiment: e, onDelete }: { experiment: ExperimentSummary; onDelete(): void }) {
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

function Pager({ query, total }: { query: HistoryQuery; total: number }) {
  const setQuery = useExperiments.getState().setQuery;
  const from = query.offset + 1;
  const to = Math.min(total, query.offset + query.limit);
  const page = Math.floor(query.offset / query.limit) + 1;
  const pages = Math.max(1, Math.ceil(total / query.limit));
  return (
    <nav className="pager" aria-label="Pages">
      <span className="muted">
        {from.toLocaleString()}–{to.toLocaleString()} of {total.toLocaleString()}
      </span>
      <button
        className="small"
        onClick={() => setQuery({ offset: 0 })}
        disabled={page === 1}
        aria-label="First page"
      >
        «
      </button>
      <button
        className="small"
        onClick={() => setQuery({ offset: query.offset - query.limit })}
        disabled={page === 1}
        aria-label="Previous page"
      >
        ‹
      </button>
      <span className="small">
        page {page} of {pages}
      </span>
      <button
        className="small"
        onClick={() => setQuery({ offset: query.offset + query.limit })}
        disabled={page >= pages}
        aria-label="Next page"
        data-testid="next-page"
      >
        ›
      </button>
      <button
        className="small"
        onClick={() => setQuery({ offset: (pages - 1) * query.limit })}
        disabled={page >= pages}
        aria-label="Last page"
      >
        »
      </button>
      <label className="inline-field">
        rows
        <select value={query.limit} onChange={(e) => setQuery({ limit: Number(e.target.value), offset: 0 })}>
          {PAGE_SIZES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
    </nav>
  );
}
