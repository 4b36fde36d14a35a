import type { NotificationView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime, timeAgo } from '../../../lib/format.ts';
import { useDeleteAlert } from '../../alerts/index.ts';
import { useRenewPost } from '../../me/index.ts';
import { useOptOut } from '../api/institution-messages.ts';
import { useMarkRead } from '../api/mark-read.ts';
import { joinNames, type NotificationLine } from '../notification-text.ts';

function useSentence(line: NotificationLine): string {
  const { t, i18n } = useTranslation();
  const { text, more } = joinNames(line.names, t('notifications.separator'));
  const what = text
    ? more
      ? t('notifications.andMore', { names: text, count: line.names.length })
      : text
    : t(line.fallback === 'item' ? 'notifications.someItem' : 'notifications.somePost');
  const km = line.distanceKm;
  const distance =
    km === undefined
      ? ''
      : km < 1
        ? t('distance.m', { m: Math.max(100, Math.round((km * 1000) / 100) * 100) })
        : t('distance.km', { km: km < 10 ? km.toFixed(1) : Math.round(km) });
  const reason = line.reason
    ? t(`me.moderation.reasons.${line.reason}`, { defaultValue: t('me.moderation.reasons.fallback') })
    : t('me.moderation.reasons.fallback');
  return t(line.key, {
    what,
    from: line.message?.from ?? '',
    title: line.message?.title ?? '',
    distance,
    count: line.count ?? 1,
    reason,
    time: line.expiresAt ? formatDateTime(line.expiresAt, i18n.language) : '',
    defaultValue: t('notifications.text.other'),
  });
}

/** One notification: its sentence (a link to the post or thread), when, unread, and its one-tap action. */
export function NotificationItem({ n, line }: { n: NotificationView; line: NotificationLine }) {
  const { t, i18n } = useTranslation();
  const sentence = useSentence(line);
  const markRead = useMarkRead();
  const stopAlert = useDeleteAlert();
  const renew = useRenewPost();
  const optOut = useOptOut();
  const unread = !n.readAt;
  const read = () => {
    if (unread) markRead.mutate([n.id]);
  };
  const action = line.action;
  const error = stopAlert.error ?? renew.error ?? optOut.error;
  return (
    <li className={`card notification${unread ? ' is-unread' : ''}`}>
      <p className="notification-text">
        {unread ? <span className="visually-hidden">{t('notifications.unread')}</span> : null}
        {line.href ? (
          <Link to={line.href} onClick={read} className="notification-link">
            {sentence}
          </Link>
        ) : (
          sentence
        )}
      </p>
      {line.message ? <p className="notification-body">{line.message.body}</p> : null}
      <p className="card-meta">
        <time dateTime={n.createdAt}>{timeAgo(n.createdAt, i18n.language, t('common.justNow'))}</time>
      </p>
      {action?.type === 'stopAlert' ? (
        stopAlert.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('notifications.alertStopped')}
          </p>
        ) : (
          <Button
            size="sm"
            variant="ghost"
            busy={stopAlert.isPending}
            onClick={() => stopAlert.mutate(action.alertId, { onSuccess: read })}
          >
            {t('notifications.stopAlert')}
          </Button>
        )
      ) : null}
      {action?.type === 'renew' ? (
        renew.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('notifications.renewed')}
          </p>
        ) : (
          <Button
            size="sm"
            busy={renew.isPending}
            onClick={() => renew.mutate(action.postId, { onSuccess: read })}
          >
            {t('notifications.renew')}
          </Button>
        )
      ) : null}
      {action?.type === 'optOut' ? (
        optOut.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('notifications.institutions.stoppedOne', { name: line.message?.from })}
          </p>
        ) : (
          <Button
            size="sm"
            variant="ghost"
            busy={optOut.isPending}
            onClick={() => optOut.mutate({ partnerId: action.partnerId, out: true }, { onSuccess: read })}
          >
            {t('notifications.institutions.stop')}
          </Button>
        )
      ) : null}
      {unread && !line.href ? (
        <Button size="sm" variant="ghost" onClick={read}>
          {t('notifications.markOneRead')}
        </Button>
      ) : null}
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </li>
  );
}
