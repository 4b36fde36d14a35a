import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../lib/errors.ts';
import { Button } from './button.tsx';

/** Empty, error, offline and loading states share one calm shape: a title, a sentence, an action. */
export function StateView({
  tone = 'info',
  title,
  children,
  action,
  live,
}: {
  tone?: 'info' | 'error' | 'offline' | 'empty';
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  live?: boolean;
}) {
  return (
    <div className={`state state-${tone}`} role={tone === 'error' ? 'alert' : live ? 'status' : undefined}>
      <p className="state-title">{title}</p>
      {children ? <div className="state-body">{children}</div> : null}
      {action ? <div className="state-action">{action}</div> : null}
    </div>
  );
}

export function Spinner({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}

export function SkeletonCards({ count = 3, label }: { count?: number; label: string }) {
  return (
    <div role="status" aria-live="polite" aria-label={label} className="skeletons">
      {Array.from({ length: count }, (_, i) => (
        <div key={i} className="skeleton-card" aria-hidden="true">
          <div className="skeleton-line w60" />
          <div className="skeleton-line w90" />
          <div className="skeleton-line w40" />
        </div>
      ))}
    </div>
  );
}

/**
 * A query that could not load: what went wrong, in the words of the server's error code, and a retry.
 * `describe` replaces the general wording where a screen knows its errors better (partner pages).
 */
export function LoadFailed({
  query,
  describe,
}: {
  query: { error: unknown; refetch: () => unknown };
  describe?: (error: unknown) => string;
}) {
  const { t } = useTranslation();
  return (
    <StateView
      tone="error"
      title={t('common.loadFailed')}
      action={<Button onClick={() => query.refetch()}>{t('actions.retry')}</Button>}
    >
      {describe ? describe(query.error) : errorMessage(query.error, t)}
    </StateView>
  );
}
