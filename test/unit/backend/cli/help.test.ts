import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../../src/backend/cli/main';
import { COMMAND_HELP } from '../../../../src/backend/cli/help';

afterEach(() => vi.restoreAllMocks());

/** Runs the CLI and returns its exit code and what it wrote to stdout and stderr. */
async function run(...argv: string[]) {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err += String(chunk);
    return true;
  });
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, out, err };
}

describe('rnn-lab COMMAND --help', () => {
  it.each(Object.keys(COMMAND_HELP))('%s answers --help and -h with its own usage', async (command) => {
    for (const flag of ['--help', '-h']) {
      const { code, out, err } = await run(command, flag);
      expect(code).toBe(0);
      expect(err).toBe('');
      expect(out).toMatch(new RegExp(`^rnn-lab ${command} — `));
    }
  });

  it('lists the options each command accepts', async () => {
    const expected: Record<string, string[]> = {
      serve: ['--port N', '--db PATH'],
      forecast: ['--target', '--key', '--cell', '--lookback', '--horizon', '--epochs', '--units', '--seed'],
      melody: [
        '--bars',
        '--temperature',
        '--top-k',
        '--seed-affinity B',
        '--variations',
        '--track',
        '--continuation-only',
        '--out',
      ],
      'memory-challenge': ['--task', '--lags', '--cells', '--epochs', '--units', '--backend', '--json'],
      'train-base-melody': ['--out DIR', '--epochs N', '--backend', '--key-handling'],
      experiments: ['experiments list', 'experiments export', 'experiments import', '--sort'],
    };
    for (const [command, options] of Object.entries(expected)) {
      const { out } = await run(command, '--help');
      for (const option of options) expect(out, `${command} --help`).toContain(option);
    }
  });

  it('answers help after other arguments, even a file that does not exist', async () => {
    const { code, out } = await run('melody', 'missing.mid', '--bars', '4', '--help');
    expect(code).toBe(0);
    expect(out).toContain('Usage: rnn-lab melody SEED.mid [options]');
  });

  it('says where the desktop app went when asked for start', async () => {
    const { code, err } = await run('start');
    expect(code).toBe(2);
    expect(err).toMatch(/^rnn-lab: there is no start command: install the desktop app/);
  });
});
