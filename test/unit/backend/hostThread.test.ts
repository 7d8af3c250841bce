import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { encodeWire, isUserError, WireFormatError } from '../../../src/core/api';
import { decodeWireInThread, importInThread, summarizeInThread } from '../../../src/backend/hostThread';
import { openDatabase } from '../../../src/backend/store/db';

const encoder = new TextEncoder();

describe('host thread', () => {
  it('summarises a CSV off the request loop', async () => {
    const summary = await summarizeInThread('csv', 'a.csv', encoder.encode('t,v\n1,2\n2,3\n3,5\n'));
    expect(summary).toMatchObject({ rows: 3, columns: [{ name: 't' }, { name: 'v' }] });
  });

  it('brings back the user error of a bad file with its code and reason', async () => {
    const error = await summarizeInThread(
      'csv',
      'wide.csv',
      encoder.encode(`${'v_1x,'.repeat(20_000)}\n`),
    ).catch((e: unknown) => e);
    expect(isUserError(error)).toBe(true);
    expect(error).toMatchObject({ wireCode: 'BAD_INPUT', code: 'too-many-columns' });
    expect((error as Error).message).toMatch(
      /^wide\.csv: The table has 20,001 columns; RNN Lab reads up to 10,000\./,
    );
  });

  it('decodes a wire body with bytes, and refuses a deep one as a wire format error', async () => {
    const bytes = new Uint8Array([1, 2, 3, 250]);
    expect(await decodeWireInThread(encoder.encode(encodeWire({ name: 'x', bytes })))).toEqual({
      name: 'x',
      bytes,
    });
    const deep = encoder.encode('['.repeat(100) + ']'.repeat(100));
    await expect(decodeWireInThread(deep)).rejects.toThrow(
      new WireFormatError('nested more than 64 levels deep'),
    );
  });

  it('stops a job that takes longer than its time limit with a message', async () => {
    const many = encoder.encode(
      `t,v\n${Array.from({ length: 200_000 }, (_, i) => `${i},${i % 7}`).join('\n')}`,
    );
    await expect(summarizeInThread('csv', 'slow.csv', many, { timeoutMs: 1 })).rejects.toThrow(
      'slow.csv: reading it took longer than 0 s. Import a smaller file (fewer rows or columns).',
    );
  });

  it('says a database held by another process is busy, in words, when an import cannot store its file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-thread-'));
    const dbPath = path.join(dir, 'lab.db');
    openDatabase(dbPath).close();
    const other = new Database(dbPath);
    other.pragma('locking_mode = EXCLUSIVE');
    other.exec('BEGIN EXCLUSIVE');
    try {
      const error = await importInThread('csv', 'a.csv', encoder.encode('t,v\n1,2\n2,3\n'), { dbPath }).catch(
        (e: unknown) => e,
      );
      expect(error).toMatchObject({
        wireCode: 'CONFLICT',
        message: 'The database is busy (another RNN Lab may be using it). Try again.',
      });
    } finally {
      other.exec('ROLLBACK');
      other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
