import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ExperimentInput } from '../../core/api';
import { initBackend } from '../../core/model/backend';
import {
  continuationToMidi,
  defaultSeedRange,
  importMidi,
  isMusicError,
  melodyBars,
  midiExportWarnings,
  pitchName,
  sliceMelodyBars,
  type BarRange,
} from '../../core/music';
import type { Melody, MidiImport } from '../../core/music';
import { melodyJob } from '../../core/jobs/melodyJob';
import { BASE_CORPUS_FILES } from '../../core/music/baseModel';
import { parseGenerateSettings } from '../../core/music/melodyGenerate';
import type { GenerateSettings, Generation } from '../../core/music/melodyGenerate';
import type { MelodyMode } from '../../core/music/melodyExperiment';
import { loadMelodyModel, type LoadedMelodyModel } from '../../core/music/melodyModelFile';
import { TRAINING_DEFAULTS } from '../../core/music/melodySettings';
import { createLab } from '../lab/createLab';
import { defaultDbPath, resourcesDir } from '../paths';
import { UsageError } from './errors';
import { inputFile, intOption, numberOption } from './options';
import { packageVersion } from './version';

/** The shipped base model's file. */
export function baseModelPath(): string {
  return path.join(resourcesDir(), 'models', 'base-melody', 'model.bin');
}

/** The corpus the base model was trained on (fine-tuning replays it, scratch training learns from it). */
function readCorpus(): string {
  return BASE_CORPUS_FILES.map((file) =>
    fs.readFileSync(path.join(resourcesDir(), 'melodies', file), 'utf8'),
  ).join('\n');
}

/** Output files: FILE.mid for one variation, FILE-1.mid, FILE-2.mid... for several. */
export function variationFiles(out: string, count: number): string[] {
  if (count === 1) return [out];
  const ext = path.extname(out) || '.mid';
  const stem = out.slice(0, out.length - path.extname(out).length);
  return Array.from({ length: count }, (_, i) => `${stem}-${i + 1}${ext}`);
}

const pct = (v: number | null): string => (v === null ? '—' : `${Math.round(v * 100)}%`);

/**
 * `rnn-lab melody SEED.mid [--bars N] [--temperature T] [--top-k K] [--top-p P] [--stay-in-key] [--seed-affinity B] [--variations N]
 * [--seed N] [--track N] [--from-bar N] [--to-bar N] [--fine-tune EPOCHS | --scratch EPOCHS] [--continuation-only]
 * [--out FILE.mid] [--db PATH] [--json]`: continues the seed (the chosen bars of the track; by default the last 8 bars
 * of a track longer than 16 bars, else all of it) with the base model (fine-tuned on the seed, or a model trained from scratch, when
 * asked), writes the MIDI file(s) with the seed's tempo and time signature, and saves the experiment.
 */
export async function runMelodyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      bars: { type: 'string' },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      'stay-in-key': { type: 'boolean', default: false },
      'seed-affinity': { type: 'string' },
      'fine-tune': { type: 'string' },
      scratch: { type: 'string' },
      variations: { type: 'string' },
      seed: { type: 'string' },
      track: { type: 'string' },
      'from-bar': { type: 'string' },
      'to-bar': { type: 'string' },
      'continuation-only': { type: 'boolean', default: false },
      out: { type: 'string' },
      db: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const file = inputFile(
    positionals,
    'melody needs exactly one seed MIDI file: rnn-lab melody SEED.mid [options].',
  );
  const name = path.basename(file);
  const bytes = new Uint8Array(fs.readFileSync(file));

  let settings: GenerateSettings;
  let imported: MidiImport;
  let seedRange: BarRange;
  let seed: Melody;
  try {
    settings = parseGenerateSettings({
      bars: intOption('bars', values.bars),
      temperature: numberOption('temperature', values.temperature),
      topK: intOption('top-k', values['top-k']),
      topP: numberOption('top-p', values['top-p']),
      stayInKey: values['stay-in-key'] || undefined,
      seedAffinity: numberOption('seed-affinity', values['seed-affinity']),
      // One variation unless asked: one file.
      variations: intOption('variations', values.variations) ?? 1,
      seed: intOption('seed', values.seed),
    });
    imported = importMidi(bytes, { track: intOption('track', values.track) });
    const bars = melodyBars(imported.melody);
    const fallback = defaultSeedRange(imported.melody);
    const fromBar = intOption('from-bar', values['from-bar']);
    const toBar = intOption('to-bar', values['to-bar']);
    // Bars are numbered from 1 on the command line, as on the piano roll; --to-bar is included.
    seedRange = {
      fromBar:
        fromBar !== undefined ? fromBar - 1 : toBar !== undefined ? Math.max(0, toBar - 8) : fallback.fromBar,
      toBar: toBar ?? (fromBar !== undefined ? bars : fallback.toBar),
    };
    seed = sliceMelodyBars(imported.melody, seedRange);
  } catch (error) {
    if (isMusicError(error)) throw new UsageError(`${name}: ${error.message}`);
    throw error;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  for (const warning of imported.warnings) log(`${name}: ${warning.message}`);

  const fineTune = intOption('fine-tune', values['fine-tune']);
  const scratch = intOption('scratch', values.scratch);
  if (fineTune !== undefined && scratch !== undefined)
    throw new UsageError('Choose --fine-tune N or --scratch N, not both.');
  const mode: MelodyMode = fineTune !== undefined ? 'finetune' : scratch !== undefined ? 'scratch' : 'base';
  const epochs = fineTune ?? scratch;
  if (epochs !== undefined && (epochs < 1 || epochs > 1000))
    throw new UsageError(
      `--${mode === 'finetune' ? 'fine-tune' : 'scratch'} takes the number of epochs, 1 to 1000 (got ${epochs}).`,
    );

  const modelFile = baseModelPath();
  if (!fs.existsSync(modelFile))
    throw new Error(`the base melody model is missing (${modelFile}): run npm run train:base-melody.`);
  // Open (and check) the database before any work.
  const dbPath = path.resolve(values.db ?? defaultDbPath());
  const lab = createLab({
    dbPath,
    resourcesDir: resourcesDir(),
    transport: 'http',
    version: packageVersion(),
  });
  let experimentId: number;
  let generation: Generation;
  let vocab: LoadedMelodyModel['vocab'];
  try {
    const backend = await initBackend('wasm');
    const base = loadMelodyModel(new Uint8Array(fs.readFileSync(modelFile)));
    vocab = base.vocab;
    const { dataset } = await lab.handlers['datasets:import']({ name, bytes, kind: 'midi' });
    const controller = new AbortController();
    const onSigint = () => {
      log('Stopping after this batch (the best weights so far are kept)…');
      controller.abort();
    };
    process.once('SIGINT', onSigint);
    let job;
    try {
      if (mode !== 'base')
        log(
          `${mode === 'finetune' ? 'Fine-tuning the base model on the seed' : 'Training a model from scratch'} for ${epochs} epochs…`,
        );
      job = await melodyJob(
        {
          seed,
          importSettings: {
            track: imported.trackIndex,
            polyphony: 'highest',
            stepsPerQuarter: seed.stepsPerQuarter,
            fromBar: seedRange.fromBar,
            toBar: seedRange.toBar,
          },
          mode,
          training: mode === 'base' ? undefined : { ...TRAINING_DEFAULTS[mode], epochs, backend: 'wasm' },
          generate: settings,
          base,
          corpusText: mode === 'base' ? '' : readCorpus(),
          backend: backend.name,
          dataset: { id: dataset.id, name: dataset.name },
        },
        {
          signal: controller.signal,
          onEpoch: (e) =>
            log(
              `  epoch ${e.epoch + 1}: loss ${e.loss.toPrecision(4)}${e.valLoss !== null && Number.isFinite(e.valLoss) ? `, validation ${e.valLoss.toPrecision(4)}` : ''}`,
            ),
        },
      );
    } catch (error) {
      if (isMusicError(error)) throw new UsageError(`${name}: ${error.message}`);
      throw error;
    } finally {
      process.removeListener('SIGINT', onSigint);
      base.model.dispose();
    }
    generation = job.outcome.generation;
    if (job.outcome.training) log(job.outcome.training.message);
    experimentId = (await lab.handlers['experiments:save'](ExperimentInput.parse(job.experiment))).id;
  } finally {
    lab.close();
  }
  const modelName =
    mode === 'base'
      ? 'the base model'
      : mode === 'finetune'
        ? 'the fine-tuned model'
        : 'the model trained from scratch';

  const out = path.resolve(values.out ?? `${name.replace(/\.(mid|midi|smf)$/i, '')}-continued.mid`);
  const files = variationFiles(out, generation.variations.length);
  const includeSeed = !values['continuation-only'];
  fs.mkdirSync(path.dirname(out), { recursive: true });
  for (const warning of midiExportWarnings(seed)) process.stderr.write(`Warning: ${warning}\n`);
  generation.variations.forEach((variation, i) => {
    const midi = continuationToMidi(seed, variation.tokens, vocab, {
      includeSeed,
      name: `${name} continued (variation ${i + 1})`,
    });
    fs.writeFileSync(files[i], midi);
  });

  if (values.json) {
    process.stdout.write(
      `${JSON.stringify({
        experimentId,
        file: name,
        track: imported.trackIndex,
        bars: { from: seedRange.fromBar + 1, to: seedRange.toBar },
        bpm: seed.bpm,
        timeSignature: seed.timeSignature,
        stepsPerQuarter: seed.stepsPerQuarter,
        seedKey: generation.seedKeyName,
        settings: generation.settings,
        seed: { steps: seed.totalSteps, notes: seed.notes },
        warnings: imported.warnings.map((w) => w.message),
        variations: generation.variations.map((v, i) => ({
          file: files[i],
          notes: v.notes,
          heldSeedSteps: v.heldSeedSteps,
          tokens: v.tokens,
          stats: v.stats,
        })),
      })}\n`,
    );
  } else {
    const lines = [
      `${name}: bars ${seedRange.fromBar + 1}-${seedRange.toBar} of ${melodyBars(imported.melody)}, ${seed.notes.length} notes, ${seed.bpm} bpm, ${seed.timeSignature.join('/')}, key ${generation.seedKeyName ?? '—'}; ` +
        `continued by ${generation.steps} steps (${settings.bars} bars) with ${modelName}, ` +
        `temperature ${settings.temperature}${settings.topK ? `, top-k ${settings.topK}` : ''}${settings.topP < 1 ? `, top-p ${settings.topP}` : ''}${settings.stayInKey ? ', in key' : ''}, seed affinity ${settings.seedAffinity}, seed ${settings.seed}.`,
      '',
      `${'variation'.padEnd(10)}${'notes'.padStart(6)}${'range'.padStart(12)}${'in key'.padStart(8)}${'4-grams'.padStart(9)}${'rests'.padStart(7)}${'log-lik/step'.padStart(14)}  file`,
      ...generation.variations.map((v, i) => {
        const s = v.stats;
        const range =
          s.lowest !== null && s.highest !== null ? `${pitchName(s.lowest)}-${pitchName(s.highest)}` : '—';
        return `${String(i + 1).padEnd(10)}${String(v.notes.length).padStart(6)}${range.padStart(12)}${pct(s.inKeyRatio).padStart(8)}${pct(s.distinct4gramRatio).padStart(9)}${pct(s.restRatio).padStart(7)}${s.meanLogLikelihood.toFixed(3).padStart(14)}  ${path.relative(process.cwd(), files[i]) || files[i]}`;
      }),
      '',
      `Saved as experiment ${experimentId} in ${dbPath}.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
  return 0;
}
