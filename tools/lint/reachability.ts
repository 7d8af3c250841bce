/**
 * Which forbidden packages a set of entry files loads, following static and dynamic imports transitively
 * (type-only imports are erased, so they do not count). Used to keep tfjs out of the renderer's UI thread.
 */
import type { ImportGraph } from './importGraph';

/** One way an entry reaches a forbidden package. */
export interface ForbiddenChain {
  entry: string;
  /** The package specifier reached, as written in the last file of `files`. */
  target: string;
  /** Files from `entry` to the one importing `target`, each importing the next. */
  files: string[];
}

/** The shortest chain from `entry` to a package that `isForbidden` accepts, or null when there is none. */
export function shortestForbiddenChain(
  graph: ImportGraph,
  entry: string,
  isForbidden: (specifier: string) => boolean,
): ForbiddenChain | null {
  const parent = new Map<string, string | null>([[entry, null]]);
  const queue = [entry];
  for (let head = 0; head < queue.length; head++) {
    const file = queue[head];
    for (const edge of graph.modules.get(file) ?? []) {
      if (edge.kind === 'type') continue;
      if (edge.file === null) {
        if (!edge.isPackage || !isForbidden(edge.specifier)) continue;
        const files = [file];
        for (let at = parent.get(file); at; at = parent.get(at)) files.unshift(at);
        return { entry, target: edge.specifier, files };
      }
      if (!parent.has(edge.file)) {
        parent.set(edge.file, file);
        queue.push(edge.file);
      }
    }
  }
  return null;
}

/**
 * For every entry that reaches a forbidden package, its shortest chain, cut to start at the last entry on
 * it: the file whose import leaves the entries. Chains leaving through the same import are reported once,
 * since fixing that one import fixes them all.
 */
export function forbiddenChains(
  graph: ImportGraph,
  entries: readonly string[],
  isForbidden: (specifier: string) => boolean,
): ForbiddenChain[] {
  const entrySet = new Set(entries);
  const seen = new Set<string>();
  const chains: ForbiddenChain[] = [];
  for (const entry of entries) {
    const chain = shortestForbiddenChain(graph, entry, isForbidden);
    if (!chain) continue;
    const exit = chain.files.findIndex((file) => !entrySet.has(file));
    const files = exit < 0 ? chain.files.slice(-1) : chain.files.slice(exit - 1);
    const key = `${files[0]} -> ${files[1] ?? chain.target}`;
    if (seen.has(key)) continue;
    seen.add(key);
    chains.push({ entry: files[0], target: chain.target, files });
  }
  return chains;
}
