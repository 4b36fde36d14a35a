import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useQueue } from '../api/get-queue.ts';
import { QueueItem } from './queue-item.tsx';

/** Posts the rules held for review and posts that reports hid, oldest first. */
export function QueuePanel() {
  const { t } = useTranslation();
  const queue = useQueue();
  const headingId = useId();
  // A new object per decision, so that two alike confirmations in a row still move focus.
  const [done, setDone] = useState<{ message: string }>();
  const notice = useRef<HTMLParagraphElement>(null);
  const onDone = (message: string) => setDone({ message });

  // The decided post leaves the list, and with it the button that had focus: put focus on the
  // confirmation so a keyboard or screen-reader user is not dropped at the top of the page.
  useEffect(() => {
    if (done) notice.current?.focus();
  }, [done]);

  const items = queue.data?.items ?? [];
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
          {items.map((item) => (
            <QueueItem key={item.id} item={item} onDone={onDone} />
          ))}
        </ul>
      )}
    </section>
  );
}
