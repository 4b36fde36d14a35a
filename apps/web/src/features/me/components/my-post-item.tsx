import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime, timeAgo } from '../../../lib/format.ts';
import { useLang } from '../../../lib/i18n.ts';
import { itemLabel, placeLabel } from '../../../lib/posts.ts';
import { useDeletePost, useRenewPost } from '../api/change-post.ts';
import type { MyPost } from '../api/get-my-posts.ts';
import { moderationNotice } from '../moderation-notice.ts';

export function MyPostItem({ post }: { post: MyPost }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const [confirmDelete, setConfirmDelete] = useState(false);
  const renew = useRenewPost();
  const remove = useDeletePost();
  const error = renew.error ?? remove.error;
  const expired =
    post.status === 'expired' || (post.status === 'open' && new Date(post.expiresAt) < new Date());
  const status = expired ? 'expired' : post.status;
  const titleId = `my-post-${post.id}`;
  const held = moderationNotice(post);

  return (
    <li className={`card my-post status-${status}`} aria-labelledby={titleId}>
      <div className="card-head">
        <Badge tone={post.kind}>{t(`kind.${post.kind}`)}</Badge>
        <Badge tone={status === 'open' ? 'ok' : 'muted'}>{t(`status.${status}`)}</Badge>
      </div>
      <h3 id={titleId} className="card-title">
        <Link to={`/posts/${post.id}`}>{post.items.map((i) => itemLabel(i, lang)).join('，')}</Link>
      </h3>
      <p className="card-meta">
        {placeLabel(post.region)} · {timeAgo(post.createdAt, i18n.language, t('common.justNow'))}
      </p>
      {held ? (
        <p className={`notice ${held.key === 'removed' ? 'notice-error' : 'notice-warn'} moderation-notice`}>
          {t(`me.moderation.${held.key}`, { reason: t(`me.moderation.reasons.${held.reason}`) })}
        </p>
      ) : null}
      {status === 'open' ? (
        <p className="card-meta">
          {t('me.expiresAt', { time: formatDateTime(post.expiresAt, i18n.language) })}
        </p>
      ) : null}
      {post.contactMode === 'phone' ? (
        <p className="card-meta reveal-count">{t('me.revealCount', { count: post.revealCount })}</p>
      ) : (
        <p className="card-meta">{t('post.relayOnly')}</p>
      )}
      {post.renewCount > 0 ? (
        <p className="card-meta">{t('me.renewCount', { count: post.renewCount })}</p>
      ) : null}
      <div className="actions">
        {status === 'review' ? (
          <ButtonLink to={`/posts/${post.id}/edit`} variant="primary">
            {t('form.editHeld.action')}
          </ButtonLink>
        ) : null}
        {status === 'open' ? (
          // 已解决 asks how it ended and can be undone, on the post's own page.
          <ButtonLink to={`/posts/${post.id}?resolve=1`} variant="primary">
            {t('actions.resolve')}
          </ButtonLink>
        ) : null}
        {status === 'open' || status === 'expired' ? (
          <Button busy={renew.isPending} onClick={() => renew.mutate(post.id)}>
            {t('actions.renew')}
          </Button>
        ) : null}
        {confirmDelete ? (
          <>
            <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate(post.id)}>
              {t('actions.confirmDelete')}
            </Button>
            <Button variant="ghost" onClick={() => setConfirmDelete(false)}>
              {t('actions.cancel')}
            </Button>
          </>
        ) : (
          <Button variant="ghost" onClick={() => setConfirmDelete(true)}>
            {t('actions.delete')}
          </Button>
        )}
      </div>
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </li>
  );
}
