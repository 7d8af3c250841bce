/**
 * Bundles the `rnn-lab` command (src/backend/cli/bin.ts and all it imports: the CLI, the browser host, the store,
 * core, the generated kernels module, tfjs, zod, papaparse...) into one ES module, out/cli/rnn-lab.mjs, which the
 * package's `bin` runs with plain Node: nothing is compiled when the command starts. Only the runtime
 * `dependencies` of package.json (the native SQLite module) stay imports; tfjs's WebAssembly files are copied
 * next to the bundle, where its Node loader looks for them. Run by `npm run build` (after the kernels are built).
 * The thread that parses imported files is bundled beside it as out/cli/host-thread.mjs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules } from 'node:module';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CLI_ENTRY = path.join(root, 'src', 'backend', 'cli', 'bin.ts');
export const CLI_BUNDLE = path.join(root, 'out', 'cli', 'rnn-lab.mjs');
/** The thread that parses imported files (src/backend/hostThread.ts looks for it next to the bundle). */
export const HOST_THREAD_ENTRY = path.join(root, 'src', 'backend', 'hostThreadEntry.ts');
const TFJS_WASM = path.join(root, 'node_modules', '@tensorflow', 'tfjs-backend-wasm', 'dist');
const TFJS_WASM_FILES = [
  'tfjs-backend-wasm.wasm',
  'tfjs-backend-wasm-simd.wasm',
  'tfjs-backend-wasm-threaded-simd.wasm',
];

/** Packages that bundled code requires inside try/catch and does without (node-fetch, tfjs's, and `encoding`). */
const OPTIONAL_IMPORTS = ['encoding'];

/**
 * The CommonJS names bundled CommonJS code (tfjs's Node builds) expects: emscripten finds its .wasm through
 * __dirname, and requires of Node built-ins need a real `require` in an ES module.
 */
const COMMONJS_SHIM = [
  '#!/usr/bin/env node',
  "import { createRequire as __rnnLabRequire } from 'node:module';",
  "import { fileURLToPath as __rnnLabPath } from 'node:url';",
  'const require = __rnnLabRequire(import.meta.url);',
  'const __filename = __rnnLabPath(import.meta.url);',
  "const __dirname = __rnnLabPath(new URL('.', import.meta.url));",
].join('\n');

/** The npm package an import specifier names (`@scope/name/sub` -> `@scope/name`), or null for a Node built-in. */
export function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtinModules.includes(specifier)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** Bundles the CLI; throws when it would import a package that is not a runtime dependency. Returns those it imports. */
export async function buildCli({ quiet = false } = {}): Promise<string[]> {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  const runtime = Object.keys(pkg.dependencies ?? {});
  fs.rmSync(path.dirname(CLI_BUNDLE), { recursive: true, force: true });
  const result = await esbuild.build({
    entryPoints: { 'rnn-lab': CLI_ENTRY, 'host-thread': HOST_THREAD_ENTRY },
    outdir: path.dirname(CLI_BUNDLE),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    external: runtime.flatMap((name) => [name, `${name}/*`]),
    banner: { js: COMMONJS_SHIM },
    // licence headers of the bundled packages go to rnn-lab.mjs.LEGAL.txt
    legalComments: 'linked',
    metafile: true,
    logLevel: 'warning',
  });
  const imported = new Set<string>();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const entry of output.imports) {
      const name = entry.external ? packageOf(entry.path) : null;
      if (name) imported.add(name);
    }
  }
  const missing = [...imported].filter((name) => !runtime.includes(name) && !OPTIONAL_IMPORTS.includes(name));
  if (missing.length > 0) {
    throw new Error(
      `the CLI bundle imports ${missing.join(', ')} at run time, which package.json does not list in "dependencies".`,
    );
  }
  for (const file of TFJS_WASM_FILES)
    fs.copyFileSync(path.join(TFJS_WASM, file), path.join(path.dirname(CLI_BUNDLE), file));
  fs.chmodSync(CLI_BUNDLE, 0o755);
  if (!quiet) {
    const size = fs.statSync(CLI_BUNDLE).size;
    console.log(
      `cli: ${path.relative(process.cwd(), CLI_BUNDLE)} (${(size / 1024 / 1024).toFixed(1)} MiB; imports ${[...imported].sort().join(', ')} at run time)`,
    );
  }
  return [...imported].sort();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  buildCli().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
