import { type ReactNode, useId } from 'react';

/**
 * A labelled control with an optional hint and error. The render prop receives the ids to wire up,
 * so the control stays a plain input/select/textarea.
 */
export function Field({
  label,
  hint,
  error,
  children,
  className,
}: {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  className?: string;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''} ${className ?? ''}`}>
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      {children({ id, describedBy, invalid: Boolean(error) })}
      {hint ? (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      ) : null}
      {error ? <FieldError id={errorId}>{error}</FieldError> : null}
    </div>
  );
}

export function FieldError({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <p className="field-error" id={id} role="alert">
      {children}
    </p>
  );
}

/** A mainland mobile number field: numeric keypad, wired to its Field's ids. */
export function PhoneInput({
  ids,
  value,
  onChange,
  autoComplete = 'tel-national',
  name,
  dataField,
}: {
  ids: { id: string; describedBy: string | undefined; invalid: boolean };
  value: string;
  onChange: (value: string) => void;
  autoComplete?: string;
  name?: string;
  /** For scrolling to the first invalid field of a form. */
  dataField?: string;
}) {
  return (
    <input
      id={ids.id}
      name={name}
      data-field={dataField}
      className="input"
      type="tel"
      inputMode="numeric"
      autoComplete={autoComplete}
      maxLength={16}
      value={value}
      aria-describedby={ids.describedBy}
      aria-invalid={ids.invalid || undefined}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}
