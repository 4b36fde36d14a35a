import { useTranslation } from 'react-i18next';
import { useCachedDataTime } from '../data-time.ts';

export const clockTime = (at: Date, locale: string): string =>
  new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(at);

/** "离线 · 数据更新于 HH:mm": offline, and how old what the page shows is (the cached square's time). */
export function OfflineBar({ online }: { online: boolean }) {
  const { t, i18n } = useTranslation();
  const at = useCachedDataTime(!online);
  if (online) return null;
  return (
    <p className="offline-bar" role="status">
      {at
        ? t('offline.barAt', { time: clockTime(at, i18n.language === 'en' ? 'en-GB' : 'zh-CN') })
        : t('offline.barNoData')}
    </p>
  );
}
