/**
 * Upgrades of stored payloads: each entry turns the payload of version v into version v + 1 and is never edited
 * once released. Rows of an older database are upgraded by a migration; rows read from an older export file are
 * upgraded on import. Works on plain JSON values, before any schema parses them.
 */
import { forecastHeadline, melodyHeadline, memoryHeadline } from './headline';
import { EXPERIMENT_KINDS, PAYLOAD_VERSION, type ExperimentKind } from './payloads';

/** The JSON parts of a stored experiment, as read from a row or a file. */
export interface RawPayload {
  config: unknown;
  metrics: unknown;
  history: unknown;
  predictions: unknown;
  inspection: unknown;
}

/** A payload this build cannot read: written by a newer version, or of an unknown kind. */
export class PayloadVersionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadVersionError';
  }
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

/** Version 1 → 2: headline metrics for every kind, forecast scores in one nullable object, inspections explicit. */
function toVersion2(kind: ExperimentKind, p: RawPayload): RawPayload {
  const metrics = obj(p.metrics);
  const config = obj(p.config);
  const inspection = { latest: obj(p.inspection)['latest'] ?? null };
  switch (kind) {
    case 'forecast': {
      const model = obj(metrics['model']);
      const scored = 'model' in metrics && 'baselines' in metrics;
      return {
        ...p,
        inspection,
        metrics: {
          headline: scored
            ? forecastHeadline({ mase: num(model['mase']), mae: num(model['mae']) ?? NaN })
            : null,
          scores: scored
            ? {
                model: metrics['model'],
                baselines: metrics['baselines'],
                verdict: typeof metrics['verdict'] === 'string' ? metrics['verdict'] : '',
                maseScale: num(metrics['maseScale']),
                intervalCoverage: Array.isArray(metrics['intervalCoverage'])
                  ? metrics['intervalCoverage']
                  : [],
              }
            : null,
        },
      };
    }
    case 'melody': {
      const seed = obj(obj(p.predictions)['seed']);
      return {
        ...p,
        inspection,
        config: {
          ...config,
          mode: config['mode'] ?? 'base',
          import: config['import'] ?? {
            track: 0,
            polyphony: 'highest',
            stepsPerQuarter: seed['stepsPerQuarter'] ?? 4,
          },
          training: config['training'] ?? null,
        },
        metrics: { ...metrics, headline: melodyHeadline(num(metrics['meanLogLikelihood'])) },
      };
    }
    case 'memory':
      return {
        ...p,
        inspection,
        metrics: {
          ...metrics,
          headline: memoryHeadline(num(metrics['accuracy']) ?? NaN, num(metrics['chance']) ?? 0),
        },
      };
    case 'global':
      // written from version 2 on: nothing to upgrade
      return p;
  }
}

/** Upgrade steps: UPGRADES[v - 1] turns version v into v + 1. */
const UPGRADES: readonly ((kind: ExperimentKind, p: RawPayload) => RawPayload)[] = [toVersion2];

/** True when `kind` is an experiment kind this build knows. */
export function isExperimentKind(kind: unknown): kind is ExperimentKind {
  return typeof kind === 'string' && (EXPERIMENT_KINDS as readonly string[]).includes(kind);
}

/**
 * Brings a payload of `version` up to `to` (default: the version this build writes). Throws PayloadVersionError
 * for a newer version or an unknown kind.
 */
export function upgradePayload(
  kind: string,
  version: number,
  payload: RawPayload,
  to: number = PAYLOAD_VERSION,
): RawPayload {
  if (!isExperimentKind(kind))
    throw new PayloadVersionError(
      `Experiments of kind "${kind}" come from a newer RNN Lab: update it to read them.`,
    );
  if (!Number.isInteger(version) || version < 1 || version > PAYLOAD_VERSION)
    throw new PayloadVersionError(
      `This experiment was saved by a newer RNN Lab (payload version ${version}; this one reads up to ${PAYLOAD_VERSION}): update it to read the experiment.`,
    );
  let current = payload;
  for (let v = version; v < to; v++) current = UPGRADES[v - 1](kind, current);
  return current;
}
