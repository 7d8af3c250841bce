/**
 * Import-graph checks that eslint's per-file rules cannot make, run by `npm run lint`:
 * - tfjs stays off the UI thread: no file of src/renderer outside src/renderer/workers may load
 *   `@tensorflow/*`, through any chain of imports (type-only imports do not count);
 * - no import cycles among the modules of src/, kernels/ and bench/.
 * Usage: tsx tools/lint/graph.ts [repository root]. Exits 1 with one line per problem.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importCycles } from './cycles';
import { buildImportGraph, listFiles } from './importGraph';
import { forbiddenChains } from './reachability';

const TS_SOURCE = /\.(?:ts|tsx|mts|cts)$/;
const TFJS = /^@tensorflow\//;

export interface GraphCheckReport {
  /** One message per problem; empty when the tree passes. */
  problems: string[];
  /** Modules read. */
  modules: number;
}

/** Runs both checks on the repository at `root` (absolute). */
export function checkImportGraph(root: string): GraphCheckReport {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const renderer = path.join(root, 'src', 'renderer');
  const workers = path.join(renderer, 'workers');
  const uiFiles = listFiles(renderer, TS_SOURCE, new Set([workers]));
  const sources = [
    ...listFiles(path.join(root, 'src'), TS_SOURCE),
    ...listFiles(path.join(root, 'kernels'), TS_SOURCE, new Set(['assembly', 'generated'])),
    ...listFiles(path.join(root, 'bench'), TS_SOURCE),
  ];
  const graph = buildImportGraph(sources);

  const problems: string[] = [];
  for (const chain of forbiddenChains(graph, uiFiles, (specifier) => TFJS.test(specifier))) {
    problems.push(
      `tfjs on the UI thread: ${[...chain.files.map(rel), chain.target].join(' -> ')}. ` +
        'Import the pure module directly (not a barrel that re-exports tfjs code), use `import type`, ' +
        'or move the work into src/renderer/workers.',
    );
  }
  for (const cycle of importCycles(graph)) {
    const others =
      cycle.members.length > cycle.files.length - 1 ? ` (${cycle.members.length} modules in all)` : '';
    problems.push(`import cycle: ${cycle.files.map(rel).join(' -> ')}${others}`);
  }
  return { problems, modules: graph.modules.size };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.resolve(
    process.argv[2] ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
  );
  const report = checkImportGraph(root);
  for (const problem of report.problems) console.error(problem);
  if (report.problems.length > 0) {
    console.error(`import graph: ${report.problems.length} problem(s) in ${report.modules} modules`);
    process.exit(1);
  }
  console.log(`import graph: ${report.modules} modules, no tfjs on the UI thread, no import cycles`);
}
