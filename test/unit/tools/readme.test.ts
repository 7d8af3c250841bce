import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { BaseModelMetrics } from '../../../src/core/music/baseModel';
import { melodyModeNotes } from '../../../src/core/music/melodyModeNotes';
import { withMelodyModes } from '../../../tools/docs/readme';

const metrics = JSON.parse(
  fs.readFileSync('resources/models/base-melody/metrics.json', 'utf8'),
) as BaseModelMetrics;
const readme = fs.readFileSync('README.md', 'utf8');

describe('README and the Melody view', () => {
  it('say the same about the corpus and the three ways to continue a melody, word for word', () => {
    expect(readme).toBe(withMelodyModes(readme, metrics));
    for (const note of Object.values(melodyModeNotes(metrics))) expect(readme).toContain(note);
  });

  it('give the corpus size and held-out numbers of the shipped model', () => {
    const { base, scratch } = melodyModeNotes(metrics);
    expect(base).toContain(`${metrics.trainTunes.toLocaleString('en')} public-domain tunes`);
    expect(base).toContain(`On ${metrics.heldOutTunes.length} held-out tunes`);
    expect(base).toContain(`${(metrics.model.accuracy * 100).toFixed(1)}%`);
    expect(scratch).toContain(`${metrics.validationTunes.length} validation tunes`);
    // The corpus is both files: the README no longer speaks of 48 tunes as all of it.
    expect(readme).not.toMatch(/trained on the 48 public-domain tunes/);
  });
});
