import type { KeyboardEvent } from 'react';

export interface SegmentOption<T extends string> {
  value: T;
  label: string;
}

interface SegmentedProps<T extends string> {
  label: string;
  options: SegmentOption<T>[];
  value: T;
  onChange: (value: T) => void;
  /** Tabs that switch a panel (role=tab) or a plain choice (radio group). */
  as?: 'tabs' | 'radio';
  controls?: string;
  className?: string;
}

/** A row of mutually exclusive choices with arrow-key navigation. */
export function Segmented<T extends string>({
  label,
  options,
  value,
  onChange,
  as = 'radio',
  controls,
  className,
}: SegmentedProps<T>) {
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
    const i = options.findIndex((o) => o.value === value);
    const next = options[(i + (e.key === 'ArrowRight' ? 1 : options.length - 1)) % options.length];
    if (!next) return;
    e.preventDefault();
    onChange(next.value);
    const buttons = e.currentTarget.querySelectorAll<HTMLButtonElement>('button');
    buttons[options.indexOf(next)]?.focus();
  };
  const tabs = as === 'tabs';
  return (
    <div
      role={tabs ? 'tablist' : 'radiogroup'}
      aria-label={label}
      className={`segmented ${className ?? ''}`}
      onKeyDown={onKey}
    >
      {options.map((o) => {
        const selected = o.value === value;
        return (
          <button
            key={o.value}
            type="button"
            role={tabs ? 'tab' : 'radio'}
            aria-selected={tabs ? selected : undefined}
            aria-checked={tabs ? undefined : selected}
            aria-controls={tabs ? controls : undefined}
            tabIndex={selected ? 0 : -1}
            className={`segmented-option${selected ? ' is-selected' : ''}`}
            data-value={o.value}
            onClick={() => onChange(o.value)}
          >
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
