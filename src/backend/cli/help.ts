import { COMBINED_WITH } from '../../core/model/competitors';
import { DEFAULT_SEED_AFFINITY } from '../../core/music/melodySettings';
import { MAX_SEED_AFFINITY } from '../../core/music/seedAffinity';
import { EXPERIMENTS_HELP } from './experiments';
import { ALL_SERIES_HELP, BENCHMARK_HELP } from './globalHelp';

const DB = '  --db PATH               the lab database (default ~/.rnn-lab/lab.db)';

/** `rnn-lab COMMAND --help`: one command's usage and every option it accepts. */
export const COMMAND_HELP: Readonly<Record<string, string>> = {
  serve: `rnn-lab serve — the lab in a browser

Usage: rnn-lab serve [--port N] [--db PATH]

Serves the app on 127.0.0.1 only and prints its URL with a random token (a new one each start);
every API call needs that token and a same-origin request. Ctrl-C stops it.

Options:
  --port N                port to listen on (default: a free port)
${DB}`,

  forecast: `rnn-lab forecast — train a forecaster on a CSV and save the run

Usage: rnn-lab forecast FILE.csv [options]

The settings are the ones the app proposes for the file; each option overrides one of them. Progress goes
to stderr; stdout gets the metrics against the naive, seasonal-naive and drift baselines, the classical
methods (ETS, Theta, AutoARIMA, Naive2) on the last test windows, the transforms the recipe chose and the
forecast with its 80% and 95% intervals (or one JSON object with --json: config, competitors, recipe).

Options:
  --target COL            the column to forecast (default: the one the app proposes)
  --key SERIES            the series to use in a long table (a key column holding several series)
  --cell lstm|gru|rnn     the recurrent cell
  --lookback N            input steps per window
  --horizon N             steps to forecast
  --epochs N              maximum training epochs (early stopping keeps the best weights)
  --units N               units per recurrent layer
  --seed N                random seed (the same seed gives the same run)
  --transform LIST        the recipe's transforms, comma-separated: auto (default: chosen from the data),
                          none, log, boxcox=λ, and classical-mult, classical-add, stl or no-season;
                          or direct: no recipe (one network on scaled levels, early stopping)
  --ensemble N            networks in the recipe's ensemble, 1-30 (default 5); the forecast is their median
  --combine on|off        the forecast is the median of the ensemble, ${COMBINED_WITH} (default on);
                          off: the ensemble alone
  --auto                  search cell, lookback, transforms and ensemble size on rolling origins before the
                          test part, next to the classical methods, and train the best
  --backend wasm|cpu      tfjs backend (default wasm)
  --engine lab|tfjs       what runs the recurrent layers: the lab's fused kernels (default) or stock tfjs
${DB}
  --json                  print one JSON object instead of tables

${ALL_SERIES_HELP}

Exit codes: 0 success, 1 unexpected failure, 2 bad input (not a table, a bad option).`,

  benchmark: BENCHMARK_HELP,

  melody: `rnn-lab melody — continue a MIDI melody with the base model, fine-tuned or trained anew

Usage: rnn-lab melody SEED.mid [options]

Writes the seed followed by each continuation as MIDI (FILE-1.mid, FILE-2.mid... for several
variations), prints each variation's notes and statistics and saves the run in the database.

Options:
  --bars N                bars to add after the seed, 1-32 (default 8)
  --temperature T         sampling temperature, 0.1-2 (default 1)
  --top-k K               sample among the K most likely steps only (default 0: all)
  --top-p P               sample among the most likely steps holding P of the probability (default 0.95)
  --stay-in-key           never sample a pitch outside the seed's key
  --seed-affinity B       lean sampled pitches toward the seed's own pitch classes, 0-${MAX_SEED_AFFINITY} (default
                          ${DEFAULT_SEED_AFFINITY}; 0 = off)
  --fine-tune EPOCHS      fine-tune the base model on the seed first, for EPOCHS epochs
  --scratch EPOCHS        train a new model on the corpus and the seed first (the base model's recipe)
  --variations N          continuations to write, 1-8 (default 1)
  --seed N                random seed (the same seed gives the same variations)
  --track N               the MIDI track to read (default: the one that looks most like a melody)
  --from-bar N            first bar of the seed, from 1 (default: the last 8 bars of a track longer than
                          16 bars, else the whole track)
  --to-bar N              last bar of the seed, included (default: the track's last bar)
  --continuation-only     leave the seed out of the written files
  --out FILE.mid          where to write (default SEED-continued.mid in the current folder)
${DB}
  --json                  print one JSON object instead of tables

Exit codes: 0 success, 1 unexpected failure, 2 bad input (not a MIDI file, no notes, a bad option).`,

  'memory-challenge': `rnn-lab memory-challenge — how far back can each cell remember?

Usage: rnn-lab memory-challenge [options]

Trains SimpleRNN, LSTM and GRU on a synthetic task for each lag (until solved or out of budget), prints
their accuracy and saves every run as an experiment. Progress goes to stderr.

Options:
  --task copy|adding      copy: recall the symbol marked k steps ago; adding: sum two marked numbers in a
                          sequence of length k (default copy)
  --lags 5,10,20,40       the lags to try (default 5,10,20,40)
  --cells rnn,lstm,gru    the cells to train (default all three)
  --init default|chrono   gate initialisation of LSTM and GRU: the default forget-gate bias 1, chrono
                          (forget times spread up to T_max), or default,chrono to train both (default: default)
  --tmax N                chrono's T_max, the longest dependency to remember (default: the sequence length)
  --steps N               train until solved or N steps (rounded up to whole epochs)
  --curriculum            train at a short lag first and double it once solved, up to the asked lag
  --epochs N              training epochs per run (when --steps is not given)
  --units N               units per recurrent layer (at most 512)
  --seed N                random seed (default 1)
  --backend wasm|cpu      tfjs backend (default wasm)
${DB}
  --json                  one JSON line per run: {cell, lag, init, tMax, accuracy, steps, solved, ...}`,

  'train-base-melody': `rnn-lab train-base-melody — retrain the shipped base melody model

Usage: rnn-lab train-base-melody [--out DIR] [--epochs N] [--backend wasm|cpu] [--key-handling MODE] [--attention N]

Trains the base model on the melody corpus and writes model.bin, metrics.json and README.md.

Options:
  --out DIR               where to write (default resources/models/base-melody of this installation)
  --epochs N              training epochs (default: the shipped model's)
  --backend wasm|cpu      tfjs backend (default wasm)
  --key-handling MODE     common-key, key-prompt or any-key (default: the shipped model's)
  --attention N           attend over the LSTM's last N outputs, 1-64 (default 0: none)`,

  experiments: EXPERIMENTS_HELP,
};

/** True when the arguments ask for help (`--help` or `-h` anywhere). */
export function asksForHelp(argv: readonly string[]): boolean {
  return argv.includes('--help') || argv.includes('-h');
}
