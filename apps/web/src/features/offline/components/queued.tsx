import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { StateView } from '../../../components/ui/state-view.tsx';

/** What the post form shows when its post was written offline and waits in the outbox. */
export function QueuedNotice() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <StateView
        tone="offline"
        live
        title={t('offline.queuedTitle')}
        action={<ButtonLink to="/square">{t('offline.queuedBack')}</ButtonLink>}
      >
        {t('offline.queuedBody')}
      </StateView>
    </div>
  );
}
