/**
 * Plays melodies with Tone.js's built-in synthesizer (no samples to download) and renders them offline to audio.
 * Timing: a step lasts 60 / (bpm x stepsPerQuarter) seconds.
 */
import * as Tone from 'tone';
import type { MelodyNote } from '../../core/music';
import { encodeWav } from './wav';

/** Seconds of the synth's release after the last note. */
export const RELEASE_SECONDS = 0.4;

/** What to play: notes on a grid, the tempo and the grid. */
export interface PlayableMelody {
  readonly notes: readonly MelodyNote[];
  /** Steps to play (at least the end of the last note). */
  readonly totalSteps: number;
  readonly bpm: number;
  readonly stepsPerQuarter: number;
  /** Step to start playing at (notes starting before it are skipped); default 0. */
  readonly fromStep?: number;
}

/** Seconds per grid step at this tempo. */
export function secondsPerStep(bpm: number, stepsPerQuarter: number): number {
  return 60 / (bpm * stepsPerQuarter);
}

const midiToFrequency = (pitch: number): number => 440 * 2 ** ((pitch - 69) / 12);

function createSynth(): Tone.PolySynth {
  return new Tone.PolySynth(Tone.Synth, {
    oscillator: { type: 'triangle' },
    envelope: { attack: 0.008, decay: 0.15, sustain: 0.45, release: RELEASE_SECONDS * 0.8 },
    volume: -8,
  });
}

function schedule(synth: Tone.PolySynth, melody: PlayableMelody, start: number): void {
  const step = secondsPerStep(melody.bpm, melody.stepsPerQuarter);
  const from = melody.fromStep ?? 0;
  for (const note of melody.notes) {
    if (note.start < from) continue;
    // Leave a hair of silence so repeated pitches are heard as separate notes.
    const duration = Math.max(0.03, note.duration * step - 0.01);
    synth.triggerAttackRelease(
      midiToFrequency(note.pitch),
      duration,
      start + (note.start - from) * step,
      0.8,
    );
  }
}

/** One playback at a time; knows where the playhead is. */
export class MelodyPlayer {
  private synth: Tone.PolySynth | null = null;
  private startedAt = 0;
  private current: PlayableMelody | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private onEnd: (() => void) | null = null;

  /** Starts playing (stopping anything playing); `onEnd` runs when it finishes or is stopped. Needs a user gesture first. */
  async play(melody: PlayableMelody, onEnd: () => void): Promise<void> {
    this.stop();
    await Tone.start();
    const synth = createSynth().toDestination();
    this.synth = synth;
    this.current = melody;
    this.startedAt = Tone.now() + 0.05;
    schedule(synth, melody, this.startedAt);
    this.onEnd = onEnd;
    const seconds =
      (melody.totalSteps - (melody.fromStep ?? 0)) * secondsPerStep(melody.bpm, melody.stepsPerQuarter);
    this.timer = setTimeout(
      () => {
        if (this.synth === synth) this.stop();
      },
      (seconds + 0.1) * 1000,
    );
  }

  /** Stops at once, with a short release. */
  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const synth = this.synth;
    this.synth = null;
    this.current = null;
    if (synth) {
      synth.releaseAll();
      setTimeout(() => synth.dispose(), RELEASE_SECONDS * 1000 + 100);
    }
    const onEnd = this.onEnd;
    this.onEnd = null;
    onEnd?.();
  }

  /** The playhead in steps, or null when nothing plays. */
  position(): number | null {
    if (!this.current) return null;
    const elapsed = Tone.now() - this.startedAt;
    const from = this.current.fromStep ?? 0;
    return Math.max(
      from,
      Math.min(
        this.current.totalSteps,
        from + elapsed / secondsPerStep(this.current.bpm, this.current.stepsPerQuarter),
      ),
    );
  }
}

/** The app's player. */
export const melodyPlayer = new MelodyPlayer();

/**
 * Renders a melody offline with the same synthesizer (Tone.Offline, no user gesture needed) and returns a mono
 * 16-bit WAV: the melody's length plus the release.
 */
export async function renderMelodyWav(melody: PlayableMelody, sampleRate = 44100): Promise<Uint8Array> {
  const seconds = melody.totalSteps * secondsPerStep(melody.bpm, melody.stepsPerQuarter) + RELEASE_SECONDS;
  const buffer = await Tone.Offline(
    () => {
      const synth = createSynth().toDestination();
      schedule(synth, melody, 0);
    },
    seconds,
    1,
    sampleRate,
  );
  return encodeWav(buffer.getChannelData(0), buffer.sampleRate);
}
