import { useEffect, useState } from 'react';
import { useExperiments, type HistoryQuery } from '../experimentsStore';

export function Filters() {
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
