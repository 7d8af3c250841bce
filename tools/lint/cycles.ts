/**
 * Import cycles among our modules. Only imports loaded with the importer (`static` edges) count: a cycle
 * of those makes one module run while another of the cycle is half initialised. Type-only imports are
 * erased and dynamic imports load later, so neither forms a cycle.
 */
import type { ImportGraph } from './importGraph';

function staticNeighbours(graph: ImportGraph, file: string): string[] {
  const out: string[] = [];
  for (const edge of graph.modules.get(file) ?? []) {
    if (edge.kind === 'static' && edge.file && graph.modules.has(edge.file)) out.push(edge.file);
  }
  return out;
}

/** The strongly connected components of the static import graph (Tarjan), each in discovery order. */
function components(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const found: string[][] = [];
  let next = 0;
  // Iterative, so a long import chain cannot overflow the call stack.
  for (const root of [...graph.modules.keys()].sort()) {
    if (index.has(root)) continue;
    const work: Array<{ file: string; neighbours: string[]; at: number }> = [];
    const open = (file: string) => {
      index.set(file, next);
      low.set(file, next);
      next++;
      stack.push(file);
      onStack.add(file);
      work.push({ file, neighbours: staticNeighbours(graph, file), at: 0 });
    };
    open(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.at < frame.neighbours.length) {
        const neighbour = frame.neighbours[frame.at++];
        if (!index.has(neighbour)) open(neighbour);
        else if (onStack.has(neighbour)) {
          low.set(frame.file, Math.min(low.get(frame.file) as number, index.get(neighbour) as number));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const caller = work[work.length - 1].file;
        low.set(caller, Math.min(low.get(caller) as number, low.get(frame.file) as number));
      }
      if (low.get(frame.file) === index.get(frame.file)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop() as string;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.file);
        found.push(component.reverse());
      }
    }
  }
  return found;
}

/** A shortest cycle through `start` that stays inside `members`, as files ending where it started. */
function cycleThrough(graph: ImportGraph, start: string, members: ReadonlySet<string>): string[] {
  const parent = new Map<string, string>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const file = queue[head];
    for (const neighbour of staticNeighbours(graph, file)) {
      if (!members.has(neighbour)) continue;
      if (neighbour === start) {
        const files = [file];
        for (let at = parent.get(file); at !== undefined; at = parent.get(at)) files.unshift(at);
        return [...files, start];
      }
      if (!parent.has(neighbour) && neighbour !== start) {
        parent.set(neighbour, file);
        queue.push(neighbour);
      }
    }
  }
  return [start, start];
}

/** One import cycle: `files` runs from a module back to itself, each importing the next. */
export interface ImportCycle {
  /** Every module caught in this knot of cycles (a strongly connected component), sorted. */
  members: string[];
  /** One shortest cycle through the first member, for the message. */
  files: string[];
}

/** Every knot of static import cycles in the graph, one entry per strongly connected component. */
export function importCycles(graph: ImportGraph): ImportCycle[] {
  const cycles: ImportCycle[] = [];
  for (const component of components(graph)) {
    const [only] = component;
    const selfImport = component.length === 1 && staticNeighbours(graph, only).includes(only);
    if (component.length === 1 && !selfImport) continue;
    const members = [...component].sort();
    cycles.push({ members, files: cycleThrough(graph, members[0], new Set(members)) });
  }
  return cycles;
}
