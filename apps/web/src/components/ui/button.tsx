import type { ButtonHTMLAttributes, ReactNode } from 'react';
import { Link, type LinkProps } from 'react-router';

type Variant = 'primary' | 'secondary' | 'ghost' | 'danger' | 'need' | 'offer';

interface Common {
  variant?: Variant;
  block?: boolean;
  size?: 'md' | 'lg' | 'sm';
}

const cls = ({ variant = 'secondary', block, size = 'md' }: Common, extra?: string) =>
  ['btn', `btn-${variant}`, `btn-${size}`, block ? 'btn-block' : '', extra ?? ''].filter(Boolean).join(' ');

export function Button({
  variant,
  block,
  size,
  className,
  busy,
  children,
  type = 'button',
  ...rest
}: Common & ButtonHTMLAttributes<HTMLButtonElement> & { busy?: boolean; children: ReactNode }) {
  return (
    <button
      type={type}
      {...rest}
      className={cls({ variant, block, size }, className)}
      aria-busy={busy || undefined}
      disabled={rest.disabled || busy}
    >
      {busy ? <span className="spinner spinner-inline" aria-hidden="true" /> : null}
      {children}
    </button>
  );
}

export function ButtonLink({ variant, block, size, className, ...rest }: Common & LinkProps) {
  return <Link className={cls({ variant, block, size }, className)} {...rest} />;
}
