import { useState } from 'react';
import { CHALLENGE_TASKS, type ChallengeTask } from '../../../core/inspect/challengeTasks';
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

/** Trains SimpleRNN, LSTM and GRU on a synthetic memory task for several lags and plots accuracy against lag. */
export function MemoryChallengePanel() {
  const challenge = useInspector((s) => s.challenge);
  const { runChallenge, stopChallenge } = useInspector.getState();
  const [task, setTask] = useState<ChallengeTask>('copy');
  const [lags, setLags] = useState('5,10,20');
  const [cells, setCells] = useState<CellType[]>([...CELL_TYPES]);
  const [seed, setSeed] = useState(1);
  const parsedLags = lags
    .split(/[\s,]+/)
    .filter(Boolean)
    .map(Number);
  const lagError =
    parsedLags.length === 0 || parsedLags.some((l) => !Number.isInteger(l) || l < 2 || l > 200)
      ? 'Lags are whole numbers from 2 to 200, e.g. 5,10,20.'
      : null;
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
            disabled={lagError !== null || cells.length === 0}
            onClick={() => void runChallenge(task, parsedLags, cells, seed)}
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
              ? `${CELL_LABELS[p.cell]} at lag ${p.lag} (run ${p.run + 1} of ${p.runs}) · epoch ${p.training.epoch + 1}`
              : 'Generating the task…'
          }
          testId="challenge-progress"
        />
      )}
      {challenge && challenge.records.length > 0 && (
        <EChart
          option={challengeOption(challenge.records)}
          height={300}
          title={`${challenge.task} task: accuracy against lag`}
          testId="challenge-chart"
        />
      )}
      {challenge?.summary && <p className="verdict">{challenge.summary}</p>}
    </section>
  );
}
