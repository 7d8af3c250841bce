/**
 * Compile-time agreement between a zod schema and the TypeScript type the producing code writes:
 * `Expect<SchemaOf<S, T>>` fails to type-check unless what the schema parses is a T and every T passes the schema.
 * Used where a payload part is produced by code with an interface of its own (an inspection, a melody), so the two
 * cannot drift apart.
 */
import type { z } from 'zod';

/** True when `S` parses to a T and accepts every T; a string saying which way it fails otherwise. */
export type SchemaOf<S extends z.ZodType, T> = [z.output<S>] extends [T]
  ? [T] extends [z.input<S>]
    ? true
    : 'a value of the type does not pass the schema'
  : 'the schema parses values that are not of the type';

/** True when every T passes the schema S. */
export type Accepts<S extends z.ZodType, T> = [T] extends [z.input<S>]
  ? true
  : 'a value of the type does not pass the schema';

/** Type-checks only when given `true`. */
export type Expect<T extends true> = T;
