import { useEffect, useMemo, useState } from 'react';
import type { Inspection, LayerTrace } from '../../../core/inspect';
import { gradientHealth } from '../../../core/inspect/gradients';
import { CELL_SERIES, SERIES_LABELS } from '../../../core/model/cells';
import type { Experiment } from '../../../core/api';
import { stepsPerBar } from '../../../core/music';
import { EChart } from '../../charts/EChart';
import {
  ablationOption,
  attentionMapOption,
  gradientStepsOption,
  HEATMAP_MARGIN,
  heatmapChart,
  inputChartOption,
  layerNormOption,
  saliencyOption,
  saturationOption,
  timeConstantOption,
} from '../../charts/inspectorCharts';
import { ProgressBar } from '../../components/ProgressBar';
import { MemoryChallengePanel } from './MemoryChallengePanel';
import { useInspector } from './inspectorStore';

const GATES = new Set(['input', 'forget', 'output', 'update', 'reset']);

/** Steps per bar of a melody experiment's seed (16 for anything else). */
function melodyStepsPerBar(experiment: Experiment): number {
  return experiment.kind === 'melody' ? stepsPerBar(experiment.predictions.seed) : 16;
}

/** One gate's or state's heatmap, its cells merged only when they outnumber the pixels it is drawn on. */
function GateHeatmap({
  series,
  name,
  height,
  title,
}: {
  series: number[][];
  name: string;
  height: number;
  title: string;
}) {
  const chart = useMemo(
    () =>
      heatmapChart(series, GATES.has(name) ? 'gate' : 'state', {
        // the plot is never wider than the window; each cell needs at least one pixel
        width: window.innerWidth - HEATMAP_MARGIN.horizontal,
        height: height - HEATMAP_MARGIN.vertical,
      }),
    [series, name, height],
  );
  return (
    <EChart
      option={chart.option}
      height={height}
      title={chart.downsampled ? `${title} (downsampled: ${chart.downsampled})` : title}
      testId={`heatmap-${name}`}
    />
  );
}

function LayerHeatmaps({ layer, title }: { layer: LayerTrace; title: string }) {
  const names = CELL_SERIES[layer.cell];
  const height = Math.min(260, 60 + layer.units * 4);
  return (
    <>
      {names.map((name) => {
        const series = layer.series[name];
        if (!series) return null;
        return (
          <GateHeatmap
            key={name}
            series={series}
            name={name}
            height={height}
            title={`${title}${SERIES_LABELS[name]}`}
          />
        );
      })}
    </>
  );
}

/** The memory & forgetting inspector: gates over time, saturation, memory horizon, gradient health, memory challenge. */
export function InspectorView() {
  const { candidates, experiment, inspection, job, error, compare } = useInspector();
  const { loadCandidates, select, analyse, cancel, toggleCompare } = useInspector.getState();
  const [layerIndex, setLayerIndex] = useState(0);
  const [windowDraft, setWindowDraft] = useState<number | null>(null);

  useEffect(() => {
    void loadCandidates();
  }, [loadCandidates]);

  const health = useMemo(() => {
    const log = experiment?.history.gradients;
    return log && log.before.length ? gradientHealth(log) : null;
  }, [experiment]);

  const memoryItems = useMemo(() => {
    // Named with their number: two runs of the same setup share a name, and echarts merges series by name.
    const items: { name: string; inspection: Inspection }[] = [];
    if (experiment && inspection) items.push({ name: `#${experiment.id} ${experiment.name}`, inspection });
    for (const [id, c] of Object.entries(compare))
      if (c.inspection) items.push({ name: `#${id} ${c.name}`, inspection: c.inspection });
    return items;
  }, [experiment, inspection, compare]);

  // Options are built once per input: a new option object makes its chart redraw, and this view re-renders on
  // every progress report of a computation.
  const inputOption = useMemo(() => inspection && inputChartOption(inspection.window), [inspection]);
  const saturation = useMemo(() => inspection && saturationOption(inspection.saturation), [inspection]);
  const saliency = useMemo(() => saliencyOption(memoryItems), [memoryItems]);
  const ablation = useMemo(() => ablationOption(memoryItems), [memoryItems]);
  const timeConstants = useMemo(
    () => inspection?.timeConstants && timeConstantOption(inspection.timeConstants),
    [inspection],
  );
  const attention = useMemo(
    () =>
      inspection?.attention && experiment?.kind === 'melody'
        ? attentionMapOption(inspection.attention, melodyStepsPerBar(experiment))
        : null,
    [inspection, experiment],
  );
  const gradientSteps = useMemo(() => health && gradientStepsOption(health), [health]);
  const layerNorms = useMemo(() => health && layerNormOption(health), [health]);

  const layer = inspection?.trace.layers[Math.min(layerIndex, (inspection?.trace.layers.length ?? 1) - 1)];
  const multiLayer = (inspection?.trace.layers.length ?? 0) > 1;

  return (
    <div className="view inspector">
      <header className="view-header">
        <h1>Inspector</h1>
        <span className="muted">how a trained network remembers and forgets</span>
      </header>
      <section className="card">
        <div className="inspector-bar">
          <label className="field">
            <span className="field-label">Experiment</span>
            <select
              data-testid="inspect-select"
              value={experiment?.id ?? ''}
              onChange={(e) => {
                setLayerIndex(0);
                setWindowDraft(null);
                void select(Number(e.target.value));
              }}
            >
              <option value="" disabled>
                {candidates.length ? 'Choose a trained model…' : 'No trained models yet'}
              </option>
              {candidates.map((c) => (
                <option key={c.id} value={c.id}>
                  #{c.id} {c.name}
                </option>
              ))}
            </select>
          </label>
          {inspection && (
            <label className="field">
              <span className="field-label">
                Window {((windowDraft ?? inspection.window.index) + 1).toLocaleString()} of{' '}
                {inspection.window.count.toLocaleString()}
              </span>
              <input
                type="range"
                min={0}
                max={inspection.window.count - 1}
                value={windowDraft ?? inspection.window.index}
                onChange={(e) => setWindowDraft(Number(e.target.value))}
                onPointerUp={() => windowDraft !== null && void analyse(windowDraft)}
                onKeyUp={(e) =>
                  (e.key.startsWith('Arrow') || e.key === 'Home' || e.key === 'End') &&
                  windowDraft !== null &&
                  void analyse(windowDraft)
                }
                data-testid="window-slider"
              />
            </label>
          )}
          {inspection?.member && inspection.member.count > 1 && (
            <label className="field" title="The run is an ensemble: each member is a network of its own">
              <span className="field-label">Member</span>
              <select
                data-testid="member-select"
                value={inspection.member.index}
                disabled={job !== null}
                onChange={(e) => {
                  setLayerIndex(0);
                  void analyse(inspection.window.index, Number(e.target.value));
                }}
              >
                {Array.from({ length: inspection.member.count }, (_, i) => (
                  <option key={i} value={i}>
                    {i + 1} of {inspection.member?.count}
                  </option>
                ))}
              </select>
            </label>
          )}
          {multiLayer && inspection && (
            <label className="field">
              <span className="field-label">Layer</span>
              <select value={layerIndex} onChange={(e) => setLayerIndex(Number(e.target.value))}>
                {inspection.trace.layers.map((l, i) => (
                  <option key={l.name} value={i}>
                    {i + 1}: {l.name} ({l.units} units)
                  </option>
                ))}
              </select>
            </label>
          )}
          {experiment && !job && (
            <button onClick={() => void analyse(inspection?.window.index)} title="Compute again">
              Recompute
            </button>
          )}
        </div>
        {job && (
          <div className="row-gap inspector-progress" data-testid="inspect-progress">
            <ProgressBar fraction={job.fraction} label={`${job.stage}… ${Math.round(job.fraction * 100)}%`} />
            <button className="danger small" onClick={cancel}>
              Cancel
            </button>
          </div>
        )}
        {error && (
          <p className="error-text" role="alert">
            {error}
          </p>
        )}
        {inspection && (
          <p className="muted small">
            Computed {new Date(inspection.computedAt).toLocaleString()} and stored with the experiment;
            reopening it does not recompute.
          </p>
        )}
      </section>

      {inspection && layer && inputOption && (
        <section className="card" data-testid="gates-section">
          <h2>Gates and states over time</h2>
          <p className="muted small">
            Each row is a unit, each column a time step of the window (0 = the last step before the forecast).
            Gates run from closed (0, dark) to open (1, orange); states from negative (blue) to positive
            (red).
          </p>
          <EChart option={inputOption} height={110} title="What the model saw" testId="input-chart" />
          <LayerHeatmaps layer={layer} title={multiLayer ? `${layer.name}: ` : ''} />
        </section>
      )}

      {inspection && saturation && (
        <section className="card" data-testid="saturation-section">
          <h2>Saturation</h2>
          <ul className="callouts">
            {inspection.saturation.summary.map((s) => (
              <li key={s}>{s}</li>
            ))}
          </ul>
          <EChart
            option={saturation}
            height={320}
            title="Time each unit spends closed vs open"
            testId="saturation-chart"
          />
        </section>
      )}

      {inspection && (
        <section className="card" data-testid="memory-section">
          <h2>Memory horizon</h2>
          <p className="verdict" data-testid="effective-memory">
            {inspection.memory.effective.sentence}
          </p>
          <details className="compare-picker">
            <summary>Overlay other experiments ({Object.keys(compare).length})</summary>
            <div className="checks">
              {candidates
                .filter((c) => c.id !== experiment?.id)
                .map((c) => (
                  <label key={c.id} className="check">
                    <input
                      type="checkbox"
                      checked={!!compare[c.id]}
                      onChange={() => void toggleCompare(c.id)}
                    />
                    #{c.id} {c.name}
                    {compare[c.id] && !compare[c.id].inspection
                      ? ' (open it here once to compute its memory)'
                      : ''}
                  </label>
                ))}
            </div>
          </details>
          <div className="chart-row">
            <EChart
              option={saliency}
              height={280}
              title={
                inspection.memory.saliency.objective === 'nextToken'
                  ? 'Gradient of the next token’s log-probability w.r.t. the input k steps back'
                  : 'Gradient of the forecast w.r.t. the input k steps back'
              }
              testId="saliency-chart"
            />
            <EChart
              option={ablation}
              height={280}
              title="Error when only the last k steps are kept"
              testId="ablation-chart"
            />
          </div>
          <h3>Time constants</h3>
          {inspection.timeConstants ? (
            <>
              <p className="verdict" data-testid="time-constant-sentence">
                {inspection.timeConstants.sentence}
              </p>
              {inspection.timeConstants.trained.length > 0 && timeConstants && (
                <EChart
                  option={timeConstants}
                  height={260}
                  title="How long each gated unit keeps what it holds, before and after training"
                  testId="time-constant-chart"
                />
              )}
            </>
          ) : (
            <p className="muted small">
              This inspection was stored before forgetting times were measured: press Recompute above to see
              them.
            </p>
          )}
        </section>
      )}

      {inspection?.attention && attention && (
        <section className="card" data-testid="attention-section">
          <h2>Attention map</h2>
          <p className="muted small">
            The model attends over its last {inspection.attention.window} outputs. Each column is a note of
            the first variation&rsquo;s continuation; each row how many steps before that note the output it
            looked at lies (the step just before the note is read directly). Darker is more weight.
          </p>
          <p className="verdict" data-testid="attention-sentence">
            {inspection.attention.sentence}
          </p>
          <EChart
            option={attention}
            height={360}
            title="Which earlier steps each generated note looked at"
            testId="attention-map"
          />
        </section>
      )}
      {inspection && !inspection.attention && experiment?.kind === 'melody' && (
        <p className="muted small" data-testid="attention-none">
          This melody model has no attention, so there is no attention map: train one from scratch with the
          cell &ldquo;LSTM + attention&rdquo; in the Melody view to see which earlier steps each note looks
          at.
        </p>
      )}

      {health && gradientSteps && (
        <section className="card" data-testid="gradient-section">
          <h2>Gradient health</h2>
          <ul className="callouts">
            {health.callouts.map((c) => (
              <li key={c.message} className={c.severity === 'warning' ? 'warn-text' : undefined}>
                {c.message}
              </li>
            ))}
          </ul>
          <EChart
            option={gradientSteps}
            height={260}
            title="Global gradient norm per step"
            testId="gradient-steps-chart"
          />
          {health.layers.length > 0 && layerNorms && (
            <EChart
              option={layerNorms}
              height={240}
              title="Gradient norm per layer"
              testId="layer-norm-chart"
            />
          )}
        </section>
      )}

      <MemoryChallengePanel />
    </div>
  );
}
