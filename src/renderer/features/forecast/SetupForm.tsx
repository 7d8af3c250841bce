import { useEffect, useMemo } from 'react';
import {
  BACKEND_NAMES,
  CELL_LABELS,
  CELL_TYPES,
  ENGINE_LABELS,
  ENGINE_NAMES,
  parseForecastConfig,
  type ForecastConfig,
} from '../../../core/model/spec';
import { CheckField, FieldGroup, NumberField, SelectField } from '../../components/fields';
import { GateInitField } from '../../components/GateInitField';
import { useForecast } from './forecastStore';
import { RecipeFields, recipeProblem } from './RecipeFields';

const OPTIMIZERS = [
  { value: 'adam', label: 'Adam' },
  { value: 'rmsprop', label: 'RMSprop' },
  { value: 'sgd', label: 'SGD' },
] as const;

/** Every setting of a forecast run, with defaults proposed from the data. Ctrl+Enter trains. */
export function SetupForm() {
  const parse = useForecast((s) => s.parse);
  const extract = useForecast((s) => s.extract);
  const config = useForecast((s) => s.config);
  const seasonLength = useForecast((s) => s.seasonLength);
  const series = useForecast((s) => s.series);
  const training = useForecast((s) => s.run !== null);
  const { setExtract, setConfig, setSeasonLength, train } = useForecast.getState();
  const parsed = parse.status === 'ready' ? parse.parsed : null;

  const problem = useMemo(() => {
    try {
      parseForecastConfig(config);
    } catch (error) {
      return (error as Error).message;
    }
    if (series && config.recipe) {
      if ((extract?.features ?? []).length > 0)
        return 'The recipe forecasts from the target alone: clear the extra inputs, or turn the recipe off.';
      return recipeProblem(series.target, config);
    }
    if (series) {
      const n = series.target.length;
      const usable = Math.floor(n * config.split.test);
      if (config.lookback + config.horizon >= n * config.split.train) {
        return `Lookback + horizon (${config.lookback + config.horizon}) must be well below the training part (${Math.floor(n * config.split.train)} of ${n} steps): shorten them.`;
      }
      if (usable < config.horizon)
        return `The test part (${usable} steps) is shorter than the horizon (${config.horizon}): shorten the horizon or enlarge the test part.`;
    }
    return null;
  }, [config, series, extract]);

  const canTrain = !!extract && !!series && !training && problem === null;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && canTrain) {
        e.preventDefault();
        void train();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canTrain, train]);

  if (!parsed) return null;
  if (!extract) {
    return (
      <section className="card error-card" role="alert">
        <h2>No forecast possible</h2>
        <p>{parsed.defaultsError ?? 'This table has no numeric column to forecast.'}</p>
      </section>
    );
  }
  const summary = parsed.summary;
  const numeric = summary.columns.filter((c) => c.kind === 'numeric' && c.role !== 'time');
  const set = (patch: Partial<ForecastConfig>) => setConfig(patch);
  const pct = (v: number) => Math.round(v * 100);
  const setSplit = (part: 'train' | 'val' | 'test', value: number) => {
    const next = { ...config.split, [part]: value / 100 };
    const other = part === 'train' ? 'val' : 'train';
    const rest = 1 - next.train - next.val - next.test;
    next[other] = Math.max(0.01, next[other] + rest);
    set({ split: next });
  };

  return (
    <section className="card" data-testid="setup">
      <h2>Setup</h2>
      <FieldGroup title="Data">
        <SelectField
          label="Target"
          value={extract.target}
          testId="target-select"
          options={numeric.map((c) => ({ value: c.name, label: c.name }))}
          onChange={(target) =>
            setExtract({ target, features: (extract.features ?? []).filter((f) => f !== target) })
          }
        />
        {summary.key && (
          <SelectField
            label={`Series (${summary.key.column})`}
            value={extract.key ?? summary.key.keys[0].value}
            options={summary.key.keys.map((k) => ({ value: k.value, label: `${k.value} (${k.rows} rows)` }))}
            onChange={(key) => setExtract({ key })}
          />
        )}
        <SelectField
          label="Missing values"
          value={extract.missing}
          options={[
            { value: 'interpolate', label: 'Interpolate linearly' },
            { value: 'drop', label: 'Drop rows' },
          ]}
          onChange={(missing) => {
            setExtract({ missing });
            set({ missing });
          }}
        />
        <NumberField
          label="Season length"
          integer
          min={1}
          max={10000}
          value={seasonLength}
          onChange={setSeasonLength}
          hint="Steps per seasonal cycle, for seasonal naive and MASE (1 = none)"
        />
        <SelectField
          label="Scaling"
          disabled={config.recipe !== null}
          value={config.scaling}
          options={[
            { value: 'zscore', label: 'z-score' },
            { value: 'minmax', label: 'min-max' },
          ]}
          onChange={(scaling) => set({ scaling })}
          hint="Fitted on the training part only"
        />
        <CheckField
          label="Difference the target"
          disabled={config.recipe !== null}
          checked={config.differencing}
          onChange={(differencing) => set({ differencing })}
          hint="Model the change from one step to the next"
        />
        {numeric.length > 1 && (
          <div className="field wide">
            <span className="field-label">Extra inputs</span>
            <div className="checks">
              {numeric
                .filter((c) => c.name !== extract.target)
                .map((c) => (
                  <CheckField
                    key={c.name}
                    label={c.name}
                    checked={(extract.features ?? []).includes(c.name)}
                    onChange={(on) =>
                      setExtract({
                        features: on
                          ? [...(extract.features ?? []), c.name]
                          : (extract.features ?? []).filter((f) => f !== c.name),
                      })
                    }
                  />
                ))}
            </div>
          </div>
        )}
      </FieldGroup>
      <RecipeFields
        config={config}
        target={series?.target ?? null}
        seasonLength={seasonLength}
        hasFeatures={(extract.features ?? []).length > 0}
        set={set}
      />
      <FieldGroup title="Windows">
        <NumberField
          label="Lookback"
          integer
          min={1}
          max={2000}
          value={config.lookback}
          onChange={(lookback) => set({ lookback })}
          testId="lookback"
          hint="Input steps per window"
        />
        <NumberField
          label="Horizon"
          integer
          min={1}
          max={1000}
          value={config.horizon}
          onChange={(horizon) => set({ horizon })}
          testId="horizon"
          hint="Steps forecast at once"
        />
        <NumberField
          label="Train %"
          integer
          min={10}
          max={95}
          value={pct(config.split.train)}
          onChange={(v) => setSplit('train', v)}
        />
        <NumberField
          label="Validation %"
          integer
          min={1}
          max={50}
          value={pct(config.split.val)}
          onChange={(v) => setSplit('val', v)}
        />
        <NumberField
          label="Test %"
          integer
          min={1}
          max={50}
          value={pct(config.split.test)}
          onChange={(v) => setSplit('test', v)}
          hint="The most recent part"
        />
      </FieldGroup>
      <FieldGroup title="Model">
        <div className="field span2">
          <span className="field-label">Cell</span>
          <div className="segmented" role="radiogroup" aria-label="Cell">
            {CELL_TYPES.map((cell) => (
              <button
                key={cell}
                role="radio"
                aria-checked={config.cell === cell}
                className={config.cell === cell ? 'on' : ''}
                onClick={() => set({ cell })}
              >
                {CELL_LABELS[cell]}
              </button>
            ))}
          </div>
        </div>
        <NumberField
          label="Layers"
          integer
          min={1}
          max={3}
          value={config.layers}
          onChange={(layers) => set({ layers })}
        />
        <NumberField
          label="Units"
          integer
          min={1}
          max={512}
          value={config.units}
          onChange={(units) => set({ units })}
          testId="units"
        />
        <NumberField
          label="Dropout"
          min={0}
          max={0.9}
          step={0.05}
          value={config.dropout}
          onChange={(dropout) => set({ dropout })}
        />
        <GateInitField
          value={config.gateInit}
          onChange={(gateInit) => set({ gateInit })}
          suggestedTMax={config.lookback}
          disabled={config.cell === 'rnn'}
          testId="gate-init"
        />
        <p className="muted small field wide">
          Gates use the sigmoid activation (real gate values, as in other frameworks).
        </p>
      </FieldGroup>
      <FieldGroup title="Training">
        <SelectField
          label="Optimizer"
          value={config.optimizer}
          options={OPTIMIZERS}
          onChange={(optimizer) => set({ optimizer })}
        />
        <NumberField
          label="Learning rate"
          min={1e-6}
          max={10}
          value={config.learningRate}
          onChange={(learningRate) => set({ learningRate })}
          testId="learning-rate"
        />
        <NumberField
          label="Batch size"
          integer
          min={1}
          max={8192}
          value={config.batchSize}
          onChange={(batchSize) => set({ batchSize })}
        />
        <NumberField
          label="Epochs"
          integer
          min={1}
          max={10000}
          value={config.epochs}
          onChange={(epochs) => set({ epochs })}
          testId="epochs"
        />
        <CheckField
          label="Early stopping"
          checked={config.patience !== null}
          onChange={(on) => set({ patience: on ? 10 : null })}
          hint="Stop when the validation loss has not improved for `patience` epochs; the best weights are restored"
        />
        {config.patience !== null && (
          <NumberField
            label="Patience"
            integer
            min={1}
            max={1000}
            value={config.patience}
            onChange={(patience) => set({ patience })}
          />
        )}
        <CheckField
          label="Clip gradients"
          checked={config.clipNorm !== null}
          onChange={(on) => set({ clipNorm: on ? 1 : null })}
          testId="clip-toggle"
          hint="Scale gradients down when their global norm exceeds the limit"
        />
        {config.clipNorm !== null && (
          <NumberField
            label="Clip norm"
            min={1e-6}
            max={1e6}
            value={config.clipNorm}
            onChange={(clipNorm) => set({ clipNorm })}
          />
        )}
        <NumberField
          label="Seed"
          integer
          min={0}
          max={2147483647}
          value={config.seed}
          onChange={(seed) => set({ seed })}
          hint="Same data + settings + seed + backend = same result"
        />
        <SelectField
          label="Backend"
          value={config.backend}
          options={BACKEND_NAMES.map((b) => ({
            value: b,
            label: b === 'wasm' ? 'wasm (fast)' : b === 'webgl' ? 'webgl (GPU)' : 'cpu (slow)',
          }))}
          onChange={(backend) => set({ backend })}
        />
        <SelectField
          label="Engine"
          value={config.engine}
          options={ENGINE_NAMES.map((e) => ({ value: e, label: ENGINE_LABELS[e] }))}
          onChange={(engine) => set({ engine })}
          testId="engine-select"
          hint="What runs the recurrent layers: the lab's fused WebAssembly kernels, or stock tfjs layers (same weights, same results, slower)"
        />
      </FieldGroup>
      <div className="setup-actions">
        {problem && (
          <p className="error-text" role="alert" data-testid="setup-problem">
            {problem}
          </p>
        )}
        <button
          className="primary"
          disabled={!canTrain}
          onClick={() => void train()}
          data-testid="train-button"
          title="Train (Ctrl+Enter)"
        >
          Train {CELL_LABELS[config.cell]}
        </button>
      </div>
    </section>
  );
}
