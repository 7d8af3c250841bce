/**
 * What the Inspector measured on an experiment's network, stored with it so reopening does not recompute: the gates
 * and states of one window, saturation over many windows, the memory horizon, and the units' forgetting times.
 */
import { z } from 'zod';
import type { Inspection } from '../inspect/inspection';
import { CELL_TYPES } from '../model/cells';
import type { Expect, SchemaOf } from './checks';
import { JsonNumber } from './common';

const SERIES_NAMES = ['input', 'forget', 'output', 'update', 'reset', 'candidate', 'cell', 'hidden'] as const;
const Matrix = z.array(z.array(JsonNumber));

const LayerTraceSchema = z.object({
  name: z.string(),
  cell: z.enum(CELL_TYPES),
  units: z.number().int(),
  depth: z.number().int(),
  activation: z.string(),
  recurrentActivation: z.string().nullable(),
  series: z.partialRecord(z.enum(SERIES_NAMES), Matrix),
});

const GateSaturationSchema = z.object({
  layer: z.string(),
  depth: z.number().int(),
  cell: z.enum(CELL_TYPES),
  gate: z.enum(SERIES_NAMES),
  units: z.number().int(),
  samples: z.number().int(),
  lowThreshold: z.number(),
  highThreshold: z.number(),
  low: z.array(JsonNumber),
  high: z.array(JsonNumber),
  classes: z.array(z.enum(['open', 'closed', 'switching', 'balanced', 'mixed'])),
  counts: z.record(z.enum(['open', 'closed', 'switching', 'balanced', 'mixed']), z.number().int()),
  summary: z.string(),
});

const Objective = z.enum(['forecast', 'nextToken']);

const LayerTimeConstantsSchema = z.object({
  layer: z.string(),
  depth: z.number().int(),
  cell: z.enum(['lstm', 'gru']),
  gate: z.enum(['forget', 'update']),
  meanGate: z.array(JsonNumber),
  steps: z.array(JsonNumber),
});

/** Forgetting times of the gated units, trained and freshly initialised (see inspect/timeConstants.ts). */
const TimeConstantsSchema = z.object({
  trained: z.array(LayerTimeConstantsSchema),
  initial: z.array(LayerTimeConstantsSchema).nullable(),
  initLabel: z.string().nullable(),
  horizon: z.number(),
  horizonMeasured: z.boolean(),
  sentence: z.string(),
});

export const InspectionSchema = z.object({
  version: z.literal(1),
  computedAt: z.string(),
  window: z.object({
    index: z.number().int(),
    count: z.number().int(),
    origin: z.number().int(),
    time: z.array(z.number()).nullable(),
    values: z.array(JsonNumber),
    label: z.string(),
    marks: z.array(z.number().int()),
  }),
  trace: z.object({ steps: z.number().int(), layers: z.array(LayerTraceSchema) }),
  saturation: z.object({
    share: z.number(),
    gates: z.array(GateSaturationSchema),
    summary: z.array(z.string()),
  }),
  memory: z.object({
    saliency: z.object({
      objective: Objective,
      step: z.number().int().nullable(),
      windows: z.number().int(),
      steps: z.number().int(),
      lags: z.array(z.number().int()),
      norm: z.array(JsonNumber),
      share: z.array(JsonNumber),
      cumulative: z.array(JsonNumber),
    }),
    ablation: z
      .object({
        objective: Objective,
        metric: z.enum(['mse', 'nll']),
        windows: z.number().int(),
        steps: z.number().int(),
        lags: z.array(z.number().int()),
        error: z.array(JsonNumber),
        fullError: JsonNumber,
        fill: z.array(JsonNumber),
      })
      .nullable(),
    effective: z.object({
      steps: z.number().int(),
      saliencySteps: z.number().int().nullable(),
      ablationSteps: z.number().int().nullable(),
      mass: z.number(),
      tolerance: z.number(),
      sentence: z.string(),
    }),
  }),
  /** Absent from inspections stored before it was measured. */
  timeConstants: TimeConstantsSchema.nullable().default(null),
  attention: z
    .object({
      window: z.number().int(),
      notes: z.array(z.object({ step: z.number().int(), label: z.string() })),
      weights: z.array(z.array(JsonNumber)),
      back: z.array(z.number().int()),
      stepLabels: z.array(z.string()),
      sentence: z.string(),
    })
    .optional(),
  member: z.object({ index: z.number().int().min(0), count: z.number().int().min(1) }).optional(),
});
export type StoredInspection = z.output<typeof InspectionSchema>;

/** An experiment's inspector results: the latest inspection, or null when none was computed. */
export const InspectionRecordSchema = z.object({ latest: InspectionSchema.nullable().default(null) });
export type InspectionRecord = z.output<typeof InspectionRecordSchema>;

export type InspectionChecks = [Expect<SchemaOf<typeof InspectionSchema, Inspection>>];
