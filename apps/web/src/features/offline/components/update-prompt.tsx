import { useTranslation } from 'react-i18next';
import { applyUpdate, useUpdateWaiting } from '../../../lib/pwa.ts';

/** "有新版本 · 刷新": the new version takes over only when tapped, never in the middle of a form. */
export function UpdatePrompt() {
  const { t } = useTranslation();
  const waiting = useUpdateWaiting();
  if (!waiting) return null;
  return (
    <div className="update-prompt" role="status">
      <span>{t('offline.update')}</span>
      <button type="button" className="btn btn-primary btn-sm" onClick={() => void applyUpdate()}>
        {t('offline.updateAction')}
      </button>
    </div>
  );
}
