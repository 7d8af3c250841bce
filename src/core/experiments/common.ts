/** Payload parts every experiment kind shares: the headline metric, training curves and the gradient-norm log. */
import { z } from 'zod';
import type { GradientLog } from '../model/train';
import type { Expect, SchemaOf } from './checks';

const anyNumberOrNull = (v: unknown): boolean => v === null || typeof v === 'number';

/**
 * A number or null, where null has a meaning (e.g. MASE of a series without variation). NaN and ±Infinity are
 * accepted as they come (JSON stores them as null).
 */
export const MaybeNumber = z.custom<number | null>(anyNumberOrNull, 'Expected a number or null');

/**
 * A measured number as JSON stores it: NaN and ±Infinity are written as null there, and come back as NaN. Accepts
 * any number (a diverged run's NaN loss included) or null.
 */
export const JsonNumber = z
  .custom<number | null>(anyNumberOrNull, 'Expected a number')
  .transform((v): number => v ?? Number.NaN);

/**
 * The one number the history shows and sorts by, with its name: MASE for forecasts, log-likelihood per step for
 * melodies, accuracy for memory challenges. Sorting puts the best first (lower first when `lowerIsBetter`).
 */
export const HeadlineSchema = z.object({
  name: z.string(),
  value: z.number(),
  lowerIsBetter: z.boolean(),
  /** What the number means, for a tooltip. */
  hint: z.string().default(''),
});
export type Headline = z.infer<typeof HeadlineSchema>;

/** Per-step gradient norms before and after clipping, per-variable and per-layer norms per epoch (see train.ts). */
export const GradientLogSchema = z.object({
  clipNorm: z.number().nullable(),
  epoch: z.array(z.number().int()),
  before: z.array(JsonNumber),
  after: z.array(JsonNumber),
  clipped: z.array(z.boolean()),
  variables: z.array(z.object({ name: z.string(), layer: z.string(), shape: z.array(z.number().int()) })),
  perEpoch: z.array(z.array(JsonNumber)),
  perEpochLayer: z.array(z.array(JsonNumber)),
  layers: z.array(z.string()),
});
export type StoredGradientLog = z.infer<typeof GradientLogSchema>;

/** Training curves as stored: per epoch losses (JSON turns a NaN loss into null), the kept epoch, the gradient log. */
export const TrainingHistorySchema = z.object({
  loss: z.array(JsonNumber).default([]),
  valLoss: z.array(JsonNumber).default([]),
  /** Epoch (from 0) whose weights were kept; null when none was. */
  bestEpoch: z.number().int().nullable().default(null),
  earlyStopped: z.boolean().default(false),
  epochsRun: z.number().int().nonnegative().default(0),
  gradients: GradientLogSchema.nullable().default(null),
});
export type TrainingHistory = z.infer<typeof TrainingHistorySchema>;

/** An empty training history (a run that trained nothing, e.g. a melody continued by the base model). */
export const EMPTY_HISTORY: TrainingHistory = TrainingHistorySchema.parse({});

/** The gradient log is stored as train.ts writes it. */
export type GradientLogCheck = Expect<SchemaOf<typeof GradientLogSchema, GradientLog>>;
