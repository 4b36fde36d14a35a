import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { formatDateTime, timeAgo } from '../../../lib/format.ts';
import { useLang } from '../../../lib/i18n.ts';
import { itemLabel, placeLabel } from '../../../lib/posts.ts';
import { useApprovePost, useBanAuthor, useRemovePost } from '../api/decide-post.ts';
import type { QueueItem as Item, RemovalReason } from '../api/types.ts';
import { categoryLabel, reasonLabel } from '../labels.ts';
import { BulkRemove } from './bulk-remove.tsx';
import { HighlightedNote } from './highlighted-note.tsx';
import { ReasonForm } from './reason-form.tsx';

/**
 * One held or hidden post: what it says (and what the rules read, matches marked), why it is here, and
 * the three decisions. `current` is the post the keyboard shortcuts act on; `onReason` remembers the
 * reason of a removal for the next "remove with the last reason".
 */
export function QueueItem({
  item,
  onDone,
  current = false,
  onReason,
  authorHeld = [],
}: {
  item: Item;
  onDone: (message: string) => void;
  current?: boolean;
  onReason?: (reason: RemovalReason) => void;
  /** The held posts in the queue by this post's author; two or more offer one decision for all. */
  authorHeld?: string[];
}) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const [step, setStep] = useState<'remove' | 'ban' | null>(null);
  const approve = useApprovePost();
  const remove = useRemovePost();
  const ban = useBanAuthor();
  const title = item.items.map((i) => itemLabel(i, lang)).join('，');
  const titleId = `queue-${item.id}`;
  const busy = approve.isPending || remove.isPending || ban.isPending;

  const doApprove = () =>
    approve.mutate({ postId: item.id }, { onSuccess: () => onDone(t('admin.queue.approved', { title })) });

  return (
    <li
      className={`card queue-item kind-${item.kind}${current ? ' is-current' : ''}`}
      aria-labelledby={titleId}
      aria-current={current || undefined}
      data-post-id={item.id}
      tabIndex={-1}
    >
      <div className="card-head">
        <Badge tone={item.kind}>{t(`kind.${item.kind}`)}</Badge>
        <Badge tone={item.status === 'hidden' ? 'flag' : 'neutral'}>
          {item.status === 'hidden' ? t('admin.queue.hidden') : t('admin.queue.review')}
        </Badge>
        <time
          className="card-time"
          dateTime={item.createdAt}
          title={formatDateTime(item.createdAt, i18n.language)}
        >
          {timeAgo(item.createdAt, i18n.language, t('common.justNow'))}
        </time>
      </div>
      <h3 id={titleId} className="card-title">
        <Link to={`/posts/${item.id}`}>{title}</Link>
      </h3>
      <p className="card-meta">
        {[placeLabel(item.region), t(`forWhom.${item.forWhom}`), ...item.flags.map((f) => t(`flags.${f}`))]
          .filter(Boolean)
          .join(' · ')}
      </p>
      {item.note ? (
        <blockquote className="queue-note">{item.note}</blockquote>
      ) : (
        <p className="card-meta">{t('admin.queue.noNote')}</p>
      )}
      {item.normalized !== undefined && (item.normalized !== item.note || item.highlights?.length) ? (
        <HighlightedNote text={item.normalized} spans={item.highlights ?? []} />
      ) : null}
      <dl className="queue-facts">
        {item.moderationReason ? (
          <div>
            <dt>{t('admin.queue.heldFor')}</dt>
            <dd>{reasonLabel(t, item.moderationReason)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('admin.queue.signals')}</dt>
          <dd>
            {item.signals.length ? (
              <ul className="signal-list">
                {item.signals.map((s) => (
                  <li key={s.id} className="signal">
                    <span className="signal-category">{categoryLabel(t, s.category)}</span>
                    <code className="signal-id">{s.id}</code>
                  </li>
                ))}
              </ul>
            ) : (
              t('admin.queue.noSignals')
            )}
          </dd>
        </div>
        <div>
          <dt>{t('admin.queue.reports')}</dt>
          <dd>
            {item.reportCount === 0
              ? t('admin.queue.noReports')
              : [
                  t('admin.queue.reportCount', { count: item.reportCount }),
                  ...item.reports.map((r) => `${t(`report.reasons.${r.reason}`)} × ${r.count}`),
                ].join(' · ')}
          </dd>
        </div>
      </dl>

      {step === null && authorHeld.length > 1 ? (
        <BulkRemove postIds={authorHeld} onDone={onDone} onReason={onReason} />
      ) : null}
      {step === null ? (
        <div className="actions queue-actions">
          <Button variant="primary" busy={approve.isPending} disabled={busy} onClick={doApprove}>
            {t('admin.queue.approve')}
          </Button>
          <Button disabled={busy} onClick={() => setStep('remove')}>
            {t('admin.queue.remove')}
          </Button>
          <Button variant="ghost" className="btn-ban" disabled={busy} onClick={() => setStep('ban')}>
            {t('admin.queue.ban')}
          </Button>
        </div>
      ) : step === 'remove' ? (
        <ReasonForm
          mode="remove"
          busy={remove.isPending}
          error={remove.error}
          onCancel={() => setStep(null)}
          onSubmit={(reason, note) => {
            onReason?.(reason);
            remove.mutate(
              { postId: item.id, reason, note },
              {
                onSuccess: () => onDone(t('admin.queue.removed', { title, reason: reasonLabel(t, reason) })),
              },
            );
          }}
        />
      ) : (
        <ReasonForm
          mode="ban"
          busy={ban.isPending}
          error={ban.error}
          onCancel={() => setStep(null)}
          onSubmit={(reason) =>
            ban.mutate(
              { postId: item.id, reason },
              { onSuccess: (res) => onDone(t('admin.queue.banned', { count: res.removedPosts })) },
            )
          }
        />
      )}
      {approve.error ? <FieldError>{errorMessage(approve.error, t)}</FieldError> : null}
    </li>
  );
}
