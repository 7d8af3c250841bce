import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCycles } from '../../../../tools/lint/cycles';
import { checkImportGraph } from '../../../../tools/lint/graph';
import { buildImportGraph, importsOf, listFiles } from '../../../../tools/lint/importGraph';
import { forbiddenChains } from '../../../../tools/lint/reachability';

/** A tiny repository laid out like ours: a renderer with a worker, a core with a barrel, one cycle. */
const FIXTURE: Record<string, string> = {
  'src/renderer/App.tsx': [
    "import { View } from './View';",
    "import type { Heavy } from '../core/heavy';",
    'export const app = (h: Heavy) => [View, h];',
  ].join('\n'),
  // A value import from the barrel loads every module it re-exports.
  'src/renderer/View.tsx': "import { pure } from '../core';\nexport const View = pure;",
  'src/renderer/Pure.ts': "import { pure } from '../core/pure';\nexport const p = pure;",
  'src/renderer/Lazy.ts': "export const load = () => import('../core/heavy');",
  'src/renderer/Typed.ts': [
    "import { type Heavy } from '../core/heavy';",
    "export type { Heavy as Again } from '../core/heavy';",
    'export type T = Heavy;',
  ].join('\n'),
  'src/renderer/Asset.ts':
    "import url from '@tensorflow/tfjs-backend-wasm/dist/x.wasm?url';\nexport const u = url;",
  'src/renderer/Proxy.ts': [
    '// The worker is another thread: starting it loads nothing here.',
    "export const start = () => new Worker(new URL('./workers/compute.ts', import.meta.url));",
  ].join('\n'),
  'src/renderer/workers/compute.ts': "import * as tf from '@tensorflow/tfjs';\nexport const t = tf;",
  'src/core/index.ts': "export * from './pure';\nexport * from './heavy';",
  'src/core/pure.ts': 'export const pure = 1;',
  'src/core/heavy.ts':
    "import * as tf from '@tensorflow/tfjs';\nexport type Heavy = typeof tf;\nexport const heavy = tf;",
  // a -> b -> c -> a at run time; d <-> e by types only; f -> g dynamically, g -> f statically.
  'src/core/a.ts': "import { b } from './b';\nexport const a = b;",
  'src/core/b.ts': "import { c } from './c';\nexport const b = c;",
  'src/core/c.ts': "import { a } from './a';\nexport const c = () => a;",
  'src/core/d.ts': "import type { E } from './e';\nexport type D = E | 1;",
  'src/core/e.ts': "import type { D } from './d';\nexport type E = D | 2;",
  'src/core/f.ts': "export const f = () => import('./g');",
  'src/core/g.ts': "import { f } from './f';\nexport const g = f;",
  'bench/self.ts': "import { s } from './self';\nexport const s = 1;\nexport const t = s;",
};

let root = '';
const at = (file: string) => path.join(root, file);

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rnn-lab-graph-'));
  for (const [file, text] of Object.entries(FIXTURE)) {
    fs.mkdirSync(path.dirname(at(file)), { recursive: true });
    fs.writeFileSync(at(file), `${text}\n`);
  }
});

afterAll(() => {
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

describe('importsOf', () => {
  it('tells loaded imports from erased ones', () => {
    const text = [
      "import a from './a';",
      "import './side-effect';",
      "import type { B } from './b';",
      "import { type C, type D } from './cd';",
      "import { type E, f } from './ef';",
      "export * from './g';",
      "export type * from './h';",
      "export { type I } from './i';",
      "export { j } from './j';",
      "type K = typeof import('./k');",
      "const l = () => import('./l');",
    ].join('\n');
    expect(importsOf('x.ts', text)).toEqual([
      { specifier: './a', kind: 'static' },
      { specifier: './side-effect', kind: 'static' },
      { specifier: './b', kind: 'type' },
      { specifier: './cd', kind: 'type' },
      { specifier: './ef', kind: 'static' },
      { specifier: './g', kind: 'static' },
      { specifier: './h', kind: 'type' },
      { specifier: './i', kind: 'type' },
      { specifier: './j', kind: 'static' },
      { specifier: './l', kind: 'dynamic' },
    ]);
  });

  it('reads JSX', () => {
    expect(importsOf('x.tsx', "import { A } from './a';\nexport const x = <A />;")).toEqual([
      { specifier: './a', kind: 'static' },
    ]);
  });
});

describe('forbiddenChains', () => {
  it('follows static and dynamic imports from the UI files to tfjs, once per offending import', () => {
    const ui = listFiles(at('src/renderer'), /\.tsx?$/, new Set([at('src/renderer/workers')]));
    const graph = buildImportGraph(ui);
    const chains = forbiddenChains(graph, ui, (s) => s.startsWith('@tensorflow/'));
    const shown = chains.map((c) => [...c.files.map((f) => path.relative(root, f)), c.target].join(' -> '));
    expect(shown.sort()).toEqual([
      'src/renderer/Lazy.ts -> src/core/heavy.ts -> @tensorflow/tfjs',
      'src/renderer/View.tsx -> src/core/index.ts -> src/core/heavy.ts -> @tensorflow/tfjs',
    ]);
  });
});

describe('importCycles', () => {
  it('finds run-time cycles and self-imports, not type-only or dynamic ones', () => {
    const graph = buildImportGraph(listFiles(root, /\.tsx?$/));
    const cycles = importCycles(graph).map((c) => c.files.map((f) => path.relative(root, f)));
    expect(cycles.sort()).toEqual([
      ['bench/self.ts', 'bench/self.ts'],
      ['src/core/a.ts', 'src/core/b.ts', 'src/core/c.ts', 'src/core/a.ts'],
    ]);
  });
});

describe('checkImportGraph', () => {
  it('reports each problem in one line a person can act on', () => {
    const report = checkImportGraph(root);
    expect(report.problems).toHaveLength(4);
    expect(report.problems).toContain(
      'tfjs on the UI thread: src/renderer/View.tsx -> src/core/index.ts -> src/core/heavy.ts -> @tensorflow/tfjs. ' +
        'Import the pure module directly (not a barrel that re-exports tfjs code), use `import type`, ' +
        'or move the work into src/renderer/workers.',
    );
    expect(report.problems).toContain(
      'import cycle: src/core/a.ts -> src/core/b.ts -> src/core/c.ts -> src/core/a.ts',
    );
  });

  it('passes a tree without those problems', () => {
    for (const file of ['src/renderer/View.tsx', 'src/renderer/Lazy.ts', 'src/core/c.ts', 'bench/self.ts']) {
      fs.rmSync(at(file));
    }
    expect(checkImportGraph(root).problems).toEqual([]);
  });
});
