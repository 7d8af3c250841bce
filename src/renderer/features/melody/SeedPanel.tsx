import { useMemo } from 'react';
import { estimateKey, pitchName, POLYPHONY_RULES, stepsPerBar } from '../../../core/music';
import type { PolyphonyRule } from '../../../core/music';
import type { RollNote } from '../../charts/pianoRoll';
import { SelectField } from '../../components/fields';
import { melodyPlayer } from '../../audio/melodyPlayer';
import { useMelody } from './melodyStore';
import { PianoRoll } from './PianoRoll';

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
  const playing = useMelody((s) => s.playing);
  const { setChoice, play, stopPlayback } = useMelody.getState();

  const rolls = useMemo(() => {
    if (!imported) return null;
    const melody = imported.melody;
    const bar = stepsPerBar(melody);
    const ticksPerStep = imported.ppq / melody.stepsPerQuarter;
    const raw: RollNote[] = imported.notes.map((n) => ({
      pitch: n.pitch,
      start: n.startTicks / ticksPerStep - imported.offsetSteps,
      duration: Math.max(0.25, n.durationTicks / ticksPerStep),
      part: 'imported',
    }));
    const quantized: RollNote[] = melody.notes.map((n) => ({ ...n, part: 'seed' }));
    const end = Math.max(melody.totalSteps, ...raw.map((n) => n.start + n.duration));
    const all = [...raw, ...quantized].map((n) => n.pitch);
    const common = { totalSteps: end, stepsPerBar: bar, lowest: Math.min(...all), highest: Math.max(...all) };
    return { raw: { ...common, notes: raw }, quantized: { ...common, notes: quantized } };
  }, [imported]);

  const key = useMemo(() => (imported ? estimateKey(imported.melody) : null), [imported]);

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
  if (!imported || !rolls) return null;
  const melody = imported.melody;
  const pitches = melody.notes.map((n) => n.pitch);
  const bars = melody.totalSteps / stepsPerBar(melody);
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
            label: `${t.index + 1}. ${t.name || t.instrument || 'untitled'} · ${t.noteCount} notes${t.isDrums ? ' · drums' : ''}${t.index === imported.trackIndex && choice.track === null ? ' (suggested)' : ''}`,
          }))}
          onChange={(v) => setChoice({ track: Number(v) })}
          hint="The suggested track looks most like a melody: few simultaneous notes, high pitch, never drums"
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
          <dt>Notes</dt>
          <dd>
            {melody.notes.length} · {Number.isInteger(bars) ? bars : bars.toFixed(1)} bars
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
      <div className="chart-row">
        <PianoRoll
          input={rolls.raw}
          height={180}
          title="As imported"
          fileName="seed-as-imported"
          testId="roll-imported"
        />
        <PianoRoll
          input={rolls.quantized}
          height={180}
          title={`Quantized (one line, ${choice.stepsPerQuarter} steps per quarter)`}
          fileName="seed-quantized"
          testId="roll-quantized"
          playing={seedPlaying}
          playhead={playhead}
        />
      </div>
    </section>
  );
}
