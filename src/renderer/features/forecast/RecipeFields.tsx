import { useMemo } from 'react';
import { COMBINED_WITH } from '../../../core/model/competitors';
import { RECIPE_TRAINING } from '../../../core/model/recommend';
import { recipeSplit } from '../../../core/model/recipeSplit';
import { chooseRecipeTransforms, type RecipeTransforms } from '../../../core/model/recipeTransforms';
import {
  RECIPE_DESEASONALISE,
  proposedRecipe,
  type ForecastConfig,
  type RecipeSettings,
} from '../../../core/model/spec';
import { CheckField, FieldGroup, NumberField, SelectField } from '../../components/fields';

const BOX_COX_OPTIONS = ['auto', 'none', 'log'] as const;
type BoxCoxChoice = (typeof BOX_COX_OPTIONS)[number];

const SEASON_LABELS: Record<(typeof RECIPE_DESEASONALISE)[number], string> = {
  auto: 'auto',
  none: 'none',
  'classical-mult': 'classical, multiplicative',
  'classical-add': 'classical, additive',
  stl: 'STL (additive)',
};

/** "log", "Box-Cox λ = 0.32" or "none", for a chosen variance transform. */
export function boxCoxLabel(lambda: number | null): string {
  return lambda === null ? 'none' : lambda === 0 ? 'log' : `Box-Cox λ = ${lambda.toFixed(2)}`;
}

/** What the recipe would choose on this series' training part, or why it cannot run. */
function usePreview(
  target: readonly number[] | null,
  config: ForecastConfig,
  seasonLength: number,
): { transforms: RecipeTransforms | null; notes: string[]; problem: string | null } {
  return useMemo(() => {
    if (!target || !config.recipe) return { transforms: null, notes: [], problem: null };
    try {
      const split = recipeSplit(target.length, config);
      const train = target.slice(0, split.bounds.trainEnd);
      const transforms = chooseRecipeTransforms(
        train,
        seasonLength,
        config.recipe,
        target.every((v) => v > 0),
      );
      return { transforms, notes: split.notes, problem: null };
    } catch (error) {
      return { transforms: null, notes: [], problem: (error as Error).message };
    }
  }, [target, config, seasonLength]);
}

/**
 * The recipe's settings: on or off, the variance transform and the seasonal adjustment (auto shows what the data
 * chose and why), the ensemble size, and what a short series changes.
 */
export function RecipeFields(props: {
  config: ForecastConfig;
  target: readonly number[] | null;
  seasonLength: number;
  hasFeatures: boolean;
  set(patch: Partial<ForecastConfig>): void;
}) {
  const { config, set } = props;
  const preview = usePreview(props.target, config, props.seasonLength);
  const recipe = config.recipe;
  const setRecipe = (patch: Partial<RecipeSettings>) => recipe && set({ recipe: { ...recipe, ...patch } });
  const boxValue: BoxCoxChoice =
    recipe === null ? 'auto' : typeof recipe.boxCox === 'number' ? 'auto' : recipe.boxCox;
  const t = preview.transforms;
  return (
    <FieldGroup title="Recipe">
      <CheckField
        label="Transforms, window levels and an ensemble"
        checked={recipe !== null}
        disabled={props.hasFeatures && recipe === null}
        testId="recipe-toggle"
        onChange={(on) =>
          set(
            on
              ? { recipe: proposedRecipe(), differencing: false, ...RECIPE_TRAINING }
              : { recipe: null, patience: 10, epochs: 50, batchSize: 32 },
          )
        }
        hint="Variance-stabilising and seasonal transforms fitted on the training part, every window relative to its last level, and the median of several networks. Off: one network on scaled levels with early stopping."
      />
      {recipe && (
        <>
          <CheckField
            label="Auto setup"
            checked={recipe.auto}
            testId="recipe-auto"
            onChange={(auto) => setRecipe({ auto })}
            hint="Before training, search cell (LSTM, GRU), lookback, transforms and ensemble size on rolling origins inside the training and validation parts (never the test part), next to ETS, Theta, AutoARIMA and Naive2; the best is trained"
          />
          <SelectField
            label="Variance transform"
            value={boxValue}
            testId="recipe-boxcox"
            options={BOX_COX_OPTIONS.map((v) => ({
              value: v,
              label: v === 'auto' && t ? `auto (${boxCoxLabel(t.boxCox)})` : v,
            }))}
            onChange={(boxCox) => setRecipe({ boxCox })}
          />
          <SelectField
            label="Seasonal adjustment"
            value={recipe.deseasonalise}
            testId="recipe-season"
            options={RECIPE_DESEASONALISE.map((v) => ({
              value: v,
              label:
                v === 'auto' && t
                  ? `auto (${SEASON_LABELS[t.deseasonalise] ?? t.deseasonalise})`
                  : SEASON_LABELS[v],
            }))}
            onChange={(deseasonalise) => setRecipe({ deseasonalise })}
          />
          <CheckField
            label="Combine with classical methods"
            checked={recipe.combine}
            testId="recipe-combine"
            onChange={(combine) => setRecipe({ combine })}
            hint={`The forecast is the median, step by step, of the networks, ${COMBINED_WITH} fitted on the same history; the competitors table also scores the networks alone. Off: the networks alone`}
          />
          <NumberField
            label="Ensemble size"
            integer
            min={1}
            max={30}
            value={recipe.ensemble}
            testId="recipe-ensemble"
            onChange={(ensemble) => setRecipe({ ensemble })}
            hint="Networks trained with different seeds; the forecast is their median"
          />
          <div className="field wide muted small" data-testid="recipe-preview">
            {t && (
              <>
                <div>Variance: {t.reasons.boxCox}</div>
                <div>Season: {t.reasons.deseasonalise}</div>
              </>
            )}
            {preview.notes.map((n) => (
              <div key={n} data-testid="recipe-note">
                {n}
              </div>
            ))}
            {preview.problem && <div className="error-text">{preview.problem}</div>}
          </div>
        </>
      )}
      {props.hasFeatures && (
        <p className="muted small field wide">
          The recipe forecasts from the target alone: clear the extra inputs to use it.
        </p>
      )}
    </FieldGroup>
  );
}

/** Why the recipe cannot run on this series and settings, or null. */
export function recipeProblem(target: readonly number[], config: ForecastConfig): string | null {
  try {
    recipeSplit(target.length, config);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
