import { useMemo, useState } from 'react';
import corpusText from '../../../../resources/melodies/melodies.txt?raw';
import { melodyToMidi, parseMelodyCorpus, stepsPerBar } from '../../../core/music';
import type { CorpusTune, Melody } from '../../../core/music';
import { lab } from '../../api/client';
import { useLab } from '../../state/store';

const SEED_BARS = 4;

/** The first `bars` bars of a tune (notes crossing the end are cut there). */
function opening(melody: Melody, bars: number): Melody {
  const end = bars * stepsPerBar(melody);
  const notes = melody.notes
    .filter((n) => n.start < end)
    .map((n) => ({ ...n, duration: Math.min(n.duration, end - n.start) }));
  return { ...melody, notes, totalSteps: Math.min(end, melody.totalSteps) };
}

/** Starts from a tune of the shipped corpus: its first bars become a MIDI dataset to continue. */
export function CorpusSeed({ compact = false }: { compact?: boolean }) {
  const tunes = useMemo<CorpusTune[]>(() => parseMelodyCorpus(corpusText), []);
  const [index, setIndex] = useState(0);
  const [busy, setBusy] = useState(false);
  const { toast, refreshDatasets, selectDataset } = useLab.getState();

  const use = async () => {
    const tune = tunes[index];
    setBusy(true);
    try {
      const name = `${tune.title} (${SEED_BARS} bars).mid`;
      const bytes = melodyToMidi(opening(tune.melody, SEED_BARS), { name: tune.title });
      const { dataset } = await lab['datasets:import']({ name, bytes, kind: 'midi' });
      await refreshDatasets();
      selectDataset(dataset.id);
    } catch (error) {
      toast('error', `Could not use ${tune.title}: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className={compact ? 'corpus-seed compact' : 'corpus-seed'}>
      <label className="inline-field">
        {compact ? 'Corpus tune' : 'Or start from a public-domain tune'}
        <select value={index} onChange={(e) => setIndex(Number(e.target.value))} data-testid="corpus-tune">
          {tunes.map((t, i) => (
            <option key={t.title} value={i}>
              {t.title} · {t.key}
            </option>
          ))}
        </select>
      </label>
      <button
        onClick={() => void use()}
        disabled={busy}
        data-testid="use-corpus-tune"
        title={`Import its first ${SEED_BARS} bars as a MIDI seed`}
      >
        {compact ? 'Use as seed' : `Use its first ${SEED_BARS} bars`}
      </button>
    </div>
  );
}
