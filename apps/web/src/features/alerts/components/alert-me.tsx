import '../alerts.css';
import { lazy, Suspense, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IconBell } from '../../../components/ui/icons.tsx';
import { Spinner } from '../../../components/ui/state-view.tsx';
import type { AlertFilters } from '../alert-rules.ts';

// The panel brings the login form and the medicine search: fetched on first tap, not with the square.
const AlertPanel = lazy(async () => ({ default: (await import('./alert-panel.tsx')).AlertPanel }));

/** 提醒我: save the square's current filters as an alert. */
export function AlertMe({ filters }: { filters: AlertFilters }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const panel = useId();
  return (
    <div className="alert-me">
      <button
        type="button"
        className="btn btn-secondary btn-md alert-me-btn"
        aria-expanded={open}
        aria-controls={open ? panel : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        <IconBell />
        {t('alerts.button')}
      </button>
      {open ? (
        <Suspense fallback={<Spinner label={t('common.loading')} />}>
          <AlertPanel id={panel} filters={filters} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
