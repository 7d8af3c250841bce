import { formatNumber } from '../../../core/common/format';
import { ProgressBar } from '../../components/ProgressBar';
import { useExperiments } from './experimentsStore';

/** Progress of a re-run, then whether it reproduced the original run's metrics. */
export function RerunBanner() {
  const rerun = useExperiments((s) => s.rerun);
  const { stopRerun, dismissRerun, compare, setQuery } = useExperiments.getState();
  if (!rerun) return null;
  const active = rerun.stage === 'loading' || rerun.stage === 'training' || rerun.stage === 'saving';
  const check = rerun.check;
  const tone =
    rerun.stage === 'failed' || check?.verdict === 'different'
      ? 'bad'
      : check?.verdict === 'identical'
        ? 'good'
        : 'neutral';
  return (
    <section className={`card rerun-card rerun-${tone}`} data-testid="rerun" aria-live="polite">
      <header className="card-header">
        <h2>Re-run of “{rerun.originalName}”</h2>
        <div className="row-gap">
          {rerun.stage === 'training' && (
            <button className="small" onClick={stopRerun}>
              Stop
            </button>
          )}
          {!active && (
            <button className="small" onClick={dismissRerun} aria-label="Close the re-run report">
              Close
            </button>
          )}
        </div>
      </header>
      {rerun.stage === 'loading' && <ProgressBar fraction={rerun.fraction} label="Reading the dataset…" />}
      {rerun.stage === 'training' && (
        <ProgressBar
          fraction={rerun.fraction}
          label={
            rerun.progress
              ? `Training with the same settings and seed: epoch ${rerun.progress.epoch + 1}, ${Math.round(rerun.fraction * 100)}%${rerun.lastEpoch ? ` · loss ${formatNumber(rerun.lastEpoch.loss)}` : ''}`
              : 'Starting…'
          }
        />
      )}
      {rerun.stage === 'saving' && <p className="muted">Saving and checking the metrics…</p>}
      {(rerun.stage === 'failed' || rerun.stage === 'stopped') && (
        <p className={rerun.stage === 'failed' ? 'error-text' : 'muted'}>
          {rerun.message ?? 'Stopping after this batch…'}
        </p>
      )}
      {check && (
        <>
          <p className="rerun-verdict" data-testid="rerun-verdict">
            {check.verdict === 'identical'
              ? 'Reproduced exactly: every metric and every epoch’s loss match the original to the last digit.'
              : check.verdict === 'close'
                ? `Reproduced within rounding: the largest relative difference is ${check.largestRelativeDiff.toExponential(1)}.`
                : 'Not reproduced: the metrics differ from the original run.'}
            {!check.curvesEqual && check.verdict !== 'different' ? ' The loss curves differ slightly.' : ''}
          </p>
          {rerun.backendNote && <p className="warn-text small">{rerun.backendNote}</p>}
          <table className="table compact rerun-table">
            <thead>
              <tr>
                <th />
                <th className="num">Original</th>
                <th className="num">Re-run</th>
                <th className="num">Relative difference</th>
              </tr>
            </thead>
            <tbody>
              {check.rows.map((r) => (
                <tr key={r.label} className={r.relativeDiff === 0 ? '' : 'highlight'}>
                  <td>{r.label}</td>
                  <td className="num">{formatNumber(r.original, 8)}</td>
                  <td className="num">{formatNumber(r.rerun, 8)}</td>
                  <td className="num">
                    {r.relativeDiff === null
                      ? '—'
                      : r.relativeDiff === 0
                        ? 'equal'
                        : r.relativeDiff.toExponential(1)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {rerun.rerunId !== null && (
            <p className="small">
              Saved as a new experiment tagged <span className="tag">re-run</span>.{' '}
              <button
                className="link small"
                onClick={() => compare([rerun.originalId, rerun.rerunId as number])}
              >
                Compare the two
              </button>{' '}
              ·{' '}
              <button className="link small" onClick={() => setQuery({ tag: 're-run' })}>
                Show all re-runs
              </button>
            </p>
          )}
        </>
      )}
    </section>
  );
}
