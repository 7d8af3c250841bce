import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesToOpen, openedFileKind } from '../../../../electron/main/openFiles';

describe('files the desktop app is asked to open', () => {
  it('knows the associated extensions, in any case', () => {
    expect(openedFileKind('/data/sales.csv')).toBe('csv');
    expect(openedFileKind('C:\\Music\\Tune.MID')).toBe('midi');
    expect(openedFileKind('tune.midi')).toBe('midi');
    expect(openedFileKind('runs.rnnlab')).toBe('rnnlab');
    expect(openedFileKind('notes.txt')).toBeNull();
    expect(openedFileKind('rnnlab')).toBeNull();
  });

  it('takes the files from a packaged command line, skipping the executable and flags', () => {
    const argv = ['/opt/RNN Lab/rnn-lab', '--no-sandbox', 'sales.csv', '/music/tune.mid', 'readme.md'];
    expect(filesToOpen(argv, true, '/home/me')).toEqual([
      path.resolve('/home/me', 'sales.csv'),
      path.resolve('/music/tune.mid'),
    ]);
  });

  it('skips the app script of an unpackaged start', () => {
    const argv = ['/usr/bin/electron', 'out/main/index.js', '--db=/tmp/lab.db', 'runs.rnnlab'];
    expect(filesToOpen(argv, false, '/work')).toEqual([path.resolve('/work', 'runs.rnnlab')]);
  });
});
