// Reads M4 competition files (one series per row: id, then values; the test file holds the next H values).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface M4Series {
  id: string;
  train: number[];
  test: number[];
}

/** The shared M4 folder on the lab machines; CI clones do not have it. */
export const SHARED_M4_DIR = '/work/shared/data/m4';

/** The committed M4 excerpt (first series of each frequency). */
export const FIXTURE_M4_DIR = fileURLToPath(new URL('../../../../fixtures/m4', import.meta.url));

function parseRows(text: string): Map<string, number[]> {
  const rows = new Map<string, number[]>();
  const lines = text.split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '') continue;
    const cells = line.split(',').map((c) => c.replace(/^"|"$/g, ''));
    const values = cells
      .slice(1)
      .filter((c) => c !== '')
      .map(Number);
    rows.set(cells[0], values);
  }
  return rows;
}

/** Loads `<Frequency>-train.csv` and `<Frequency>-test.csv` from `dir`, in file order. */
export function readM4(dir: string, frequency: 'Weekly' | 'Hourly'): M4Series[] {
  const train = parseRows(readFileSync(join(dir, `${frequency}-train.csv`), 'utf8'));
  const test = parseRows(readFileSync(join(dir, `${frequency}-test.csv`), 'utf8'));
  return [...train].map(([id, values]) => {
    const t = test.get(id);
    if (!t) throw new Error(`${frequency}: no test values for ${id}`);
    return { id, train: values, test: t };
  });
}

/**
 * For tests on the full shared M4 files: `run` is true when they are present; otherwise it warns, loudly,
 * what is skipped, and `title` carries the reason into the skipped test's name.
 */
export function sharedM4(what: string): { run: boolean; title: (name: string) => string } {
  const run = existsSync(join(SHARED_M4_DIR, 'Weekly-train.csv'));
  const reason = `the full M4 files are not in ${SHARED_M4_DIR}`;
  if (!run) {
    console.warn(
      `SKIPPED: ${what}: ${reason} (CI clones do not have them); only the committed excerpt in ` +
        'test/fixtures/m4 is checked.',
    );
  }
  return { run, title: (name) => (run ? name : `${name} [SKIPPED: ${reason}]`) };
}
