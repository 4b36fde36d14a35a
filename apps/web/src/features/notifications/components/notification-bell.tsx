import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { IconBell } from '../../../components/ui/icons.tsx';
import { useMe } from '../../me/index.ts';
import { useUnread } from '../api/get-unread.ts';
import '../notifications.css';

/** The top bar's bell with the unread count; shown to a logged-in resident only. */
export function NotificationBell() {
  const { t } = useTranslation();
  const me = useMe();
  const { pathname } = useLocation();
  const unread = useUnread(Boolean(me.data));
  if (!me.data) return null;
  const count = unread.data?.unread ?? 0;
  const label = count ? t('notifications.bellUnread', { count }) : t('notifications.bell');
  return (
    <Link
      to="/notifications"
      className="bell"
      aria-label={label}
      title={label}
      aria-current={pathname === '/notifications' ? 'page' : undefined}
    >
      <IconBell />
      {count ? (
        <span className="bell-count" aria-hidden="true">
          {count > 99 ? '99+' : count}
        </span>
      ) : null}
    </Link>
  );
}
