import { PAGE_SIZES, useExperiments, type HistoryQuery } from '../experimentsStore';

export function Pager({ query, total }: { query: HistoryQuery; total: number }) {
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
