import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { useNotifications } from './api/get-notifications.ts';
import { useUnread } from './api/get-unread.ts';
import { useMarkRead } from './api/mark-read.ts';
import { NotificationItem } from './components/notification-item.tsx';
import { describeNotification } from './notification-text.ts';
import './notifications.css';

export function NotificationsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <LoadFailed query={me} />;
  return (
    <div className="page notifications-page">
      <h1 className="page-title">{t('notifications.title')}</h1>
      {me.data ? <Inbox /> : <LoginForm intro={t('notifications.loginIntro')} />}
    </div>
  );
}

function Inbox() {
  const { t } = useTranslation();
  const lang = useLang();
  const catalogue = useCatalogue();
  const list = useNotifications();
  const markRead = useMarkRead();
  const nameOf = (id: string) => {
    const m = catalogue.byId.get(id);
    return m ? pick(m.name, lang) : undefined;
  };
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const unread = list.data?.pages[0]?.unread ?? 0;
  // The bell's poll is the cue: a count above the list's means something new arrived while open.
  const bell = useUnread(true).data?.unread;
  const { refetch } = list;
  useEffect(() => {
    if (bell !== undefined && bell > unread) void refetch();
  }, [bell, unread, refetch]);

  return (
    <>
      <div className="inbox-bar">
        <p className="card-meta" role="status">
          {list.data ? t('notifications.unreadCount', { count: unread }) : ''}
        </p>
        <div className="actions">
          {unread > 0 ? (
            <Button size="sm" busy={markRead.isPending} onClick={() => markRead.mutate(undefined)}>
              {t('notifications.markAllRead')}
            </Button>
          ) : null}
          <ButtonLink to="/notifications/settings" size="sm" variant="ghost">
            {t('notifications.settings')}
          </ButtonLink>
        </div>
      </div>
      <section aria-label={t('notifications.listLabel')} aria-busy={list.isFetching || undefined}>
        {list.isPending ? (
          <SkeletonCards label={t('common.loading')} count={3} />
        ) : list.isError && !list.data ? (
          <LoadFailed query={list} />
        ) : items.length === 0 ? (
          <StateView
            tone="empty"
            title={t('notifications.empty')}
            action={<ButtonLink to="/square">{t('notifications.toSquare')}</ButtonLink>}
          >
            {t('notifications.emptyHint')}
          </StateView>
        ) : (
          <>
            <ul className="card-list inbox">
              {items.map((n) => (
                <NotificationItem key={n.id} n={n} line={describeNotification(n, nameOf)} />
              ))}
            </ul>
            <div className="feed-end">
              {list.hasNextPage ? (
                <Button onClick={() => void list.fetchNextPage()} busy={list.isFetchingNextPage}>
                  {t('square.loadMore')}
                </Button>
              ) : (
                <p className="muted">{t('notifications.end')}</p>
              )}
            </div>
          </>
        )}
      </section>
    </>
  );
}
