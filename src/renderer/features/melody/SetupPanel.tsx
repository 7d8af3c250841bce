import { useEffect } from 'react';
import type { BaseModelMetrics } from '../../../core/music/baseModel';
import { MODE_LABELS, type MelodyMode } from '../../../core/music/melodyExperiment';
import { melodyModeNotes } from '../../../core/music/melodyModeNotes';
import { CELL_LABELS, CELL_TYPES } from '../../../core/model/cells';
import { DEFAULT_ATTENTION_WINDOW, DEFAULT_SEED_AFFINITY } from '../../../core/music/melodySettings';
import { MAX_SEED_AFFINITY } from '../../../core/music/seedAffinity';
import { CheckField, FieldGroup, NumberField, SelectField } from '../../components/fields';
import { GateInitField } from '../../components/GateInitField';
import metricsJson from '../../../../resources/models/base-melody/metrics.json';
import { useMelody } from './melodyStore';

const MODE_NOTES = melodyModeNotes(metricsJson as unknown as BaseModelMetrics);
const MODES: MelodyMode[] = ['base', 'finetune', 'scratch'];

/** Which model continues the seed (base, fine-tuned, from scratch), its training settings, and what to generate. */
/** The cell select's value for an LSTM with attention (a cell plus an attention window in the settings). */
const ATTENTION_CELL = 'lstm-attention';

export function SetupPanel() {
  const imported = useMelody((s) => s.imported);
  const seed = useMelody((s) => s.seed);
  const mode = useMelody((s) => s.mode);
  const training = useMelody((s) => s.training);
  const generate = useMelody((s) => s.generate);
  const trained = useMelody((s) => s.trained);
  const running = useMelody((s) => s.run !== null);
  const busy = useMelody((s) => s.busy);
  const { setMode, setTraining, setGenerate, start, generateWithTrained } = useMelody.getState();
  const seedEmpty = !!seed && seed.notes.length === 0;
  const canRun = !!seed && !seedEmpty && !running && !busy;

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && canRun) {
        e.preventDefault();
        void start();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canRun, start]);

  if (!imported) return null;
  const t = mode === 'base' ? null : training[mode];
  const action =
    mode === 'base' ? 'Generate' : mode === 'finetune' ? 'Fine-tune and generate' : 'Train and generate';

  return (
    <section className="card" data-testid="melody-setup">
      <h2>Model and generation</h2>
      <div className="segmented mode-switch" role="radiogroup" aria-label="Model">
        {MODES.map((m) => (
          <button
            key={m}
            role="radio"
            aria-checked={mode === m}
            className={mode === m ? 'on' : ''}
            onClick={() => setMode(m)}
            data-testid={`mode-${m}`}
          >
            {MODE_LABELS[m]}
          </button>
        ))}
      </div>
      <p className="muted small mode-note" data-testid={`${mode}-model-note`}>
        {MODE_NOTES[mode]}
      </p>
      {t && (
        <FieldGroup title="Training">
          {mode === 'scratch' && (
            <>
              <SelectField
                label="Cell"
                value={t.attention > 0 ? ATTENTION_CELL : t.cell}
                testId="train-cell"
                options={[
                  ...CELL_TYPES.map((c) => ({ value: c, label: CELL_LABELS[c] })),
                  { value: ATTENTION_CELL, label: 'LSTM + attention' },
                ]}
                onChange={(cell) =>
                  cell === ATTENTION_CELL
                    ? setTraining({ cell: 'lstm', attention: t.attention || DEFAULT_ATTENTION_WINDOW })
                    : setTraining({ cell, attention: 0 })
                }
                hint="LSTM + attention: at each step the LSTM also looks back over its last outputs (Magenta's attention RNN); the Inspector shows where it looked"
              />
              {t.attention > 0 && (
                <NumberField
                  label="Attention window (steps)"
                  integer
                  min={1}
                  max={64}
                  value={t.attention}
                  onChange={(attention) => setTraining({ attention })}
                  testId="train-attention"
                  hint="How many earlier steps each step can look at; 16 is one bar of 4/4"
                />
              )}
              <NumberField
                label="Units"
                integer
                min={8}
                max={512}
                value={t.units}
                onChange={(units) => setTraining({ units })}
              />
              <NumberField
                label="Layers"
                integer
                min={1}
                max={3}
                value={t.layers}
                onChange={(layers) => setTraining({ layers })}
              />
              <GateInitField
                value={t.gateInit}
                onChange={(gateInit) => setTraining({ gateInit })}
                suggestedTMax={64}
                disabled={t.cell === 'rnn'}
                testId="melody-gate-init"
              />
            </>
          )}
          <NumberField
            label="Epochs"
            integer
            min={1}
            max={1000}
            value={t.epochs}
            onChange={(epochs) => setTraining({ epochs })}
            testId="train-epochs"
          />
          <NumberField
            label="Learning rate"
            min={1e-6}
            max={1}
            value={t.learningRate}
            onChange={(learningRate) => setTraining({ learningRate })}
          />
          <NumberField
            label="Batch size"
            integer
            min={1}
            max={1024}
            value={t.batchSize}
            onChange={(batchSize) => setTraining({ batchSize })}
          />
          <CheckField
            label="Clip gradients"
            checked={t.clipNorm !== null}
            onChange={(on) => setTraining({ clipNorm: on ? 1 : null })}
            hint="Scale gradients down when their global norm exceeds the limit"
          />
          {t.clipNorm !== null && (
            <NumberField
              label="Clip norm"
              min={1e-6}
              max={1e6}
              value={t.clipNorm}
              onChange={(clipNorm) => setTraining({ clipNorm })}
            />
          )}
          {mode === 'scratch' && (
            <NumberField
              label="Patience"
              integer
              min={1}
              max={100}
              value={t.patience ?? 3}
              onChange={(patience) => setTraining({ patience })}
              hint="Epochs without a better validation loss before stopping"
            />
          )}
          <NumberField
            label="Training seed"
            integer
            min={0}
            max={2147483647}
            value={t.seed}
            onChange={(seed) => setTraining({ seed })}
          />
        </FieldGroup>
      )}
      <FieldGroup title="Generate">
        <NumberField
          label="Bars"
          integer
          min={1}
          max={32}
          value={generate.bars}
          onChange={(bars) => setGenerate({ bars })}
          testId="bars"
          hint="Whole bars after the seed (1-32)"
        />
        <NumberField
          label="Temperature"
          min={0.1}
          max={2}
          step={0.05}
          value={generate.temperature}
          onChange={(temperature) => setGenerate({ temperature })}
          testId="temperature"
          hint="1 follows the model; lower is safer, higher more adventurous (0.1-2)"
        />
        <NumberField
          label="Top-k"
          integer
          min={0}
          max={39}
          value={generate.topK}
          onChange={(topK) => setGenerate({ topK })}
          testId="top-k"
          hint="Sample among the k most likely tokens; 0 = all"
        />
        <NumberField
          label="Top-p"
          min={0.01}
          max={1}
          step={0.05}
          value={generate.topP}
          onChange={(topP) => setGenerate({ topP })}
          testId="top-p"
          hint="Sample among the most likely tokens that together hold p of the probability (nucleus sampling); 1 = all"
        />
        <NumberField
          label="Seed affinity"
          min={0}
          max={MAX_SEED_AFFINITY}
          step={0.25}
          value={generate.seedAffinity}
          onChange={(seedAffinity) => setGenerate({ seedAffinity })}
          testId="seed-affinity"
          hint={`How strongly new notes lean toward the pitches the seed itself uses (0-${MAX_SEED_AFFINITY}); 0 = off, ${DEFAULT_SEED_AFFINITY} by default; above 1 keeps to the seed's commonest notes and repeats more. Rests and held notes are not affected`}
        />
        <CheckField
          label="Stay in key"
          checked={generate.stayInKey}
          onChange={(stayInKey) => setGenerate({ stayInKey })}
          testId="stay-in-key"
          hint="Never play a pitch outside the seed's key (rests and held notes stay allowed)"
        />
        <NumberField
          label="Variations"
          integer
          min={1}
          max={8}
          value={generate.variations}
          onChange={(variations) => setGenerate({ variations })}
          testId="variations"
          hint="1-8, each from its own random stream"
        />
        <NumberField
          label="Random seed"
          integer
          min={0}
          max={2147483647}
          value={generate.seed}
          onChange={(seed) => setGenerate({ seed })}
          testId="gen-seed"
          hint="Same seed, model and settings = same variations"
        />
      </FieldGroup>
      <div className="setup-actions">
        {seedEmpty && (
          <span className="warn-text" data-testid="seed-empty">
            The chosen bars have no notes of this track: choose bars with notes.
          </span>
        )}
        {busy && (
          <span className="importing" data-testid="melody-busy">
            <span className="spinner" aria-hidden /> {busy}
          </span>
        )}
        {trained && mode !== 'base' && (
          <button
            onClick={() => void generateWithTrained()}
            disabled={!canRun}
            data-testid="generate-trained"
            title="Sample again from the model trained last, without training"
          >
            Generate with the trained {trained.model.label}
          </button>
        )}
        <button
          className="primary"
          disabled={!canRun}
          onClick={() => void start()}
          data-testid="generate-button"
          title={`${action} (Ctrl+Enter)`}
        >
          {action}
        </button>
      </div>
    </section>
  );
}
