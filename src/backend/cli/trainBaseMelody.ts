import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { initBackend } from '../../core/model/backend';
import { BASE_CORPUS_FILES, BASE_MODEL_SETTINGS, trainBaseMelodyModel } from '../../core/music/baseModel';
import type { BaseModelMetrics } from '../../core/music/baseModel';
import { KEY_HANDLINGS } from '../../core/music/keyRelative';
import type { KeyHandling } from '../../core/music/keyRelative';
import { packMelodyModel } from '../../core/music/melodyModelFile';
import { resourcesDir } from '../paths';
import { UsageError } from './errors';

const pct = (value: number): string => `${(value * 100).toFixed(1)}%`;

/** The model folder's README, written with the numbers of the run. */
export function baseModelReadme(metrics: BaseModelMetrics): string {
  const s = metrics.settings;
  const tunes = metrics.trainTunes + metrics.validationTunes.length + metrics.heldOutTunes.length;
  const keys =
    s.keyHandling === 'common-key'
      ? 'each moved to C major or A minor from its Krumhansl-Schmuckler key (the smallest shift, -5 to +6 semitones)'
      : `each in ${s.keysPerTune} random key${s.keysPerTune === 1 ? '' : 's'} (${s.keyHandling})`;
  return `# Base melody model

\`model.bin\` is the model the "Continue a melody" view and \`rnn-lab melody\` start from: an ${metrics.model.label}
next-step model over 39 tokens (rest, hold, and every pitch from C3 to C6) on a grid of 4 steps per quarter note.
Input tokens are one-hot, embedded by a bias-free Dense layer of ${metrics.spec.embeddingSize} units, followed by
${metrics.spec.layers === 1 ? 'one LSTM layer' : `${metrics.spec.layers} LSTM layers`} of ${metrics.spec.units} units (sigmoid gates) and a Dense layer giving the logits of the next
token. The file is one blob: a JSON description (spec, pitch range, grid, key handling) and the float32 weights
(layout in \`src/core/music/melodyModelFile.ts\`).

It is key-relative (\`keyHandling: "${s.keyHandling}"\` in the file): it was trained on tunes in C major or A minor, so
\`generateVariations\` moves a seed there from its estimated key and moves the continuation back (pass
\`{ keyHandling: info.keyHandling }\`; the default does the same).

## Held-out results

Scored on every step of ${metrics.heldOutTunes.length} tunes held out of training and of early stopping (a fixed 5% of the corpus, all
collections), in the common key as the model reads them: ${metrics.heldOutSteps} steps, each predicted from the tune's start up
to the step before.

| model | next-step accuracy | perplexity |
|---|---|---|
| ${metrics.model.label} (this model) | ${pct(metrics.model.accuracy)} | ${metrics.model.perplexity.toFixed(2)} |
| ${metrics.ngram.label}, same training tunes in the same keys | ${pct(metrics.ngram.accuracy)} | ${metrics.ngram.perplexity.toFixed(2)} |

\`metrics.json\` holds the exact values, the training history and every setting. \`EVALUATION.md\` compares the
key handlings, the previous model and the sampling settings, and gives the melody benchmark's numbers
(\`npx tsx bench/melody.ts\`).

## How it was trained

- Corpus: \`resources/melodies/melodies.txt\` and \`folk.txt\`, ${tunes} tunes; ${Math.round(s.heldOutFraction * 100)}% are held out by a fixed seed
  (${s.heldOutSeed}); of the rest, ${metrics.validationTunes.length} tunes (${Math.round(s.validationFraction * 100)}%, seed ${s.validationSeed}) only decide when to stop.
- Keys: the ${metrics.trainTunes} training tunes ${keys}; each tune follows a bar of rests; one stream in a seeded
  order, cut into ${s.windowSteps}-step windows (${metrics.trainWindows} windows).
- Training: softmax cross-entropy, Adam (learning rate ${s.learningRate}), batch ${s.batchSize}, gradients clipped to a global
  norm of ${s.clipNorm}, seed ${metrics.seed}, at most ${s.epochs} epochs with early stopping (patience ${s.patience}); ran ${metrics.epochsRun} epochs,
  kept epoch ${metrics.bestEpoch ?? '—'}, ${metrics.trainingSeconds} s on the tfjs ${metrics.backend} backend with the lab engine (${metrics.date}).
- The n-gram baseline (interpolated Kneser-Ney, order ${metrics.ngram.order}) is trained on the same tunes in the same keys, plus
  the validation tunes.
- Why this size: one LSTM layer of 256 units (same data and settings) reached 68.7% and perplexity 2.63 but stopped
  improving after 6 epochs, took 345 s and continued held-out seeds no better (pitch-class similarity 0.761 against
  0.767), so the smaller model stays.

## Reproduce

\`\`\`sh
npm run train:base-melody      # rnn-lab train-base-melody: rewrites model.bin, metrics.json and this README
\`\`\`

The same settings and backend give the same weights; \`test/unit/core/music/baseModel.test.ts\` loads \`model.bin\`
and checks that it reproduces the held-out accuracy and perplexity above.

## Licence

Trained by the RNN Lab authors on public-domain tunes: our own transcriptions and public-domain collections
converted from ABC (see \`resources/melodies/README.md\` and \`SOURCES.md\`); distributed under the project's
licence (MIT).
`;
}

/**
 * `rnn-lab train-base-melody [--out DIR] [--epochs N] [--key-handling common-key|key-prompt|any-key] [--attention N]`:
 * trains the base melody model (with attention over the last N outputs when N > 0) on the corpus files (wasm backend) and writes model.bin, metrics.json and README.md to
 * resources/models/base-melody (or DIR).
 */
export async function runTrainBaseMelody(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      out: { type: 'string' },
      epochs: { type: 'string' },
      backend: { type: 'string', default: 'wasm' },
      'key-handling': { type: 'string' },
      attention: { type: 'string' },
    },
  });
  const epochs = values.epochs === undefined ? BASE_MODEL_SETTINGS.epochs : Number(values.epochs);
  if (!Number.isInteger(epochs) || epochs < 1)
    throw new UsageError(`--epochs must be a whole number >= 1 (got "${values.epochs}").`);
  const backend = values.backend;
  if (backend !== 'wasm' && backend !== 'cpu')
    throw new UsageError(`--backend must be wasm or cpu (got "${backend}").`);
  const keyHandling = (values['key-handling'] ?? BASE_MODEL_SETTINGS.keyHandling) as KeyHandling;
  if (!KEY_HANDLINGS.includes(keyHandling))
    throw new UsageError(`--key-handling must be one of ${KEY_HANDLINGS.join(', ')} (got "${keyHandling}").`);
  const attention =
    values.attention === undefined ? BASE_MODEL_SETTINGS.spec.attention : Number(values.attention);
  if (!Number.isInteger(attention) || attention < 0 || attention > 64)
    throw new UsageError(
      `--attention must be a whole number of steps from 0 (none) to 64 (got "${values.attention}").`,
    );
  const out = path.resolve(values.out ?? path.join(resourcesDir(), 'models', 'base-melody'));
  const log = (line: string) => process.stderr.write(`${line}\n`);

  await initBackend(backend);
  const corpus = BASE_CORPUS_FILES.map((name) =>
    fs.readFileSync(path.join(resourcesDir(), 'melodies', name), 'utf8'),
  ).join('\n');
  const controller = new AbortController();
  const onSigint = () => {
    log('Stopping after this batch (the best weights so far are kept)…');
    controller.abort();
  };
  process.once('SIGINT', onSigint);
  let lastLine = 0;
  const run = await trainBaseMelodyModel(corpus, {
    settings: {
      ...BASE_MODEL_SETTINGS,
      spec: { ...BASE_MODEL_SETTINGS.spec, attention },
      epochs,
      keyHandling,
    },
    backend,
    signal: controller.signal,
    onProgress: (p) => {
      const now = Date.now();
      if (now - lastLine < 5000) return;
      lastLine = now;
      log(
        `  epoch ${p.epoch + 1}/${epochs}  batch ${p.batch + 1}/${p.batchesPerEpoch}  loss ${p.loss.toFixed(4)}  ~${Math.round(p.etaSeconds)} s left at most`,
      );
    },
    onEpoch: (e) =>
      log(
        `epoch ${e.epoch + 1}: loss ${e.loss.toFixed(4)}, validation ${e.valLoss?.toFixed(4) ?? '—'}${e.improved ? ' (best)' : ''}, ${e.epochSeconds.toFixed(0)} s`,
      ),
  }).finally(() => process.removeListener('SIGINT', onSigint));

  try {
    fs.mkdirSync(out, { recursive: true });
    fs.writeFileSync(path.join(out, 'model.bin'), await packMelodyModel(run.model, run.info));
    fs.writeFileSync(path.join(out, 'metrics.json'), `${JSON.stringify(run.metrics, null, 2)}\n`);
    fs.writeFileSync(path.join(out, 'README.md'), baseModelReadme(run.metrics));
  } finally {
    run.model.dispose();
  }
  const m = run.metrics;
  process.stdout.write(
    `${run.result.message}\n` +
      `Held-out (${m.heldOutSteps} steps of ${m.heldOutTunes.length} tunes): ${m.model.label} accuracy ${pct(m.model.accuracy)}, perplexity ${m.model.perplexity.toFixed(2)}; ` +
      `${m.ngram.label} accuracy ${pct(m.ngram.accuracy)}, perplexity ${m.ngram.perplexity.toFixed(2)}.\n` +
      `Wrote ${path.join(out, 'model.bin')}, metrics.json and README.md.\n`,
  );
  return run.result.status === 'diverged' ? 1 : 0;
}
