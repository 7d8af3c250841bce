import { modelLabel } from '../model/cells';
import type { BaseModelMetrics } from './baseModel';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** How the base model read keys in training, in words. */
function keyWords(m: BaseModelMetrics): string {
  return m.settings.keyHandling === 'common-key'
    ? 'each moved to C major or A minor'
    : `in up to ${m.settings.keysPerTune} of 12 keys each`;
}

/**
 * What the lab says about each way to continue a melody: one text for the Melody view and the README (a test
 * checks that the README carries it word for word), built from the base model's metrics.json so the corpus size
 * and the held-out numbers cannot drift apart.
 */
export function melodyModeNotes(m: BaseModelMetrics): { base: string; finetune: string; scratch: string } {
  return {
    base:
      `The shipped ${modelLabel(m.spec)} was trained on ${m.trainTunes.toLocaleString('en')} public-domain tunes ` +
      `(${keyWords(m)}). On ${m.heldOutTunes.length} held-out tunes it predicts the next sixteenth ` +
      `${pct(m.model.accuracy)} of the time (perplexity ${m.model.perplexity.toFixed(2)}); a ${m.ngram.label} ` +
      `trained on the same tunes gets ${pct(m.ngram.accuracy)} (perplexity ${m.ngram.perplexity.toFixed(2)}).`,
    finetune:
      'Continues training a copy of the base model on the seed, looped after a bar of rests and moved to the key ' +
      'the base model reads, mixed with as many phrases from its training tunes so it keeps its sense of melody. ' +
      'Few epochs lean towards the seed’s motifs; many make it repeat the seed.',
    scratch:
      `Trains a new network with the base model’s recipe on its ${m.trainTunes.toLocaleString('en')} training ` +
      `tunes and the seed; its ${m.validationTunes.length} validation tunes decide when to stop, and the ` +
      `${m.heldOutTunes.length} held-out tunes are never seen. Takes minutes.`,
  };
}

/** The README's paragraph on the three ways to continue a melody, from {@link melodyModeNotes}. */
export function melodyModesReadme(m: BaseModelMetrics): string {
  const notes = melodyModeNotes(m);
  return [
    `- **Base model.** ${notes.base}`,
    `- **Fine-tuned on the seed.** ${notes.finetune}`,
    `- **Trained from scratch.** ${notes.scratch}`,
  ].join('\n');
}
