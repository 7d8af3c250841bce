/**
 * The import graph of our TypeScript sources, read with the TypeScript compiler API: which module imports
 * which, and whether the import exists at run time. tools/lint/graph.ts checks it (tfjs reachability, cycles).
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/**
 * How a module is imported:
 * - `static`: an import or re-export that is loaded with the importer (`import x from`, `import './y'`,
 *   `export * from`, `export { x } from`);
 * - `dynamic`: `import('…')`, loaded later but into the same thread;
 * - `type`: `import type`, `export type`, or only `type`-marked names; erased by the compiler, never loaded.
 */
export type ImportKind = 'static' | 'dynamic' | 'type';

export interface ImportEdge {
  /** The specifier as written. */
  specifier: string;
  kind: ImportKind;
  /**
   * The imported file (absolute path) for a relative import TypeScript resolves; `null` for a package, an
   * asset (a Vite `?url` / `?raw` / `?worker` import, CSS) or an unresolved path.
   */
  file: string | null;
  /** True when the import loads a package's code: a bare specifier (`specifier` names it) that is no asset. */
  isPackage: boolean;
}

export interface ImportGraph {
  /** Every source file reached, absolute path -> its imports in source order. */
  modules: Map<string, ImportEdge[]>;
}

/** True when `specifier` names a package (bare), not a file of ours (relative or absolute). */
export function isPackageSpecifier(specifier: string): boolean {
  return !specifier.startsWith('.') && !specifier.startsWith('/');
}

/** True for a bundler asset import: a query suffix (`?url`, `?raw`, `?worker`) yields a URL or text, not a module. */
export function isAssetSpecifier(specifier: string): boolean {
  return specifier.includes('?');
}

function hasOnlyTypeNames(clause: ts.NamedImportBindings | ts.NamedExportBindings | undefined): boolean {
  if (!clause || !('elements' in clause) || clause.elements.length === 0) return false;
  return clause.elements.every((element) => element.isTypeOnly);
}

/** The kind of an import declaration: erased when it is `import type` or names types only. */
function importKind(node: ts.ImportDeclaration): ImportKind {
  const clause = node.importClause;
  if (!clause) return 'static'; // import './side-effect'
  if (clause.isTypeOnly) return 'type';
  if (clause.name) return 'static'; // a default import is a value
  return clause.namedBindings && hasOnlyTypeNames(clause.namedBindings) ? 'type' : 'static';
}

function exportKind(node: ts.ExportDeclaration): ImportKind {
  if (node.isTypeOnly) return 'type';
  return node.exportClause && hasOnlyTypeNames(node.exportClause) ? 'type' : 'static';
}

/**
 * The imports one source text makes, in order: import and export declarations, `import x = require()`,
 * and `import('…')` calls with a literal specifier. `typeof import('…')` types are erased and not listed.
 * `new Worker(new URL('./x.worker.ts', import.meta.url))` is no import: the worker is another thread.
 */
export function importsOf(fileName: string, text: string): Array<Pick<ImportEdge, 'specifier' | 'kind'>> {
  const kind = /\.[jt]sx$/.test(fileName) ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, kind);
  const found: Array<Pick<ImportEdge, 'specifier' | 'kind'>> = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, kind: importKind(node) });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, kind: exportKind(node) });
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push({
        specifier: node.moduleReference.expression.text,
        kind: node.isTypeOnly ? 'type' : 'static',
      });
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments.length > 0 &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      found.push({ specifier: node.arguments[0].text, kind: 'dynamic' });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  resolveJsonModule: true,
  allowJs: true,
};

/** Files whose imports are read; anything else reached (JSON, declarations) is a leaf. */
const SOURCE = /\.(?:[cm]?ts|tsx|[cm]?js|jsx)$/;

/**
 * Builds the import graph from `entries` (absolute paths), following every relative import TypeScript
 * resolves (bundler resolution, as Vite and tsx do). Packages are not entered: an edge names them.
 */
export function buildImportGraph(entries: readonly string[]): ImportGraph {
  const modules = new Map<string, ImportEdge[]>();
  const cache = ts.createModuleResolutionCache(process.cwd(), (name) => name, RESOLUTION);
  const pending = entries.map((file) => path.resolve(file));
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (modules.has(file)) continue;
    if (!SOURCE.test(file) || file.endsWith('.d.ts')) {
      modules.set(file, []);
      continue;
    }
    const edges = importsOf(file, fs.readFileSync(file, 'utf8')).map((found): ImportEdge => {
      if (isAssetSpecifier(found.specifier)) return { ...found, file: null, isPackage: false };
      if (isPackageSpecifier(found.specifier)) return { ...found, file: null, isPackage: true };
      const resolved = ts.resolveModuleName(found.specifier, file, RESOLUTION, ts.sys, cache).resolvedModule;
      return { ...found, file: resolved ? path.resolve(resolved.resolvedFileName) : null, isPackage: false };
    });
    modules.set(file, edges);
    for (const edge of edges) if (edge.file && !modules.has(edge.file)) pending.push(edge.file);
  }
  return { modules };
}

/**
 * Every file under `dir` (absolute; none when it does not exist) whose name matches `include`, skipping
 * folders whose name or absolute path is in `skip`.
 */
export function listFiles(dir: string, include: RegExp, skip: ReadonlySet<string> = new Set()): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip.has(entry.name) && !skip.has(full)) out.push(...listFiles(full, include, skip));
    } else if (include.test(entry.name)) out.push(full);
  }
  return out.sort();
}
