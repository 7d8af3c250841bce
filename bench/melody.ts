/**
 * Melody benchmark: the base model continues real seeds it never saw, at the default generation settings, without
 * fine-tuning. Seeds are the first bars of held-out tunes (the base model's fixed held-out split, never trained on),
 * grouped by collection and style, and the MIDI files of test/fixtures/midi. Reported against goals:
 *
 * - in-key ratio of the continuations (against the seed's Krumhansl-Schmuckler key) relative to the seed's own: >= 0.95
 * - pitch-class similarity of a continuation to its seed, against the seed's last 8 bars to the rest of it: >= it
 * - distinct-4-gram ratio of the continuations, against the range of the corpus's own 8-bar stretches
 * - the base model against the 3-gram baseline on the held-out tunes: accuracy up, perplexity down
 * - the time to generate 4 variations of 8 bars: < 1 s
 *
 *   npx tsx bench/melody.ts [--json] [--model FILE] [--temperature T] [--top-k K] [--top-p P] [--stay-in-key]
 *                           [--seed-affinity B] [--seeds N] [--split held-out|validation]
 *                           [--sweep [--temperatures 0.8,1] [--top-ps 1,0.9] [--top-ks 0,5] [--in-key-too]
 *                           [--seed-affinities 0,0.5,1] [--generation-seeds 1,2,3]]
 *
 * --sweep scores a grid of sampling settings (temperature x top-k x top-p x seed affinity, and stay-in-key) on the
 * same seeds: the
 * trade-off the default generation settings are chosen from. Choose them with --split validation (seeds from the base
 * model's validation tunes, never trained on), so the held-out seeds of the reported numbers take no part in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type * as tf from '@tensorflow/tfjs';
import { startKernelThreads } from '../src/backend/engine/kernelThreads';
import { initBackend } from '../src/core/model/backend';
import { melodyStats, pitchClassSimilarity } from '../src/core/music/analysis';
import {
  BASE_CORPUS_FILES,
  BASE_MODEL_SETTINGS,
  evaluateOnHeldOut,
  ngramBaseline,
  splitCorpus,
} from '../src/core/music/baseModel';
import { parseMelodyCorpus } from '../src/core/music/corpus';
import type { CorpusTune } from '../src/core/music/corpus';
import type { KeyHandling } from '../src/core/music/keyRelative';
import { generateVariations, parseGenerateSettings } from '../src/core/music/melodyGenerate';
import type { GenerateSettingsInput } from '../src/core/music/melodyGenerate';
import { DEFAULT_SEED_AFFINITY } from '../src/core/music/melodySettings';
import { loadMelodyModel } from '../src/core/music/melodyModelFile';
import { importMidi } from '../src/core/music/midiImport';
import { stepsPerBar } from '../src/core/music/tokens';
import type { Melody } from '../src/core/music/types';
import type { Vocabulary } from '../src/core/music/vocabulary';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** A seed to continue: its style group, where it comes from, and the melody. */
export interface BenchSeed {
  readonly style: string;
  readonly name: string;
  readonly melody: Melody;
}

/** The style group of a corpus tune, from its collection. */
export function styleOf(tune: CorpusTune): string {
  if (tune.origin.includes("Ryan's")) return "Ryan's (American dance tunes)";
  if (tune.origin.includes("O'Neill")) return "O'Neill's (Irish)";
  if (tune.origin.includes("Aird's")) return "Aird's (Scottish airs)";
  return 'songs and classics (melodies.txt)';
}

/** Bars [from, to) of a melody, starting at step 0 (notes cut at the edges). */
export function sliceBars(melody: Melody, from: number, to: number): Melody {
  const bar = stepsPerBar(melody);
  const start = from * bar;
  const end = Math.min(melody.totalSteps, to * bar);
  const notes = melody.notes
    .filter((note) => note.start < end && note.start + note.duration > start)
    .map((note) => {
      const s = Math.max(note.start, start);
      return { pitch: note.pitch, start: s - start, duration: Math.min(note.start + note.duration, end) - s };
    });
  return { ...melody, totalSteps: Math.max(0, end - start), notes };
}

const barsOf = (melody: Melody): number => Math.ceil(melody.totalSteps / stepsPerBar(melody));

/** Seeds from held-out tunes of at least 12 bars: the first 16 bars (or all of them), `perStyle` per style. */
export function heldOutSeeds(heldOut: readonly CorpusTune[], perStyle: number): BenchSeed[] {
  const count = new Map<string, number>();
  const seeds: BenchSeed[] = [];
  for (const tune of heldOut) {
    const style = styleOf(tune);
    if ((count.get(style) ?? 0) >= perStyle || barsOf(tune.melody) < 12) continue;
    count.set(style, (count.get(style) ?? 0) + 1);
    seeds.push({
      style,
      name: tune.title,
      melody: sliceBars(tune.melody, 0, Math.min(16, barsOf(tune.melody))),
    });
  }
  return seeds;
}

/** The MIDI fixtures that import, as seeds. */
export function midiSeeds(folder = path.join(ROOT, 'test/fixtures/midi')): BenchSeed[] {
  return fs
    .readdirSync(folder)
    .filter((name) => name.endsWith('.mid'))
    .sort()
    .flatMap((name) => {
      try {
        const melody = importMidi(new Uint8Array(fs.readFileSync(path.join(folder, name)))).melody;
        return melody.notes.length >= 8 ? [{ style: 'MIDI fixtures', name, melody }] : [];
      } catch {
        return [];
      }
    });
}

/** What one seed's continuations scored. */
export interface SeedScore {
  readonly style: string;
  readonly name: string;
  readonly key: string | null;
  readonly seedInKey: number;
  readonly continuationInKey: number;
  /** continuationInKey / seedInKey. */
  readonly relativeInKey: number;
  /** Mean over variations of the pitch-class similarity of a continuation to the whole seed. */
  readonly similarity: number | null;
  /** Pitch-class similarity of the seed's last 8 bars to the rest of it; null under 12 bars. */
  readonly seedSelfSimilarity: number | null;
  readonly distinct4: number;
  readonly meanLogLikelihood: number;
}

const mean = (values: readonly number[]): number =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : NaN;

/** Continues every seed with `settings` and scores it. */
export function scoreSeeds(
  model: tf.LayersModel,
  vocab: Vocabulary,
  seeds: readonly BenchSeed[],
  settings: GenerateSettingsInput,
  keyHandling: KeyHandling,
): SeedScore[] {
  return seeds.map((seed) => {
    const generation = generateVariations(model, seed.melody, vocab, settings, { keyHandling });
    const key = generation.seedKey;
    const seedInKey = melodyStats(seed.melody, vocab, key).inKeyRatio ?? 1;
    const stats = generation.variations.map((v) => v.stats);
    const continuationInKey = mean(stats.map((s) => s.inKeyRatio ?? 1));
    const similarities = generation.variations
      .map((v) => pitchClassSimilarity(v.notes, seed.melody.notes))
      .filter((value): value is number => value !== null);
    const bars = barsOf(seed.melody);
    const seedSelfSimilarity =
      bars >= 12
        ? pitchClassSimilarity(
            sliceBars(seed.melody, bars - 8, bars).notes,
            sliceBars(seed.melody, 0, bars - 8).notes,
          )
        : null;
    return {
      style: seed.style,
      name: seed.name,
      key: generation.seedKeyName,
      seedInKey,
      continuationInKey,
      relativeInKey: continuationInKey / seedInKey,
      similarity: similarities.length ? mean(similarities) : null,
      seedSelfSimilarity,
      distinct4: mean(stats.map((s) => s.distinct4gramRatio ?? 0)),
      meanLogLikelihood: mean(stats.map((s) => s.meanLogLikelihood)),
    };
  });
}

/** Distinct-4-gram ratios of the held-out tunes' 8-bar stretches: the corpus's own range (10th, 50th, 90th %). */
export function corpusDistinctRange(
  tunes: readonly CorpusTune[],
  vocab: Vocabulary,
): [number, number, number] {
  const ratios: number[] = [];
  for (const { melody } of tunes) {
    for (let from = 0; from + 8 <= barsOf(melody); from += 8) {
      const ratio = melodyStats(sliceBars(melody, from, from + 8), vocab).distinct4gramRatio;
      if (ratio !== null) ratios.push(ratio);
    }
  }
  ratios.sort((a, b) => a - b);
  const at = (q: number) => ratios[Math.min(ratios.length - 1, Math.floor(q * ratios.length))];
  return [at(0.1), at(0.5), at(0.9)];
}

/** Scores averaged per style and over all seeds. */
export function summarize(scores: readonly SeedScore[]): Record<string, Record<string, number | null>> {
  const groups = new Map<string, SeedScore[]>();
  for (const score of scores) groups.set(score.style, [...(groups.get(score.style) ?? []), score]);
  groups.set('all', [...scores]);
  const out: Record<string, Record<string, number | null>> = {};
  for (const [style, group] of groups) {
    const withSelf = group.filter((s) => s.seedSelfSimilarity !== null && s.similarity !== null);
    out[style] = {
      seeds: group.length,
      seedInKey: mean(group.map((s) => s.seedInKey)),
      continuationInKey: mean(group.map((s) => s.continuationInKey)),
      relativeInKey: mean(group.map((s) => s.relativeInKey)),
      similarity: mean(group.filter((s) => s.similarity !== null).map((s) => s.similarity ?? 0)),
      seedSelfSimilarity: withSelf.length ? mean(withSelf.map((s) => s.seedSelfSimilarity ?? 0)) : null,
      similarityOfThoseSeeds: withSelf.length ? mean(withSelf.map((s) => s.similarity ?? 0)) : null,
      distinct4: mean(group.map((s) => s.distinct4)),
      meanLogLikelihood: mean(group.map((s) => s.meanLogLikelihood)),
    };
  }
  return out;
}

/** Milliseconds to generate 4 variations of 8 bars after `seed` with `settings` (median of 5, after one warm-up). */
export function generationMs(
  model: tf.LayersModel,
  vocab: Vocabulary,
  seed: Melody,
  keyHandling: KeyHandling,
  settings: GenerateSettingsInput = {},
): number {
  const times: number[] = [];
  for (let run = 0; run < 6; run += 1) {
    const started = performance.now();
    generateVariations(
      model,
      seed,
      vocab,
      { ...settings, bars: 8, variations: 4, seed: run },
      { keyHandling },
    );
    if (run > 0) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[2];
}

const SWEEP_TEMPERATURES = '0.6,0.8,0.9,1,1.2';
const SWEEP_TOP_P = '1,0.95,0.9';
const SWEEP_TOP_K = '0,5';
const numbers = (list: string): number[] => list.split(',').map(Number);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      json: { type: 'boolean', default: false },
      model: { type: 'string', default: path.join(ROOT, 'resources/models/base-melody/model.bin') },
      temperature: { type: 'string' },
      'top-k': { type: 'string' },
      'top-p': { type: 'string' },
      'stay-in-key': { type: 'boolean' },
      'seed-affinity': { type: 'string' },
      seeds: { type: 'string', default: '60' },
      split: { type: 'string', default: 'held-out' },
      sweep: { type: 'boolean', default: false },
      temperatures: { type: 'string', default: SWEEP_TEMPERATURES },
      'top-ps': { type: 'string', default: SWEEP_TOP_P },
      'top-ks': { type: 'string', default: SWEEP_TOP_K },
      'in-key-too': { type: 'boolean', default: false },
      'seed-affinities': { type: 'string', default: String(DEFAULT_SEED_AFFINITY) },
      'generation-seeds': { type: 'string', default: '7' },
    },
  });
  await initBackend('wasm');
  const threads = await startKernelThreads();
  const loaded = loadMelodyModel(new Uint8Array(fs.readFileSync(values.model)));
  const { model, vocab, info } = loaded;
  const keyHandling = info.keyHandling ?? 'any-key';
  const corpusText = BASE_CORPUS_FILES.map((name) =>
    fs.readFileSync(path.join(ROOT, 'resources/melodies', name), 'utf8'),
  ).join('\n');
  const split = splitCorpus(parseMelodyCorpus(corpusText));
  if (values.split !== 'held-out' && values.split !== 'validation')
    throw new Error(`--split must be held-out or validation (got "${values.split}")`);
  const pool = values.split === 'validation' ? split.validation : split.heldOut;
  const seeds = [...heldOutSeeds(pool, Number(values.seeds)), ...midiSeeds()];
  const settings = parseGenerateSettings({
    ...(values.temperature ? { temperature: Number(values.temperature) } : {}),
    ...(values['top-k'] ? { topK: Number(values['top-k']) } : {}),
    ...(values['top-p'] ? { topP: Number(values['top-p']) } : {}),
    ...(values['stay-in-key'] !== undefined ? { stayInKey: values['stay-in-key'] } : {}),
    ...(values['seed-affinity'] ? { seedAffinity: Number(values['seed-affinity']) } : {}),
  });
  const range = corpusDistinctRange(pool, vocab);
  const log = (line: string) => process.stderr.write(`${line}\n`);

  if (values.sweep) {
    const rows: Record<string, unknown>[] = [];
    const grid: GenerateSettingsInput[] = [];
    for (const temperature of numbers(values.temperatures))
      for (const topK of numbers(values['top-ks']))
        for (const topP of numbers(values['top-ps']))
          for (const seedAffinity of numbers(values['seed-affinities']))
            if (topK === 0 || topP === 1) grid.push({ temperature, topK, topP, seedAffinity });
    if (values['in-key-too']) grid.push(...grid.map((g) => ({ ...g, stayInKey: true })));
    for (const setting of grid) {
      const scores = numbers(values['generation-seeds']).flatMap((seed) =>
        scoreSeeds(model, vocab, seeds, { ...setting, seed }, keyHandling),
      );
      const summary = summarize(scores);
      const all = summary.all;
      const row = { ...setting, ...all, perStyle: summary };
      rows.push(row);
      const styles = Object.entries(summary)
        .filter(([style, s]) => style !== 'all' && s.seedSelfSimilarity !== null)
        .map(
          ([style, s]) =>
            `${style.split(' ')[0]} ${s.similarityOfThoseSeeds?.toFixed(3)}/${s.seedSelfSimilarity?.toFixed(3)}`,
        );
      log(
        `T ${setting.temperature} k ${setting.topK} p ${setting.topP} affinity ${setting.seedAffinity}${setting.stayInKey ? ' in-key' : ''}: in-key ${all.relativeInKey?.toFixed(3)}, distinct-4 ${all.distinct4?.toFixed(3)}, log-lik ${all.meanLogLikelihood?.toFixed(3)}, pc-sim ${all.similarity?.toFixed(3)}, pc-sim of seeds >= 12 bars ${all.similarityOfThoseSeeds?.toFixed(3)} vs their own ${all.seedSelfSimilarity?.toFixed(3)} (${styles.join(', ')})`,
      );
    }
    process.stdout.write(
      `${JSON.stringify({ split: values.split, seeds: seeds.length, corpusDistinct4: range, rows }, null, 2)}\n`,
    );
    model.dispose();
    return;
  }

  const scores = scoreSeeds(model, vocab, seeds, settings, keyHandling);
  const summary = summarize(scores);
  const evaluation = await evaluateOnHeldOut(model, corpusText, { ...BASE_MODEL_SETTINGS, keyHandling });
  const ngram = ngramBaseline(split, { ...BASE_MODEL_SETTINGS, keyHandling });
  const timingSeed = seeds.find((s) => barsOf(s.melody) >= 16) ?? seeds[0];
  const ms = generationMs(model, vocab, timingSeed.melody, keyHandling, settings);
  model.dispose();
  const result = {
    model: { file: path.relative(ROOT, values.model), description: info.description, keyHandling },
    settings,
    threads,
    perStyle: summary,
    corpusDistinct4: { p10: range[0], median: range[1], p90: range[2] },
    heldOut: {
      tunes: split.heldOut.length,
      steps: evaluation.tokens,
      model: { accuracy: evaluation.accuracy, perplexity: evaluation.perplexity },
      ngram3: { accuracy: ngram.accuracy, perplexity: ngram.perplexity },
    },
    generate4x8BarsMs: ms,
    goals: {
      relativeInKey: { value: summary.all.relativeInKey, goal: '>= 0.95' },
      similarity: {
        value: summary.all.similarityOfThoseSeeds,
        goal: `>= seed self-similarity ${summary.all.seedSelfSimilarity?.toFixed(3)}`,
      },
      distinct4: {
        value: summary.all.distinct4,
        goal: `within corpus p10-p90 ${range[0].toFixed(3)}-${range[2].toFixed(3)}`,
      },
      accuracy: { value: evaluation.accuracy, goal: `> 3-gram ${ngram.accuracy.toFixed(4)}` },
      perplexity: { value: evaluation.perplexity, goal: `< 3-gram ${ngram.perplexity.toFixed(3)}` },
      generateMs: { value: ms, goal: '< 1000' },
    },
    seeds: scores,
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  const f = (value: number | null | undefined, digits = 3) => (value == null ? '—' : value.toFixed(digits));
  const lines = [
    `Melody benchmark: ${result.model.file} (${keyHandling}), T ${settings.temperature}, top-k ${settings.topK}, top-p ${settings.topP}, stay in key ${settings.stayInKey}, seed affinity ${settings.seedAffinity}`,
    '',
    'style | seeds | in-key seed | in-key cont. | relative | pc-sim cont. | pc-sim seed last 8 vs rest | distinct-4',
    ...Object.entries(summary).map(
      ([style, s]) =>
        `${style} | ${s.seeds} | ${f(s.seedInKey)} | ${f(s.continuationInKey)} | ${f(s.relativeInKey)} | ${f(s.similarityOfThoseSeeds ?? s.similarity)} | ${f(s.seedSelfSimilarity)} | ${f(s.distinct4)}`,
    ),
    '',
    `corpus 8-bar distinct-4 ratio: p10 ${f(range[0])}, median ${f(range[1])}, p90 ${f(range[2])}`,
    `held-out (${split.heldOut.length} tunes, ${evaluation.tokens} steps): model accuracy ${f(evaluation.accuracy * 100, 1)}%, perplexity ${f(evaluation.perplexity)}; 3-gram ${f(ngram.accuracy * 100, 1)}%, ${f(ngram.perplexity)}`,
    `4 variations x 8 bars: ${ms.toFixed(0)} ms (${threads} kernel threads)`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  await main();
}
