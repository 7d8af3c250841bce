// Lint rules, including the import directions between layers (see README "Layout").
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'http',
  'crypto',
  'url',
  'worker_threads',
];
const pattern = (group, message) => ({ group, message });

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
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'src/core is pure TypeScript: no Node built-ins.'),
            pattern(
              ['electron', 'better-sqlite3', 'react', 'react-dom', 'echarts', 'tone'],
              'src/core must not depend on UI, Electron or storage libraries.',
            ),
            pattern(
              ['**/backend/**', '**/renderer/**', '**/electron/**'],
              'src/core imports nothing of ours outside src/core.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src/backend/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['electron'], 'src/backend runs without Electron; the shell lives in electron/.'),
            pattern(['**/renderer/**', '**/electron/**'], 'src/backend may import src/core only.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'The renderer runs sandboxed: no Node built-ins.'),
            pattern(
              ['electron', 'better-sqlite3'],
              'The renderer talks to the backend through LabClient only.',
            ),
            pattern(
              ['**/backend/**', '**/electron/**'],
              'The renderer may import src/core, never src/backend or electron/.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(nodeBuiltins, 'The preload runs sandboxed.'),
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
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            pattern(['**/renderer/**'], 'electron/main imports backend and core, never the renderer.'),
          ],
        },
      ],
    },
  },
);
