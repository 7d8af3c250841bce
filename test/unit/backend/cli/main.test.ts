import { afterEach, describe, expect, it, vi } from 'vitest';
import { main, parsePort } from '../../../../src/backend/cli/main';

afterEach(() => vi.restoreAllMocks());

function capture() {
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
  return { out: () => out, err: () => err };
}

describe('rnn-lab CLI', () => {
  it('prints its help with exit code 0', async () => {
    const io = capture();
    expect(await main(['--help'])).toBe(0);
    expect(io.out()).toMatch(/rnn-lab serve \[--port N\] \[--db PATH\]/);
  });

  it('answers an unknown command or option with one line and exit code 2', async () => {
    const io = capture();
    expect(await main(['fly'])).toBe(2);
    expect(io.err()).toBe('rnn-lab: unknown command "fly". Run rnn-lab --help for the list of commands.\n');
    expect(await main(['serve', '--colour'])).toBe(2);
    expect(io.err().split('\n')[1]).toMatch(/^rnn-lab: Unknown option '--colour'/);
  });

  it('validates --port', () => {
    expect(parsePort(undefined)).toBeUndefined();
    expect(parsePort('8080')).toBe(8080);
    expect(() => parsePort('80.5')).toThrow(/--port must be a whole number/);
    expect(() => parsePort('70000')).toThrow(/--port must be a whole number/);
  });
});
