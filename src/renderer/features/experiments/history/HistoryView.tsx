import { Fragment, useCallback, useRef, useState } from 'react';
import type { ExperimentSort, ExperimentSummary } from '../../../../core/api';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { MAX_COMPARE } from '../compare/compareItems';
import { useExperiments } from '../experimentsStore';
import { RerunBanner } from '../RerunBanner';
import { COLUMNS } from './columns';
import { exportHistoryCsv } from './exportHistoryCsv';
import { DetailsRow } from './HistoryDetails';
import { Filters } from './HistoryFilters';
import { Pager } from './HistoryPager';
import { Row } from './HistoryRow';

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
                <th>
                  <span className="sr-only">Actions</span>
                </th>
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
