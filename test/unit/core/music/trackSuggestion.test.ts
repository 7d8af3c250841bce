import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chooseMelodyTrack, importMidi } from '../../../../src/core/music';
import { nameScore, programScore } from '../../../../src/core/music/trackSuggestion';
import { NAMED_TRACK_FIXTURES, midiFile } from './midiFixtures';

const fixture = (name: string): Uint8Array =>
  new Uint8Array(fs.readFileSync(new URL(`../../../fixtures/midi/${name}`, import.meta.url)));

describe('the named-track fixtures', () => {
  it.each(Object.keys(NAMED_TRACK_FIXTURES))('%s is what midiFixtures.ts writes', (name) => {
    expect(fixture(name)).toEqual(midiFile(NAMED_TRACK_FIXTURES[name]));
  });
});

describe('track suggestion', () => {
  it('prefers tracks named Melody-1/2/3 over a higher track named Acc-2', () => {
    const result = importMidi(fixture('named-melody-tracks.mid'));
    const byName = Object.fromEntries(result.tracks.map((t) => [t.name, t]));
    expect(byName['Acc-2'].meanPitch).toBeGreaterThan(byName['Melody-1'].meanPitch ?? Infinity);
    expect(result.tracks[result.trackIndex].name).toBe('Melody-1');
    expect(byName['Acc-2'].melodyScore).toBeLessThan(byName['Melody-3'].melodyScore ?? -Infinity);
    expect(byName['Melody-1']).toMatchObject({
      instrument: 'flute',
      program: 73,
      instrumentFamily: 'pipe',
      channel: 0,
      isDrums: false,
      noteCount: 15,
      lowestPitch: 74,
      highestPitch: 86,
      label: '1: Melody-1 — flute (pipe), channel 1, 15 notes, D5–D6',
    });
  });

  it('suggests a brass track named "Drums" on channel 2, which is not a drum track', () => {
    const result = importMidi(fixture('drums-named-brass.mid'));
    const drums = result.tracks.find((t) => t.name === 'Drums');
    expect(drums).toMatchObject({ isDrums: false, channel: 1, program: 56, instrumentFamily: 'brass' });
    expect(result.trackIndex).toBe(drums?.index);
    expect(result.melody.notes.slice(0, 4).map((n) => n.pitch)).toEqual([62, 66, 69, 74]);
    const bass = result.tracks.find((t) => t.name === 'Bass');
    expect(bass?.instrumentFamily).toBe('bass');
    expect(bass?.melodyScore).toBeLessThan(0);
  });

  it('treats channel 10 as drums whatever the name, and never suggests it', () => {
    const result = importMidi(fixture('channel-10-lead.mid'));
    expect(result.tracks[0]).toMatchObject({
      name: 'Lead',
      channel: 9,
      isDrums: true,
      instrument: 'drums',
      melodyScore: null,
      label: '0: Lead — drums, channel 10, 16 notes',
    });
    expect(result.tracks[result.trackIndex].name).toBe('Strings');
    expect(chooseMelodyTrack(result.tracks)).toBe(1);
  });

  it('scores names as words and General MIDI programs by role', () => {
    expect(['Melody', 'melody-1', 'Lead Vocal', 'Solo', 'Right Hand', 'RH', 'Tune'].map(nameScore)).toEqual(
      new Array(7).fill(20),
    );
    expect(['Drums', 'Perc', 'Bass', 'Acc-2', 'Chords', 'Pad', 'Left hand'].map(nameScore)).toEqual(
      new Array(7).fill(-20),
    );
    expect(['Piano', 'Track 1', 'Leader-board bass and lead', 'Accordion'].map(nameScore)).toEqual([
      0, 0, 0, 0,
    ]);
    expect([73, 56, 40, 0, 24, 33, 48, 89, 118].map(programScore)).toEqual([
      12, 12, 12, 0, 0, -24, -12, -12, -24,
    ]);
  });
});
