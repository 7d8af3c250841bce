/**
 * The stored payload of a memory-challenge experiment (kind 'memory'): one cell trained on one synthetic task at one
 * lag, with its accuracy against chance and its training curves.
 */
import { z } from 'zod';
import { CHALLENGE_DATA, type ChallengeSettings } from '../inspect/challengeSettings';
import { CHALLENGE_TASKS } from '../inspect/challengeTasks';
import { CELL_TYPES } from '../model/cells';
import { GateInitSchema } from '../model/gateInit';
import type { Expect, SchemaOf } from './checks';
import { HeadlineSchema, JsonNumber, TrainingHistorySchema } from './common';

export { CHALLENGE_TASKS, type ChallengeTask } from '../inspect/challengeTasks';

/** Sizes and training settings of a challenge run (see challenge.ts for their meaning and defaults). */
export const ChallengeSettingsSchema = z.object({
  units: z.number().int().min(1),
  symbols: z.number().int().min(2),
  prefix: z.number().int().min(0),
  trainSize: z.number().int().min(1),
  validationSize: z.number().int().min(1),
  testSize: z.number().int().min(1),
  epochs: z.number().int().min(1),
  batchSize: z.number().int().min(1),
  learningRate: z.number().positive(),
  clipNorm: z.number().positive(),
  stopAt: z.number().min(0).max(1),
  // Settings added later; their defaults describe the runs saved before them.
  data: z.enum(CHALLENGE_DATA).default('fixed'),
  maxSteps: z.number().int().min(1).nullable().default(null),
  curriculum: z.boolean().default(false),
});

export const MemoryRunConfigSchema = ChallengeSettingsSchema.extend({
  task: z.enum(CHALLENGE_TASKS),
  cell: z.enum(CELL_TYPES),
  /** Copy task: steps between the marked symbol and the answer; adding problem: the sequence length. */
  lag: z.number().int().min(1),
  seed: z.number().int(),
  /** How the gate biases started (runs saved before the setting: forget bias 1). */
  gateInit: GateInitSchema.default({ kind: 'forget-bias', value: 1 }),
});
export type MemoryRunConfig = z.output<typeof MemoryRunConfigSchema>;

export const MemoryMetricsSchema = z.object({
  headline: HeadlineSchema.nullable(),
  /** Share of held-out examples answered right. */
  accuracy: JsonNumber,
  /** Accuracy of always giving the best constant answer. */
  chance: JsonNumber,
  /** Training steps run (null for runs saved before it was recorded). */
  steps: z.number().int().nullable().default(null),
  /** Whether the validation accuracy reached the settings' stopAt (null: not recorded). */
  solved: z.boolean().nullable().default(null),
});
export type MemoryRunMetrics = z.output<typeof MemoryMetricsSchema>;

/** Training curves plus the validation accuracy per epoch. */
export const MemoryHistorySchema = TrainingHistorySchema.extend({
  valAccuracy: z.array(JsonNumber).default([]),
});
export type MemoryHistory = z.output<typeof MemoryHistorySchema>;

/** A memory challenge stores no predictions (its test examples are regenerated from the seed). */
export const MemoryPredictionsSchema = z.object({});

export type MemoryPayloadChecks = [Expect<SchemaOf<typeof ChallengeSettingsSchema, ChallengeSettings>>];
