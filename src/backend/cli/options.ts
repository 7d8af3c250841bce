/** Reading what a command line gives: the one input file, whole numbers and numbers, each refused in words. */
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from './errors';

/** The single input file of a command (its absolute path), or a UsageError that shows the command's usage. */
export function inputFile(positionals: readonly string[], usage: string): string {
  if (positionals.length !== 1) throw new UsageError(usage);
  const file = path.resolve(positionals[0]);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile())
    throw new UsageError(`${positionals[0]}: no such file.`);
  return file;
}

/** A whole-number option of at least `min` (undefined when absent). */
export function intOption(name: string, value: string | undefined, min = 0): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(n) || n < min)
    throw new UsageError(
      `--${name} must be a whole number${min > 0 ? ` of at least ${min}` : ''} (got "${value}").`,
    );
  return n;
}

/** A number option (undefined when absent). */
export function numberOption(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${name} must be a number (got "${value}").`);
  return n;
}
