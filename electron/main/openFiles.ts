import path from 'node:path';

/** What the app does with a file it is asked to open (file association, command line, macOS open-file). */
export type OpenedFileKind = 'csv' | 'midi' | 'rnnlab';

const KINDS: Readonly<Record<string, OpenedFileKind>> = {
  '.csv': 'csv',
  '.mid': 'midi',
  '.midi': 'midi',
  '.rnnlab': 'rnnlab',
};

/** The kind of a file by its extension (the file associations of the desktop packages), or null. */
export function openedFileKind(file: string): OpenedFileKind | null {
  return KINDS[path.extname(file).toLowerCase()] ?? null;
}

/**
 * The files to open in a command line: the arguments after the executable (and, unpackaged, after the app's
 * script) that are not flags and have an extension the app opens, as absolute paths from `cwd`.
 */
export function filesToOpen(argv: readonly string[], packaged: boolean, cwd: string): string[] {
  return argv
    .slice(packaged ? 1 : 2)
    .filter((arg) => !arg.startsWith('-') && openedFileKind(arg) !== null)
    .map((arg) => path.resolve(cwd, arg));
}
