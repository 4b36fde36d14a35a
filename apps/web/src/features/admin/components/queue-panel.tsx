import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { useLang } from '../../../lib/i18n.ts';
import { itemLabel } from '../../../lib/posts.ts';
import { useApprovePost, useRemovePost } from '../api/decide-post.ts';
import { useQueue } from '../api/get-queue.ts';
import type { RemovalReason } from '../api/types.ts';
import { reasonLabel } from '../labels.ts';
import { useQueueShortcuts } from '../use-queue-shortcuts.ts';
import { QueueItem } from './queue-item.tsx';

/** Posts the rules held for review and posts that reports hid, oldest first; keyboard shortcuts. */
export function QueuePanel() {
  const { t } = useTranslation();
  const lang = useLang();
  const queue = useQueue();
  const headingId = useId();
  // A new object per decision, so that two alike confirmations in a row still move focus.
  const [done, setDone] = useState<{ message: string; fromKeyboard?: boolean }>();
  const notice = useRef<HTMLParagraphElement>(null);
  const onDone = (message: string) => setDone({ message });
  const [current, setCurrent] = useState(0);
  const [lastReason, setLastReason] = useState<RemovalReason>();
  const approve = useApprovePost();
  const remove = useRemovePost();

  const items = queue.data?.items ?? [];
  // Held posts by author, for "this author: N held posts" (hidden posts were in the square: one by one).
  const heldByAuthor = useMemo(() => {
    const by = new Map<string, string[]>();
    for (const item of queue.data?.items ?? []) {
      if (item.status !== 'review' || !item.authorId) continue;
      by.set(item.authorId, [...(by.get(item.authorId) ?? []), item.id]);
    }
    return by;
  }, [queue.data]);
  const at = Math.min(current, Math.max(0, items.length - 1));
  const currentItem = items[at];

  // The decided post leaves the list, and with it the button that had focus: put focus on the
  // confirmation so a keyboard or screen-reader user is not dropped at the top of the page. After a
  // shortcut, focus stays on the queue: the next post is already the current one.
  useEffect(() => {
    if (done && !done.fromKeyboard) notice.current?.focus();
  }, [done]);

  // The current post is scrolled into view and focused, so J/K read like moving through a list.
  const currentId = currentItem?.id;
  useEffect(() => {
    if (!currentId) return;
    const el = document.querySelector<HTMLElement>(`.queue-item[data-post-id="${currentId}"]`);
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [currentId]);

  const shortcuts = useMemo(() => {
    const titleOf = (item: NonNullable<typeof currentItem>) =>
      item.items.map((i) => itemLabel(i, lang)).join('，');
    const busy = () => approve.isPending || remove.isPending;
    return {
      next: () => setCurrent(Math.min(at + 1, Math.max(0, items.length - 1))),
      previous: () => setCurrent(Math.max(0, at - 1)),
      approve: () => {
        if (!currentItem || busy()) return;
        const title = titleOf(currentItem);
        approve.mutate(
          { postId: currentItem.id },
          { onSuccess: () => setDone({ message: t('admin.queue.approved', { title }), fromKeyboard: true }) },
        );
      },
      removeWithLastReason: () => {
        if (!currentItem || busy()) return;
        if (!lastReason) {
          setDone({ message: t('admin.queue.noLastReason'), fromKeyboard: true });
          return;
        }
        const title = titleOf(currentItem);
        const reason = reasonLabel(t, lastReason);
        remove.mutate(
          { postId: currentItem.id, reason: lastReason },
          {
            onSuccess: () =>
              setDone({ message: t('admin.queue.removed', { title, reason }), fromKeyboard: true }),
          },
        );
      },
    };
  }, [approve, remove, at, items.length, currentItem, lastReason, lang, t]);
  useQueueShortcuts(items.length > 0, shortcuts);

  return (
    <section aria-labelledby={headingId} className="admin-panel">
      <div className="section-head">
        <h2 id={headingId} className="section-title">
          {t('admin.queue.title')}
          {queue.data ? (
            <span className="count"> {t('admin.queue.count', { count: items.length })}</span>
          ) : null}
        </h2>
        <Button variant="ghost" size="sm" busy={queue.isFetching} onClick={() => queue.refetch()}>
          {t('admin.refresh')}
        </Button>
      </div>
      {items.length > 0 ? (
        <p className="fine-print queue-shortcuts">
          {t('admin.queue.shortcuts', {
            reason: lastReason ? reasonLabel(t, lastReason) : t('admin.queue.noReasonYet'),
          })}
        </p>
      ) : null}
      <div className="live" role="status" aria-live="polite">
        {done ? (
          <p className="notice notice-ok" ref={notice} tabIndex={-1}>
            {done.message}
          </p>
        ) : null}
      </div>
      {queue.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : queue.isError ? (
        <LoadFailed query={queue} />
      ) : items.length === 0 ? (
        <StateView tone="empty" title={t('admin.queue.empty')}>
          {t('admin.queue.emptyHint')}
        </StateView>
      ) : (
        <ul className="card-list queue">
          {items.map((item, i) => (
            <QueueItem
              key={item.id}
              item={item}
              onDone={onDone}
              current={i === at}
              onReason={setLastReason}
              authorHeld={item.authorId ? heldByAuthor.get(item.authorId) : undefined}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
