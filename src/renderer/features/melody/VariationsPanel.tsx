import { formatDuration } from '../../../core/common/format';
import { useEffect, useMemo, useRef } from 'react';
import { keyName, pitchName, stepsPerBar, type Key } from '../../../core/music';
import { MODE_LABELS, samplingLabel, type SavedMelody } from '../../../core/music/melodyExperiment';
import type { Variation } from '../../../core/music/melodyGenerate';
import { EChart } from '../../charts/EChart';
import { gradientChartOption } from '../../charts/forecastCharts';
import type { PianoRollInput, RollNote } from '../../charts/pianoRoll';
import { ROLL_COLORS } from '../../charts/pianoRoll';
import { melodyPlayer } from '../../audio/melodyPlayer';
import { crossEntropyChartOption } from './MelodyTrainingPanel';
import { useMelody } from './melodyStore';

/** The seed's key as named today (runs saved before keys were spelled conventionally carry an older name). */
function seedKeyLabel(key: Key | null): string | null {
  return key ? keyName(key) : null;
}
import { PianoRoll } from './PianoRoll';

const playhead = () => melodyPlayer.position();
const pct = (v: number | null) => (v === null ? '—' : `${Math.round(v * 100)}%`);

function rollInput(
  result: SavedMelody,
  variation: Variation,
  lowest: number,
  highest: number,
): PianoRollInput {
  const { seed, generation } = result;
  const bar = stepsPerBar(seed);
  const last = seed.notes.length - 1;
  const notes: RollNote[] = [
    ...seed.notes.map((n, i) => ({
      ...n,
      duration: i === last ? n.duration + variation.heldSeedSteps : n.duration,
      part: 'seed' as const,
    })),
    ...variation.notes.map((n) => ({ ...n, part: 'continuation' as const })),
  ];
  return {
    notes,
    totalSteps: generation.seedSteps + generation.steps,
    stepsPerBar: bar,
    boundary: generation.seedSteps,
    lowest,
    highest,
    // A long seed is shown by its last bars, so the continuation fills half the roll or more.
    fromStep: Math.max(0, Math.floor(generation.seedSteps / bar) * bar - Math.max(generation.steps, 4 * bar)),
    firstBar: (result.importSettings.fromBar ?? 0) + 1,
  };
}

function VariationCard({
  result,
  variation,
  lowest,
  highest,
}: {
  result: SavedMelody;
  variation: Variation;
  lowest: number;
  highest: number;
}) {
  const playing = useMelody((s) => s.playing);
  const { play, stopPlayback, exportMidi, exportWav } = useMelody.getState();
  const input = useMemo(
    () => rollInput(result, variation, lowest, highest),
    [result, variation, lowest, highest],
  );
  const s = variation.stats;
  const isPlaying = playing === variation.index;
  const n = variation.index + 1;
  return (
    <div className="variation" data-testid="variation" data-index={variation.index}>
      <PianoRoll
        input={input}
        height={190}
        title={`Variation ${n}`}
        fileName={`variation-${n}`}
        testId={`variation-roll-${n}`}
        playing={isPlaying}
        playhead={playhead}
        actions={
          <>
            <button
              className={isPlaying ? 'small primary' : 'small'}
              onClick={() => (isPlaying ? stopPlayback() : void play(variation.index))}
              data-testid={`play-${n}`}
              aria-label={isPlaying ? `Stop variation ${n}` : `Play variation ${n}`}
            >
              {isPlaying ? '■ Stop' : '▶ Play'}
            </button>
            <button
              className="small"
              onClick={() => exportMidi(variation.index)}
              data-testid={`export-midi-${n}`}
              title="Download as a MIDI file (the seed’s tempo and time signature)"
            >
              MIDI
            </button>
            <button
              className="small"
              onClick={() => void exportWav(variation.index)}
              data-testid={`export-wav-${n}`}
              title="Render with the built-in synth and download as a WAV file"
            >
              WAV
            </button>
          </>
        }
      />
      <dl className="variation-stats" data-testid={`stats-${n}`}>
        <div title="Lowest to highest pitch of the continuation">
          <dt>Range</dt>
          <dd>
            {s.lowest !== null && s.highest !== null ? `${pitchName(s.lowest)}–${pitchName(s.highest)}` : '—'}
          </dd>
        </div>
        <div
          title={`Share of sounding steps in the seed's key (${seedKeyLabel(result.generation.seedKey) ?? 'none'})`}
        >
          <dt>In key</dt>
          <dd data-testid={`in-key-${n}`}>{pct(s.inKeyRatio)}</dd>
        </div>
        <div title="Distinct 4-step patterns / all 4-step patterns (low = repetitive)">
          <dt>Distinct 4-grams</dt>
          <dd>{pct(s.distinct4gramRatio)}</dd>
        </div>
        <div title="Share of silent steps">
          <dt>Rests</dt>
          <dd>{pct(s.restRatio)}</dd>
        </div>
        <div title="Mean log-likelihood of each generated step under the model (nats); closer to 0 = more expected">
          <dt>Log-lik. / step</dt>
          <dd>{s.meanLogLikelihood.toFixed(2)}</dd>
        </div>
        <div>
          <dt>Notes</dt>
          <dd>{variation.notes.length}</dd>
        </div>
      </dl>
    </div>
  );
}

/** A generation's variations side by side: piano rolls (seed and continuation), stats, play, export; and its training. */
export function VariationsPanel() {
  const result = useMelody((s) => s.result);
  const tempo = useMelody((s) => s.tempo);
  const includeSeed = useMelody((s) => s.includeSeed);
  const playFromContinuation = useMelody((s) => s.playFromContinuation);
  const { setTempo, setIncludeSeed, setPlayFromContinuation, closeResult } = useMelody.getState();
  const card = useRef<HTMLElement>(null);
  const shownId = result?.experimentId;
  useEffect(() => {
    // A new generation scrolls into view (the setup above stays a scroll away).
    if (shownId !== undefined) card.current?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }, [shownId]);

  const range = useMemo(() => {
    if (!result) return { lowest: 60, highest: 72 };
    const pitches = [...result.seed.notes, ...result.generation.variations.flatMap((v) => v.notes)].map(
      (n) => n.pitch,
    );
    return { lowest: Math.min(...pitches), highest: Math.max(...pitches) };
  }, [result]);
  const training = result?.training ?? null;
  const lossOption = useMemo(
    () =>
      training && training.history.loss.length
        ? crossEntropyChartOption(training.history.loss, training.history.valLoss, training.bestEpoch)
        : null,
    [training],
  );
  const gradOption = useMemo(
    () =>
      training?.gradients && training.gradients.before.length
        ? gradientChartOption(
            training.gradients.before,
            training.gradients.after,
            training.gradients.clipNorm,
          )
        : null,
    [training],
  );
  if (!result) return null;
  const { generation, seed } = result;
  const g = generation.settings;
  const bpm = tempo ?? seed.bpm;

  return (
    <section className="card results" data-testid="melody-results" ref={card}>
      <header className="card-header">
        <div>
          <h2 data-testid="melody-result-name">{result.name}</h2>
          <p className="muted small">
            <span className={`status status-${result.status}`} data-testid="melody-result-status">
              {result.status}
            </span>{' '}
            {MODE_LABELS[result.mode]} · {result.model.label} · {result.backend} ·{' '}
            {formatDuration(result.durationMs / 1000)} · {generation.steps} steps per variation ·{' '}
            {samplingLabel(g)}
          </p>
        </div>
        <button onClick={closeResult}>Close</button>
      </header>
      {training && training.status !== 'completed' && (
        <p className={training.status === 'diverged' ? 'error-text' : 'warn-text'}>{training.message}</p>
      )}
      <div className="melody-toolbar">
        <span className="legend-chip">
          <i style={{ background: ROLL_COLORS.seed }} /> seed
        </span>
        <span className="legend-chip">
          <i style={{ background: ROLL_COLORS.continuation }} /> continuation
        </span>
        <span className="muted small">Key of the seed: {seedKeyLabel(generation.seedKey) ?? '—'}</span>
        <label className="inline-field">
          Tempo
          <input
            type="number"
            min={20}
            max={300}
            value={bpm}
            data-testid="tempo"
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isFinite(v) && v >= 20 && v <= 300) setTempo(v === seed.bpm ? null : v);
            }}
          />
          bpm
          {tempo !== null && (
            <button
              className="small link-button"
              onClick={() => setTempo(null)}
              title="Back to the seed's tempo"
            >
              reset to {seed.bpm}
            </button>
          )}
        </label>
        <label
          className="check"
          title="On: ▶ Play starts where the continuation starts, not at the seed's first bar"
        >
          <input
            type="checkbox"
            checked={playFromContinuation}
            onChange={(e) => setPlayFromContinuation(e.target.checked)}
            data-testid="play-from-continuation"
          />
          Play from the continuation
        </label>
        <label
          className="check"
          title="Off: the MIDI file holds the continuation only, starting on a bar line"
        >
          <input
            type="checkbox"
            checked={includeSeed}
            onChange={(e) => setIncludeSeed(e.target.checked)}
            data-testid="include-seed"
          />
          MIDI export includes the seed
        </label>
      </div>
      <div className="variations-grid" data-testid="variations">
        {generation.variations.map((v) => (
          <VariationCard
            key={`${result.experimentId}-${v.index}`}
            result={result}
            variation={v}
            lowest={range.lowest}
            highest={range.highest}
          />
        ))}
      </div>
      {(lossOption || gradOption) && (
        <div className="chart-row">
          {lossOption && (
            <EChart
              option={lossOption}
              height={220}
              title={`Training loss · ${training?.epochsRun} epochs`}
              testId="melody-result-loss"
            />
          )}
          {gradOption && (
            <EChart
              option={gradOption}
              height={220}
              title={`Gradient norm per step${training?.gradients?.clipNorm != null ? ` · clipped in ${training.gradients.clipped.filter(Boolean).length} of ${training.gradients.before.length}` : ''}`}
              testId="melody-result-gradients"
            />
          )}
        </div>
      )}
    </section>
  );
}
