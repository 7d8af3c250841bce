import { useMemo } from 'react';
import { estimateKey, melodyBars, pitchName, POLYPHONY_RULES, stepsPerBar } from '../../../core/music';
import type { PolyphonyRule } from '../../../core/music';
import type { RollNote } from '../../charts/pianoRoll';
import { NumberField, SelectField } from '../../components/fields';
import { melodyPlayer } from '../../audio/melodyPlayer';
import { useMelody } from './melodyStore';
import { PianoRoll } from './PianoRoll';
import { SeedRangeRoll } from './SeedRangeRoll';

const POLYPHONY_LABELS: Record<PolyphonyRule, string> = {
  highest: 'Highest note',
  lowest: 'Lowest note',
  first: 'First started',
};

const GRIDS = [
  { value: '2', label: '2 per quarter (eighths)' },
  { value: '3', label: '3 per quarter (eighth triplets)' },
  { value: '4', label: '4 per quarter (sixteenths)' },
  { value: '6', label: '6 per quarter (sixteenth triplets)' },
  { value: '8', label: '8 per quarter (32nds)' },
];

const playhead = () => melodyPlayer.position();

/** The seed: which track, how chords become one line, the grid; what was read, and the notes as imported and as quantized. */
export function SeedPanel() {
  const imported = useMelody((s) => s.imported);
  const importError = useMelody((s) => s.importError);
  const choice = useMelody((s) => s.choice);
  const seed = useMelody((s) => s.seed);
  const seedRange = useMelody((s) => s.seedRange);
  const playing = useMelody((s) => s.playing);
  const { setChoice, setSeedRange, play, stopPlayback } = useMelody.getState();

  // The rolls show the seed's bars only: the notes as imported that start in them, and the seed.
  const rolls = useMemo(() => {
    if (!imported || !seed || !seedRange) return null;
    const bar = stepsPerBar(seed);
    const from = seedRange.fromBar * bar;
    const ticksPerStep = imported.ppq / seed.stepsPerQuarter;
    const raw: RollNote[] = imported.notes
      .map((n) => ({
        pitch: n.pitch,
        start: n.startTicks / ticksPerStep - imported.offsetSteps - from,
        duration: Math.max(0.25, n.durationTicks / ticksPerStep),
        part: 'imported' as const,
      }))
      .filter((n) => n.start >= -0.5 && n.start < seed.totalSteps);
    const quantized: RollNote[] = seed.notes.map((n) => ({ ...n, part: 'seed' }));
    const all = [...raw, ...quantized].map((n) => n.pitch);
    const common = {
      totalSteps: seed.totalSteps,
      stepsPerBar: bar,
      lowest: Math.min(...all),
      highest: Math.max(...all),
      firstBar: seedRange.fromBar + 1,
    };
    return { raw: { ...common, notes: raw }, quantized: { ...common, notes: quantized } };
  }, [imported, seed, seedRange]);

  const key = useMemo(() => (seed ? estimateKey(seed) : null), [seed]);

  if (importError && !imported) {
    return (
      <section className="card error-card" role="alert" data-testid="seed-error">
        <h2>This track cannot be used as a seed</h2>
        <p>{importError}</p>
        {choice.track !== null && (
          <button onClick={() => setChoice({ track: null })}>Use the suggested track</button>
        )}
      </section>
    );
  }
  if (!imported || !rolls || !seed || !seedRange) return null;
  const pitches = seed.notes.map((n) => n.pitch);
  const trackBars = melodyBars(imported.melody);
  const seedBars = seedRange.toBar - seedRange.fromBar;
  const seedPlaying = playing === 'seed';

  return (
    <section className="card" data-testid="seed">
      <header className="card-header">
        <h2>Seed</h2>
        <button
          onClick={() => (seedPlaying ? stopPlayback() : void play('seed'))}
          title="Play the quantized seed"
          data-testid="play-seed"
        >
          {seedPlaying ? '■ Stop' : '▶ Play seed'}
        </button>
      </header>
      <div className="field-grid seed-fields">
        <SelectField
          label="Track"
          value={String(choice.track ?? imported.trackIndex)}
          testId="track-select"
          options={imported.tracks.map((t) => ({
            value: String(t.index),
            label: `${t.label}${t.index === imported.trackIndex && choice.track === null ? ' (suggested)' : ''}`,
          }))}
          onChange={(v) => setChoice({ track: Number(v) })}
          hint="Name, General MIDI instrument, channel, notes and range of each track. The suggested track looks most like a melody by its name (melody, lead, vocal…), instrument and notes (few at once, high); never channel 10 (drums)"
        />
        <SelectField
          label="Chords become"
          value={choice.polyphony}
          testId="polyphony-select"
          options={POLYPHONY_RULES.map((r) => ({ value: r, label: POLYPHONY_LABELS[r] }))}
          onChange={(polyphony) => setChoice({ polyphony })}
          hint="How overlapping notes are reduced to one line"
        />
        <SelectField
          label="Grid"
          value={String(choice.stepsPerQuarter)}
          testId="grid-select"
          options={GRIDS}
          onChange={(v) => setChoice({ stepsPerQuarter: Number(v) })}
          hint="Steps per quarter note; the models were trained on 4 (sixteenth notes)"
        />
      </div>
      <dl className="facts" data-testid="seed-facts">
        <div>
          <dt>Tempo</dt>
          <dd>{imported.bpm} bpm</dd>
        </div>
        <div>
          <dt>Time signature</dt>
          <dd>{imported.timeSignature.join('/')}</dd>
        </div>
        <div>
          <dt>Seed</dt>
          <dd data-testid="seed-summary">
            {seed.notes.length} notes · {seedBars} bar{seedBars === 1 ? '' : 's'} (bars{' '}
            {seedRange.fromBar + 1}–{seedRange.toBar} of {trackBars})
          </dd>
        </div>
        <div>
          <dt>Range</dt>
          <dd>
            {pitches.length ? `${pitchName(Math.min(...pitches))}–${pitchName(Math.max(...pitches))}` : '—'}
          </dd>
        </div>
        <div>
          <dt>Key (Krumhansl-Schmuckler)</dt>
          <dd data-testid="seed-key">{key ? key.name : '—'}</dd>
        </div>
        <div>
          <dt>File</dt>
          <dd>
            MIDI type {imported.format} · {imported.tracks.length} track
            {imported.tracks.length === 1 ? '' : 's'}
          </dd>
        </div>
      </dl>
      {(imported.warnings.length > 0 || choice.stepsPerQuarter !== 4) && (
        <ul className="warnings" data-testid="seed-warnings">
          {imported.warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
          {choice.stepsPerQuarter !== 4 && (
            <li>
              The models were trained on sixteenth notes (4 steps per quarter): on another grid they hear the
              seed faster or slower.
            </li>
          )}
        </ul>
      )}
      <div className="seed-range" data-testid="seed-range">
        <div className="seed-range-fields">
          <NumberField
            label="From bar"
            value={seedRange.fromBar + 1}
            min={1}
            max={trackBars}
            integer
            testId="seed-from-bar"
            onChange={(v) => setSeedRange({ fromBar: v - 1, toBar: Math.max(v, seedRange.toBar) })}
            hint="First bar of the seed (bar 1 is the track's first bar with notes)"
          />
          <NumberField
            label="To bar"
            value={seedRange.toBar}
            min={1}
            max={trackBars}
            integer
            testId="seed-to-bar"
            onChange={(v) => setSeedRange({ fromBar: Math.min(seedRange.fromBar, v - 1), toBar: v })}
            hint="Last bar of the seed, included; the continuation starts on the next bar line"
          />
          <button
            className="small"
            disabled={choice.range === null}
            onClick={() => setSeedRange(null)}
            data-testid="seed-range-default"
            title="The last 8 bars of a track longer than 16 bars, otherwise the whole track"
          >
            Default range
          </button>
          <span className="muted small">
            The model continues the end of these bars. Drag across the track below to choose them.
          </span>
        </div>
        <SeedRangeRoll melody={imported.melody} range={seedRange} bars={trackBars} onChange={setSeedRange} />
      </div>
      <div className="chart-row">
        <PianoRoll
          input={rolls.raw}
          height={180}
          title={`As imported · bars ${seedRange.fromBar + 1}–${seedRange.toBar}`}
          fileName="seed-as-imported"
          testId="roll-imported"
        />
        <PianoRoll
          input={rolls.quantized}
          height={180}
          title={`Seed (one line, ${choice.stepsPerQuarter} steps per quarter)`}
          fileName="seed-quantized"
          testId="roll-quantized"
          playing={seedPlaying}
          playhead={playhead}
        />
      </div>
    </section>
  );
}
