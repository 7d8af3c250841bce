import { useMemo, useState } from 'react';
import {
  CURRICULUM_ADVANCE,
  CURRICULUM_START,
  DEFAULT_CHALLENGE_BUDGET,
  DEFAULT_CHALLENGE_SETTINGS,
  MAX_CHALLENGE_LAG,
  challengeSeriesKey,
} from '../../../core/inspect/challengeSettings';
import { formatPercent } from '../../../core/common/format';
import { CHALLENGE_TASKS, type ChallengeTask } from '../../../core/inspect/challengeTasks';
import { MAX_CHRONO_T_MAX, type GateInitKind } from '../../../core/model/gateInit';
import { CELL_LABELS, CELL_TYPES, type CellType } from '../../../core/model/spec';
import { EChart } from '../../charts/EChart';
import { challengeOption } from '../../charts/inspectorCharts';
import { CheckField, NumberField, SelectField } from '../../components/fields';
import { ProgressBar } from '../../components/ProgressBar';
import { useInspector } from './inspectorStore';

const TASK_LABELS: Record<ChallengeTask, string> = {
  copy: 'Copy: recall the symbol seen k steps ago',
  adding: 'Adding problem: sum the two marked numbers among k',
};

type InitChoice = 'both' | GateInitKind;

const INIT_CHOICES: Record<InitChoice, { label: string; inits: GateInitKind[] }> = {
  both: { label: 'Both: default and chrono, overlaid', inits: ['forget-bias', 'chrono'] },
  'forget-bias': { label: 'Default (forget-gate bias 1)', inits: ['forget-bias'] },
  chrono: { label: 'Chrono', inits: ['chrono'] },
};

/**
 * Trains SimpleRNN, LSTM and GRU on a synthetic memory task for several lags (gated cells with the default and/or
 * chrono gate initialisation), each until solved or out of its step budget, and plots accuracy against lag.
 */
export function MemoryChallengePanel() {
  const challenge = useInspector((s) => s.challenge);
  // Progress reports re-render the panel several times a second; the chart redraws only when a run finishes.
  const records = challenge?.records;
  const chartOption = useMemo(() => (records?.length ? challengeOption(records) : null), [records]);
  const { runChallenge, stopChallenge } = useInspector.getState();
  const [task, setTask] = useState<ChallengeTask>('copy');
  const [lags, setLags] = useState('5,10,20');
  const [cells, setCells] = useState<CellType[]>([...CELL_TYPES]);
  const [seed, setSeed] = useState(1);
  const [initChoice, setInitChoice] = useState<InitChoice>('both');
  const [tMax, setTMax] = useState('');
  const [budget, setBudget] = useState(DEFAULT_CHALLENGE_BUDGET);
  const [curriculum, setCurriculum] = useState(false);
  const parsedTMax = tMax.trim() === '' ? null : Number(tMax);
  const tMaxError =
    parsedTMax !== null && (!Number.isInteger(parsedTMax) || parsedTMax < 3 || parsedTMax > MAX_CHRONO_T_MAX)
      ? `T_max is a whole number from 3 to ${MAX_CHRONO_T_MAX}, or empty for each lag's sequence length.`
      : null;
  const parsedLags = lags
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const lagError =
    parsedLags.length === 0 || parsedLags.some((l) => !Number.isInteger(l) || l < 2 || l > MAX_CHALLENGE_LAG)
      ? `Lags are whole numbers from 2 to ${MAX_CHALLENGE_LAG}, e.g. 10,50,100.`
      : null;
  const overlaid =
    new Set(challenge?.records.filter((r) => r.cell !== 'rnn').map((r) => r.gateInit.kind) ?? []).size > 1;
  const p = challenge?.progress;
  const runs = p ? p.runs : 0;
  const fraction = p ? (p.run + p.training.step / Math.max(1, p.training.totalSteps)) / Math.max(1, runs) : 0;

  return (
    <section className="card" data-testid="challenge-section">
      <h2>Memory challenge</h2>
      <p className="muted small">
        A synthetic task with a known memory demand: each cell is trained at each lag and tested on fresh
        examples. Where the SimpleRNN falls to chance while the gated cells stay near 100%, you are looking at
        the vanishing gradient. Every run is saved as an experiment you can inspect above.
      </p>
      <div className="field-grid">
        <SelectField<ChallengeTask>
          wide
          label="Task"
          value={task}
          options={CHALLENGE_TASKS.map((t) => ({ value: t, label: TASK_LABELS[t] }))}
          onChange={(t) => setTask(t)}
        />
        <label className="field">
          <span className="field-label">Lags</span>
          <input
            value={lags}
            onChange={(e) => setLags(e.target.value)}
            aria-invalid={lagError !== null}
            data-testid="challenge-lags"
          />
          {lagError && <span className="field-error">{lagError}</span>}
        </label>
        <NumberField label="Seed" integer min={0} max={2147483647} value={seed} onChange={setSeed} />
        <SelectField<InitChoice>
          wide
          label="Gate initialisation of gated cells"
          value={initChoice}
          options={(Object.keys(INIT_CHOICES) as InitChoice[]).map((k) => ({
            value: k,
            label: INIT_CHOICES[k].label,
          }))}
          onChange={setInitChoice}
          hint="Chrono sets forget (LSTM) and update (GRU) biases so units start remembering on time scales up to T_max"
          testId="challenge-init"
        />
        <label className="field" title="Chrono's longest dependency; empty: each lag's sequence length">
          <span className="field-label">Chrono T_max</span>
          <input
            value={tMax}
            placeholder="sequence length"
            disabled={initChoice === 'forget-bias'}
            onChange={(e) => setTMax(e.target.value)}
            aria-invalid={tMaxError !== null}
            data-testid="challenge-tmax"
          />
          {tMaxError && <span className="field-error">{tMaxError}</span>}
        </label>
        <NumberField
          label="Train until solved or N steps"
          integer
          min={1}
          max={1_000_000}
          value={budget}
          onChange={setBudget}
          hint={`Each run stops once ${formatPercent(DEFAULT_CHALLENGE_SETTINGS.stopAt)} of validation examples are right, or after this many training steps`}
          testId="challenge-budget"
        />
        <CheckField
          label={`Curriculum: start at lag ${CURRICULUM_START}, double once ${formatPercent(CURRICULUM_ADVANCE)} right`}
          hint={`Trains at lag ${CURRICULUM_START} first and doubles the lag each time ${formatPercent(CURRICULUM_ADVANCE)} of validation examples at it are right, up to the lag asked for`}
          checked={curriculum}
          onChange={setCurriculum}
          testId="challenge-curriculum"
        />
        <div className="field">
          <span className="field-label">Cells</span>
          <div className="checks">
            {CELL_TYPES.map((c) => (
              <CheckField
                key={c}
                label={CELL_LABELS[c]}
                checked={cells.includes(c)}
                onChange={(on) => setCells(on ? [...cells, c] : cells.filter((x) => x !== c))}
              />
            ))}
          </div>
        </div>
      </div>
      <div className="setup-actions">
        {challenge?.running ? (
          <button className="danger" onClick={stopChallenge} data-testid="challenge-stop">
            Stop
          </button>
        ) : (
          <button
            className="primary"
            disabled={lagError !== null || tMaxError !== null || cells.length === 0}
            onClick={() =>
              void runChallenge(task, parsedLags, cells, seed, {
                inits: INIT_CHOICES[initChoice].inits,
                tMax: initChoice === 'forget-bias' ? null : parsedTMax,
                maxSteps: budget,
                curriculum,
              })
            }
            data-testid="challenge-run"
          >
            Run challenge
          </button>
        )}
      </div>
      {challenge?.running && (
        <ProgressBar
          fraction={fraction}
          label={
            p
              ? `${CELL_LABELS[p.cell]}${p.cell !== 'rnn' && p.init === 'chrono' ? ' (chrono)' : ''} at lag ${p.lag}` +
                `${p.stageLag !== p.lag ? ` (training at lag ${p.stageLag})` : ''} (run ${p.run + 1} of ${p.runs}) · ` +
                `step ${p.training.step} of at most ${p.training.totalSteps}`
              : 'Generating the task…'
          }
          testId="challenge-progress"
        />
      )}
      {challenge && chartOption && (
        <EChart
          option={chartOption}
          height={300}
          title={`${challenge.task} task: accuracy against lag`}
          testId="challenge-chart"
        />
      )}
      {challenge && challenge.records.length > 0 && (
        <p className="muted small" data-testid="challenge-series">
          {new Set(challenge.records.map(challengeSeriesKey)).size} series
          {overlaid ? ' (solid lines: chrono, dashed: the default initialisation)' : ''};{' '}
          {challenge.records.filter((r) => r.solved).length} of {challenge.records.length} runs solved within
          the budget.
        </p>
      )}
      {challenge?.summary && <p className="verdict">{challenge.summary}</p>}
    </section>
  );
}
