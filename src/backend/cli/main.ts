import { parseArgs } from 'node:util';
import { toWireError } from '../lab/dispatch';
import { UsageError } from './errors';
import { runExperimentsCommand } from './experiments';
import { runForecastCommand } from './forecast';
import { runAllSeriesCommand, runBenchmarkCommand } from './global';
import { runMemoryChallengeCommand } from './memoryChallenge';
import { runMelodyCommand } from './melody';
import { runServe } from './serve';
import { runTrainBaseMelody } from './trainBaseMelody';
import { startKernelThreads } from '../engine/kernelThreads';
import { asksForHelp, COMMAND_HELP } from './help';

export const HELP = `rnn-lab — a lab for recurrent neural networks

Usage:
  rnn-lab serve [--port N] [--db PATH]    start the browser host on 127.0.0.1 and print its URL
  rnn-lab forecast FILE.csv [--target COL] [--key SERIES] [--cell lstm|gru|rnn] [--lookback N]
          [--horizon N] [--epochs N] [--units N] [--seed N] [--backend wasm|cpu] [--engine lab|tfjs]
          [--db PATH] [--json]
                                          train a forecaster with the app's defaults, print metrics against
                                          the baselines and the forecast, and save the run in the database
  rnn-lab forecast FILE.csv --all-series [--key COL] [--target COL] [--horizon N] [--season M]
          [--series N | --series-from A --series-to B] [--local] [--seed N] [--bundle FILE.rnnlab]
          [--db PATH] [--json]
                                          forecast every series of a long-format file with one network
                                          (or one per series with --local), score each against Naive2,
                                          seasonal naive and the classical methods, save one experiment
  rnn-lab benchmark m4 --train TRAIN.csv --test TEST.csv --horizon H --season M [--series N]
          [--series-from A --series-to B] [--seed S] [--local] [--json] [--bundle FILE.rnnlab]
                                          the M4 benchmark on the competition's files: per-series and
                                          aggregate sMAPE, MASE and OWA against Naive2, as M4 computed them
  rnn-lab melody SEED.mid [--bars N] [--temperature T] [--top-k K] [--top-p P] [--stay-in-key]
          [--seed-affinity B] [--variations N] [--seed N] [--track N] [--fine-tune EPOCHS | --scratch EPOCHS]
          [--continuation-only] [--out FILE.mid] [--db PATH] [--json]
                                          continue a melody with the base model (fine-tuned on the seed,
                                          or a model trained from scratch, when asked): write the MIDI file(s)
                                          (FILE-1.mid, FILE-2.mid... for several variations), print each
                                          variation's statistics and save the run in the database
  rnn-lab train-base-melody [--out DIR] [--epochs N]
                                          retrain the shipped base melody model (npm run train:base-melody)
  rnn-lab experiments list [--kind K] [--tag T] [--text Q] [--sort COLUMN] [--json] [--db PATH]
                                          list saved experiments (filter, sort; --json for scripts)
  rnn-lab experiments export ID... -o FILE.rnnlab [--db PATH]
                                          write experiments whole (weights, predictions, datasets) to one file
  rnn-lab experiments import FILE.rnnlab [--db PATH]
                                          read such a file; experiments already present are skipped
  rnn-lab memory-challenge [--task copy|adding] [--lags 5,10,20,40] [--seed N] [--db PATH] [--json]
          [--cells rnn,lstm,gru] [--init default|chrono|default,chrono] [--tmax N] [--steps N]
          [--curriculum] [--epochs N] [--units N] [--backend wasm|cpu]
                                          train SimpleRNN, LSTM and GRU on a synthetic memory task for
                                          each lag (copy: steps back to the marked symbol; adding: the
                                          sequence length) until solved or out of budget (--steps, else
                                          --epochs), with the default forget-gate bias and/or chrono gate
                                          initialisation (T_max: --tmax, else the sequence length),
                                          optionally growing the lag (--curriculum); print their accuracy
                                          and save each run
  rnn-lab COMMAND --help                  the options of one command
  rnn-lab --help                          show this help

Options:
  --db PATH     the lab database (default ~/.rnn-lab/lab.db)
  --port N      port for the browser host (default: a free port)
  --engine E    what runs the recurrent layers: lab (the fused kernels, default) or tfjs (stock layers)

The desktop app is installed on its own (see the README); this command needs no build and no Electron.
Exit codes: 0 success, 1 unexpected failure, 2 bad input.`;

export { UsageError };

/** Runs the CLI with the given arguments; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '--help' || command === '-h' || command === 'help') {
      process.stdout.write(`${HELP}\n`);
      return 0;
    }
    const help = COMMAND_HELP[command];
    if (help !== undefined && asksForHelp(rest)) {
      process.stdout.write(`${help}\n`);
      return 0;
    }
    switch (command) {
      case 'serve': {
        const { values } = parseArgs({
          args: rest,
          options: { port: { type: 'string' }, db: { type: 'string' } },
          strict: true,
        });
        return await runServe({ port: parsePort(values.port), db: values.db });
      }
      case 'start':
        throw new UsageError(
          'there is no start command: install the desktop app (npm run dist builds it), or run rnn-lab serve to use the lab in a browser.',
        );
      case 'forecast':
        return rest.includes('--all-series')
          ? await runAllSeriesCommand(rest)
          : await runForecastCommand(rest);
      case 'benchmark':
        return await runBenchmarkCommand(rest);
      case 'melody':
        await startKernelThreads();
        return await runMelodyCommand(rest);
      case 'memory-challenge':
        await startKernelThreads();
        return await runMemoryChallengeCommand(rest);
      case 'experiments':
        return await runExperimentsCommand(rest);
      case 'train-base-melody':
        await startKernelThreads();
        return await runTrainBaseMelody(rest);
      default:
        throw new UsageError(`unknown command "${command}". Run rnn-lab --help for the list of commands.`);
    }
  } catch (error) {
    if (isParseArgsError(error)) {
      process.stderr.write(`rnn-lab: ${(error as Error).message}\n`);
      return 2;
    }
    const shape = toWireError(error);
    if (shape.code !== 'INTERNAL') {
      process.stderr.write(`rnn-lab: ${shape.message}\n`);
      return 2;
    }
    // A programming error: the stack only when asked for (RNN_LAB_DEBUG=1), the message always.
    const detail = process.env['RNN_LAB_DEBUG'] && error instanceof Error ? (error.stack ?? '') : '';
    process.stderr.write(`rnn-lab: ${shape.message}${detail ? `\n${detail}` : ''}\n`);
    return 1;
  }
}

function isParseArgsError(error: unknown): boolean {
  return (
    error instanceof Error &&
    'code' in error &&
    String((error as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')
  );
}

/** Parses --port; undefined means "pick a free port". */
export function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UsageError(`--port must be a whole number between 0 and 65535 (got "${value}").`);
  }
  return port;
}
