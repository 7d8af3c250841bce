import { useId, useState, type ReactNode } from 'react';

/** A labelled number input that accepts typing freely and commits a valid number (on blur or Enter). */
export function NumberField(props: {
  label: string;
  value: number;
  onChange(value: number): void;
  min?: number;
  max?: number;
  step?: number;
  integer?: boolean;
  hint?: string;
  disabled?: boolean;
  testId?: string;
}) {
  const id = useId();
  const [draft, setDraft] = useState(String(props.value));
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(props.value);
  if (shown !== props.value) {
    // The value changed from outside (defaults from the data, a reopened run): show it.
    setShown(props.value);
    setDraft(String(props.value));
  }
  const commit = () => {
    const v = Number(draft.replace(',', '.'));
    if (draft.trim() === '' || !Number.isFinite(v)) return setError('Enter a number.');
    if (props.integer && !Number.isInteger(v)) return setError('Enter a whole number.');
    if (props.min !== undefined && v < props.min) return setError(`At least ${props.min}.`);
    if (props.max !== undefined && v > props.max) return setError(`At most ${props.max}.`);
    setError(null);
    if (v !== props.value) props.onChange(v);
  };
  return (
    <label className="field" htmlFor={id} title={props.hint}>
      <span className="field-label">{props.label}</span>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={draft}
        min={props.min}
        max={props.max}
        step={props.step ?? (props.integer ? 1 : 'any')}
        disabled={props.disabled}
        aria-invalid={error !== null}
        data-testid={props.testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
      {error && <span className="field-error">{error}</span>}
    </label>
  );
}

/** A labelled select. */
export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange(value: T): void;
  hint?: string;
  disabled?: boolean;
  testId?: string;
  /** Take two grid columns (long option labels). */
  wide?: boolean;
}) {
  const id = useId();
  return (
    <label className={props.wide ? 'field span2' : 'field'} htmlFor={id} title={props.hint}>
      <span className="field-label">{props.label}</span>
      <select
        id={id}
        value={props.value}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A checkbox with a label. */
export function CheckField(props: {
  label: string;
  checked: boolean;
  onChange(checked: boolean): void;
  hint?: string;
  disabled?: boolean;
  testId?: string;
}) {
  return (
    <label className="check" title={props.hint}>
      <input
        type="checkbox"
        checked={props.checked}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => props.onChange(e.target.checked)}
      />
      {props.label}
    </label>
  );
}

/** A titled group of fields. */
export function FieldGroup({ title, children }: { title: string; children: ReactNode }) {
  return (
    <fieldset className="field-group">
      <legend>{title}</legend>
      <div className="field-grid">{children}</div>
    </fieldset>
  );
}
