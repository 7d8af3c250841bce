import { parseArgs } from 'node:util';
import { LabError } from '../../core/api';
import { UsageError } from './errors';
import { runExperimentsCommand } from './experiments';
import { runForecastCommand } from './forecast';
import { runMemoryChallengeCommand } from './memoryChallenge';
import { runMelodyCommand } from './melody';
import { runServe } from './serve';
import { runTrainBaseMelody } from './trainBaseMelody';
import { startKernelThreads } from '../engine/kernelThreads';
import { asksForHelp, COMMAND_HELP, HELP } from './help';

export { HELP };

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
        return await runForecastCommand(rest);
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
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`rnn-lab: ${(error as Error).message}\n`);
      return 2;
    }
    if (
      error instanceof LabError &&
      (error.code === 'BAD_INPUT' || error.code === 'CONFLICT' || error.code === 'INVALID_ARGUMENT')
    ) {
      process.stderr.write(`rnn-lab: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `rnn-lab: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
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
