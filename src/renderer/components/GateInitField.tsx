import {
  DEFAULT_GATE_INIT,
  MAX_CHRONO_T_MAX,
  type GateInit,
  type GateInitKind,
} from '../../core/model/gateInit';
import { NumberField, SelectField } from './fields';

const KIND_OPTIONS: readonly { value: GateInitKind; label: string }[] = [
  { value: 'forget-bias', label: 'Forget-gate bias' },
  { value: 'chrono', label: 'Chrono (up to T_max)' },
];

const HINT =
  'How the gate biases start. Forget-gate bias: the LSTM forget gate starts at this bias (1: keeps about 73% per ' +
  'step). Chrono: forget (LSTM) or update (GRU) biases drawn so units start forgetting on time scales spread from ' +
  '2 to T_max steps; set T_max to the longest dependency the model should learn.';

/**
 * The gate initialisation of a recurrent model: the kind, and the forget-gate bias or chrono's T_max. SimpleRNN has
 * no gates, so `disabled` with a note when the cell is one.
 */
export function GateInitField(props: {
  value: GateInit;
  onChange(value: GateInit): void;
  /** Proposed T_max when switching to chrono (e.g. the lookback). */
  suggestedTMax: number;
  disabled?: boolean;
  testId?: string;
}) {
  const { value } = props;
  const setKind = (kind: GateInitKind) =>
    props.onChange(
      kind === 'chrono'
        ? { kind: 'chrono', tMax: Math.min(MAX_CHRONO_T_MAX, Math.max(3, Math.round(props.suggestedTMax))) }
        : { ...DEFAULT_GATE_INIT },
    );
  return (
    <>
      <SelectField<GateInitKind>
        label="Gate initialisation"
        value={value.kind}
        options={KIND_OPTIONS}
        onChange={setKind}
        hint={props.disabled ? 'A SimpleRNN has no gates to initialise.' : HINT}
        disabled={props.disabled}
        testId={props.testId}
      />
      {value.kind === 'chrono' ? (
        <NumberField
          label="T_max (steps)"
          integer
          min={3}
          max={MAX_CHRONO_T_MAX}
          value={value.tMax}
          onChange={(tMax) => props.onChange({ kind: 'chrono', tMax })}
          hint="The longest dependency to remember: forgetting times start spread over 2 … T_max steps."
          disabled={props.disabled}
          testId={props.testId ? `${props.testId}-tmax` : undefined}
        />
      ) : (
        <NumberField
          label="Forget-gate bias"
          min={-10}
          max={10}
          value={value.value}
          onChange={(v) => props.onChange({ kind: 'forget-bias', value: v })}
          hint="Initial bias of the LSTM forget gate (GRU biases start at 0)."
          disabled={props.disabled}
          testId={props.testId ? `${props.testId}-bias` : undefined}
        />
      )}
    </>
  );
}
