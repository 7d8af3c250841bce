/**
 * The recipe's transforms, pure (no tfjs, so the setup form can show them): chosen from the training part (Box-Cox
 * or log, seasonal adjustment), the model space every network sees, and the exact way back to original units.
 *
 * Positions: a series y[0..n) maps to z[0..n) with z[t] = adjust(boxCox(y[t]), t) / scale. Seasonal factors are
 * fitted on the training part [0, fittedLength) and continue by phase after it (as futureSeasonal), so positions in
 * the validation and test parts, and past the end, use only what the training part showed.
 */
import { ConfigError } from '../data/errors';
import type { RecipeSettings } from './spec';
import { boxCox, inverseBoxCox } from './transforms/boxCox';
import type { DeseasonaliseMethod, DeseasonaliseState } from './transforms/deseasonalise';
import { fitDeseasonalise, isMultiplicative } from './transforms/deseasonalise';
import { proposeTransforms } from './transforms/plan';

/** The transforms a recipe run uses, with one line per choice saying why. JSON-serialisable. */
export interface RecipeTransforms {
  /** Box-Cox λ (0 = log), or null for none. */
  boxCox: number | null;
  deseasonalise: DeseasonaliseMethod;
  /** Whether each was chosen from the data ('auto') or set by hand. */
  chosen: { boxCox: 'auto' | 'set'; deseasonalise: 'auto' | 'set' };
  reasons: { boxCox: string; deseasonalise: string };
}

/** What maps a series to the model space and back. JSON-serialisable. */
export interface RecipeState {
  boxCox: number | null;
  /** Seasonal component fitted on the training part (null without seasonal adjustment). */
  deseasonalise: DeseasonaliseState | null;
  /** Divides the adjusted series: the mean absolute change over `lag` steps (the horizon) of the training part (1 when 0). */
  scale: number;
  /** Length of the part the states were fitted on. */
  fittedLength: number;
}

/**
 * Chooses the recipe's transforms from the training part (`auto`) or takes them as set. Box-Cox and log need
 * every value of the series to be positive (`allPositive`); classical-mult needs positive adjusted values;
 * seasonal adjustment needs two full seasons.
 */
export function chooseRecipeTransforms(
  train: readonly number[],
  m: number,
  settings: Pick<RecipeSettings, 'boxCox' | 'deseasonalise'>,
  allPositive: boolean,
): RecipeTransforms {
  const period = Math.max(1, Math.floor(m));
  const plan = proposeTransforms(train, period);
  let lambda: number | null;
  let boxReason: string;
  if (settings.boxCox === 'auto') {
    lambda = allPositive ? plan.boxCox : null;
    boxReason = allPositive ? plan.reasons.boxCox : 'none: the series has values ≤ 0';
  } else {
    lambda = settings.boxCox === 'none' ? null : settings.boxCox === 'log' ? 0 : settings.boxCox;
    boxReason =
      lambda === null
        ? 'none: set in the setup'
        : lambda === 0
          ? 'log: set in the setup'
          : `Box-Cox λ = ${lambda}: set in the setup`;
    if (lambda !== null && !allPositive) {
      throw new ConfigError(
        'INVALID_CONFIG',
        'A log or Box-Cox transform needs every value to be positive, and this series has values ≤ 0: choose no transform.',
        'recipe.boxCox',
      );
    }
  }
  let method: DeseasonaliseMethod;
  let seasonReason: string;
  if (settings.deseasonalise === 'auto') {
    method = plan.deseasonalise;
    seasonReason = plan.reasons.deseasonalise;
    // the plan chose classical-mult assuming no Box-Cox; on a transformed scale use additive
    if (method === 'classical-mult' && lambda !== null) method = 'classical-add';
  } else {
    method = settings.deseasonalise;
    seasonReason = method === 'none' ? 'none: set in the setup' : `${method}: set in the setup`;
  }
  if (method !== 'none' && (period < 2 || train.length < 2 * period + 1)) {
    if (settings.deseasonalise !== 'auto') {
      throw new ConfigError(
        'INVALID_CONFIG',
        `Seasonal adjustment needs a season length ≥ 2 and two full seasons in the training part (${train.length} steps, season ${period}): choose none.`,
        'recipe.deseasonalise',
      );
    }
    method = 'none';
    seasonReason = 'none: fewer than two full seasons in the training part';
  }
  return {
    boxCox: lambda,
    deseasonalise: method,
    chosen: {
      boxCox: settings.boxCox === 'auto' ? 'auto' : 'set',
      deseasonalise: settings.deseasonalise === 'auto' ? 'auto' : 'set',
    },
    reasons: { boxCox: boxReason, deseasonalise: seasonReason },
  };
}

/** Fits the recipe's states on y[0..trainEnd); the scale is the mean absolute change over `lag` steps (the horizon). */
export function fitRecipeState(
  y: readonly number[],
  trainEnd: number,
  m: number,
  transforms: RecipeTransforms,
  lag = 1,
): RecipeState {
  const train = y.slice(0, trainEnd);
  const b = transforms.boxCox === null ? train : boxCox(train, transforms.boxCox);
  let deseasonalise: DeseasonaliseState | null = null;
  let adjusted = b;
  if (transforms.deseasonalise !== 'none') {
    if (transforms.deseasonalise === 'classical-mult' && b.some((v) => !(v > 0))) {
      throw new ConfigError(
        'INVALID_CONFIG',
        'Multiplicative seasonal adjustment needs positive values: choose additive or STL.',
        'recipe.deseasonalise',
      );
    }
    deseasonalise = fitDeseasonalise(b, Math.floor(m), transforms.deseasonalise);
    const mult = isMultiplicative(deseasonalise.method);
    const s = deseasonalise.seasonal;
    adjusted = b.map((v, t) => (mult ? v / s[t] : v - s[t]));
  }
  // the typical change over `lag` steps, so that targets a horizon ahead of their window's level are of order 1
  const k = Math.max(1, Math.min(Math.floor(lag), adjusted.length - 1));
  let sum = 0;
  for (let t = k; t < adjusted.length; t++) sum += Math.abs(adjusted[t] - adjusted[t - k]);
  const mad = adjusted.length > k ? sum / (adjusted.length - k) : 0;
  const scale = mad > 0 && Number.isFinite(mad) ? mad : 1;
  return { boxCox: transforms.boxCox, deseasonalise, scale, fittedLength: trainEnd };
}

/** The seasonal component at position t: fitted inside the training part, by phase after it. */
function seasonalAt(d: DeseasonaliseState, t: number): number {
  const n = d.seasonal.length;
  if (t < n) return d.seasonal[t];
  return d.seasonal[n - d.m + ((t - n) % d.m)];
}

/** Maps y[0..n) to the model space: Float64Array [n]. Throws ConfigError for a value Box-Cox cannot take. */
export function toModelSpace(state: RecipeState, y: readonly number[]): Float64Array {
  const z = new Float64Array(y.length);
  const b = state.boxCox === null ? y : boxCox(y, state.boxCox);
  const d = state.deseasonalise;
  const mult = d ? isMultiplicative(d.method) : false;
  for (let t = 0; t < y.length; t++) {
    let v = b[t];
    if (d) v = mult ? v / seasonalAt(d, t) : v - seasonalAt(d, t);
    z[t] = v / state.scale;
    if (!Number.isFinite(z[t])) {
      throw new ConfigError(
        'INVALID_CONFIG',
        `The value at row ${t + 1} (${y[t]}) cannot be transformed (log or Box-Cox needs positive values): choose no transform.`,
        'recipe.boxCox',
      );
    }
  }
  return z;
}

/**
 * Maps original-unit values at positions `positions` to the model space, as toModelSpace does for a series; NaN
 * where a value cannot be transformed (not positive under Box-Cox), so that callers can leave it out.
 */
export function modelSpaceAt(
  state: RecipeState,
  positions: readonly number[],
  values: readonly number[],
): number[] {
  const d = state.deseasonalise;
  const mult = d ? isMultiplicative(d.method) : false;
  return values.map((y, i) => {
    if (state.boxCox !== null && !(y > 0)) return Number.NaN;
    let v = state.boxCox === null ? y : boxCox([y], state.boxCox)[0];
    if (d) v = mult ? v / seasonalAt(d, positions[i]) : v - seasonalAt(d, positions[i]);
    const z = v / state.scale;
    return Number.isFinite(z) ? z : Number.NaN;
  });
}

/** Maps model-space values at positions `positions` back to original units (the exact inverse of toModelSpace). */
export function fromModelSpace(
  state: RecipeState,
  positions: readonly number[],
  z: readonly number[],
): number[] {
  const d = state.deseasonalise;
  const mult = d ? isMultiplicative(d.method) : false;
  const adjusted = z.map((v, i) => {
    const a = v * state.scale;
    if (!d) return a;
    const s = seasonalAt(d, positions[i]);
    return mult ? a * s : a + s;
  });
  return state.boxCox === null ? adjusted : inverseBoxCox(adjusted, state.boxCox);
}
