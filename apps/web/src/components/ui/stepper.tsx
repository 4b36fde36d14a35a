import { useId } from 'react';

interface StepperProps {
  label: string;
  value: number;
  min?: number;
  max: number;
  unit?: string;
  onChange: (value: number) => void;
  decreaseLabel: string;
  increaseLabel: string;
  describedBy?: string;
  invalid?: boolean;
}

/** A quantity with − and + buttons; typing is allowed too, clamped to [min, max]. */
export function Stepper({
  label,
  value,
  min = 1,
  max,
  unit,
  onChange,
  decreaseLabel,
  increaseLabel,
  describedBy,
  invalid,
}: StepperProps) {
  const id = useId();
  const clamp = (n: number) => Math.max(min, Math.min(max, Number.isFinite(n) ? Math.round(n) : min));
  return (
    <div className="stepper">
      <label htmlFor={id} className="visually-hidden">
        {label}
      </label>
      <button
        type="button"
        className="stepper-btn"
        aria-label={decreaseLabel}
        onClick={() => onChange(clamp(value - 1))}
        disabled={value <= min}
      >
        −
      </button>
      <input
        id={id}
        className="stepper-input"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        value={value}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        onChange={(e) => onChange(clamp(Number(e.target.value)))}
      />
      <button
        type="button"
        className="stepper-btn"
        aria-label={increaseLabel}
        onClick={() => onChange(clamp(value + 1))}
        disabled={value >= max}
      >
        +
      </button>
      {unit ? <span className="stepper-unit">{unit}</span> : null}
    </div>
  );
}
