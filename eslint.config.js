// Lint rules: the import directions between layers and the globals each layer's runtime really has
// (see ARCHITECTURE.md "Layout"). The import-graph checks (tfjs reachability, cycles) are tools/lint/graph.ts.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const escapeRegex = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const pattern = (group, message) => ({ group, message });

/** Every Node built-in module this Node lists, bare and `node:`-prefixed. */
const nodeBuiltins = [
  ...new Set(
    builtinModules.flatMap((name) => [name.replace(/^node:/, ''), `node:${name.replace(/^node:/, '')}`]),
  ),
];

/**
 * no-restricted-imports options: every Node built-in (the list above, and any other `node:` module, such as
 * the prefix-only node:test that older Nodes do not list) with `message`, then the layer's own `patterns`.
 */
const restrictImports = ({ nodeBuiltinsMessage, patterns }) => {
  if (!nodeBuiltinsMessage) return { patterns };
  const listed = nodeBuiltins.filter((name) => !name.startsWith('node:')).map(escapeRegex);
  return {
    paths: nodeBuiltins.map((name) => ({ name, message: nodeBuiltinsMessage })),
    patterns: [{ regex: `^node:(?!(?:${listed.join('|')})$)`, message: nodeBuiltinsMessage }, ...patterns],
  };
};

/** A config block holding `files` to the import directions of their layer (see restrictImports). */
const layerImports = (files, options) => ({
  files,
  rules: { 'no-restricted-imports': ['error', restrictImports(options)] },
});

/** Globals a Web Worker and Node both have: all that code running in either (src/core) may use. */
const workerSafe = Object.fromEntries(
  Object.entries(globals.worker).filter(([name]) => Object.hasOwn(globals.node, name)),
);

/** Node's globals, and the NodeJS type namespace of @types/node. */
const nodeGlobals = { ...globals.node, NodeJS: 'readonly' };

/**
 * A sandboxed preload: the page's globals plus what Electron polyfills there (its `require` serves a few
 * modules only; our source uses imports, which the bundler turns into that require).
 */
const sandboxedPreload = {
  ...globals.browser,
  Buffer: 'readonly',
  process: 'readonly',
  setImmediate: 'readonly',
  clearImmediate: 'readonly',
};

/**
 * One runtime: the value globals no-undef accepts, and the TypeScript libs whose names it may use (the
 * parser's `lib` declares type names and lib classes such as Worker or Document). Flat config merges
 * globals across matching blocks, so the files of two runtime blocks must never overlap.
 */
const runtime = (files, globalNames, lib, ignores = []) => ({
  files,
  ignores,
  languageOptions: {
    globals: { ...globals.es2022, ...globalNames },
    parserOptions: { lib },
  },
});

/**
 * src/core imports nothing of ours outside src/core except the generated kernels module. An import leaves
 * src/core when it climbs more folders than the file sits deep in it, so there is one block per depth:
 * src/core/a.ts may not start an import with `../`, src/core/x/a.ts not with `../../`, and so on.
 */
const coreImportBlocks = [1, 2, 3, 4].map((depth) => {
  const up = '../'.repeat(depth);
  const generated = escapeRegex(`${up}../kernels/generated/kernelsWasm`);
  return layerImports([`src/core/${'*/'.repeat(depth - 1)}*.ts`], {
    nodeBuiltinsMessage: 'src/core is pure TypeScript: no Node built-ins.',
    patterns: [
      pattern(
        ['electron', 'better-sqlite3', 'react', 'react-dom', 'echarts', 'tone'],
        'src/core must not depend on UI, Electron or storage libraries.',
      ),
      {
        regex: `^(?!${generated}$)${escapeRegex(up)}`,
        message: 'src/core imports nothing of ours outside src/core except kernels/generated/kernelsWasm.',
      },
    ],
  });
});

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.scratch/**',
      '.cache/**',
      '**/*.tmp.ts',
    ],
  },
  // AssemblyScript kernels and their generated module: compiled by asc, not tsc (see kernels/build.ts)
  { ignores: ['kernels/assembly/**', 'kernels/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  // typescript-eslint turns no-undef off for TypeScript; it is on here to hold each runtime to its globals.
  { files: ['**/*.{ts,tsx,mts,cts}'], rules: { 'no-undef': 'error' } },

  // Runtimes: who may use which globals.
  runtime(['src/core/**/*.ts', 'kernels/threadProgram.ts'], workerSafe, ['es2022']),
  runtime(
    [
      '*.{js,ts}',
      'src/backend/**/*.{ts,mjs}',
      'electron/main/**/*.ts',
      'kernels/**/*.ts',
      'bench/**/*.ts',
      'tools/**/*.ts',
    ],
    nodeGlobals,
    ['es2022'],
    ['kernels/threadProgram.ts'],
  ),
  runtime(
    ['src/renderer/**/*.{ts,tsx}'],
    globals.browser,
    ['es2022', 'dom', 'dom.iterable'],
    ['src/renderer/workers/**'],
  ),
  // The compute workers and their main-thread proxies: worker globals, no DOM.
  runtime(['src/renderer/workers/**/*.ts'], globals.worker, ['es2022', 'webworker']),
  runtime(['electron/preload/**/*.ts'], sandboxedPreload, ['es2022', 'dom']),
  // Tests run in Node (vitest) and drive Chromium (Playwright callbacks run in the page).
  runtime(['test/**/*.{ts,tsx}'], { ...nodeGlobals, ...globals.browser }, ['es2022', 'dom', 'dom.iterable']),

  // Import directions.
  ...coreImportBlocks,
  layerImports(['src/backend/**/*.{ts,mjs}'], {
    patterns: [
      pattern(['electron'], 'src/backend runs without Electron; the shell lives in electron/.'),
      pattern(
        ['**/renderer/**', '**/electron/**', '**/bench/**', '**/kernels/**'],
        'src/backend may import src/core only.',
      ),
    ],
  }),
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        restrictImports({
          nodeBuiltinsMessage: 'The renderer runs sandboxed: no Node built-ins.',
          patterns: [
            pattern(
              ['electron', 'better-sqlite3'],
              'The renderer talks to the backend through LabClient only.',
            ),
            pattern(
              ['**/backend/**', '**/electron/**', '**/bench/**', '**/kernels/**'],
              'The renderer may import src/core, never src/backend, electron/, bench/ or kernels/.',
            ),
          ],
        }),
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        restrictImports({
          nodeBuiltinsMessage: 'The preload runs sandboxed.',
          patterns: [
            pattern(
              ['**/backend/**', '**/renderer/**'],
              'The preload imports only electron and type-only core/api.',
            ),
            {
              group: ['**/core/**'],
              allowTypeImports: true,
              message: 'The preload may import only types from src/core/api.',
            },
          ],
        }),
      ],
    },
  },
  layerImports(['electron/main/**/*.ts'], {
    patterns: [pattern(['**/renderer/**'], 'electron/main imports backend and core, never the renderer.')],
  }),
  // kernels/ and bench/ sit beside the product: they may use src/core and src/backend, nothing that draws UI.
  layerImports(['kernels/**/*.ts', 'bench/**/*.ts'], {
    patterns: [
      pattern(
        ['electron', '**/renderer/**', '**/electron/**'],
        'kernels/ and bench/ may import src/core and src/backend, never the renderer or electron/.',
      ),
    ],
  }),
  layerImports(['tools/lint/**/*.ts'], {
    patterns: [
      pattern(
        ['**/src/**', '**/kernels/**', '**/bench/**'],
        'tools/lint checks the tree; it imports none of it.',
      ),
    ],
  }),
  // Build and packaging scripts work on the tree as files (bundle, package, icons); they import none of it.
  layerImports(['tools/build/**/*.ts'], {
    patterns: [
      pattern(
        ['**/src/**', '**/kernels/**', '**/bench/**', '**/electron/**'],
        'tools/build works on the tree as files; it imports none of it.',
      ),
    ],
  }),
  // Data-building tools (the melody corpus) write what src/core reads, with src/core's own writers.
  layerImports(['tools/melody-corpus/**/*.ts'], {
    patterns: [
      pattern(
        ['**/backend/**', '**/renderer/**', '**/electron/**', '**/kernels/**', '**/bench/**'],
        'tools/melody-corpus may import src/core only.',
      ),
    ],
  }),
);
