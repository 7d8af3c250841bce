/**
 * Writes the generated parts of README.md from their one source: the Melody view's notes on the three ways to
 * continue a melody (src/core/music/melodyModeNotes.ts over resources/models/base-melody/metrics.json).
 * `npx tsx tools/docs/readme.ts` rewrites them; `--check` exits 1 when README.md is out of date.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BaseModelMetrics } from '../../src/core/music/baseModel';
import { melodyModesReadme } from '../../src/core/music/melodyModeNotes';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const START = '<!-- melody-modes:start -->';
const END = '<!-- melody-modes:end -->';

/** README text with the block between the melody-modes markers replaced by the generated notes. */
export function withMelodyModes(readme: string, metrics: BaseModelMetrics): string {
  const a = readme.indexOf(START);
  const b = readme.indexOf(END);
  if (a < 0 || b < a) throw new Error(`README.md has no ${START} … ${END} block.`);
  return `${readme.slice(0, a + START.length)}\n${melodyModesReadme(metrics)}\n${readme.slice(b)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const file = path.join(ROOT, 'README.md');
  const metrics = JSON.parse(
    fs.readFileSync(path.join(ROOT, 'resources/models/base-melody/metrics.json'), 'utf8'),
  ) as BaseModelMetrics;
  const current = fs.readFileSync(file, 'utf8');
  const next = withMelodyModes(current, metrics);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('README.md is out of date: run `npx tsx tools/docs/readme.ts`.');
      process.exit(1);
    }
  } else if (next !== current) {
    fs.writeFileSync(file, next);
    console.log('README.md updated.');
  }
}
