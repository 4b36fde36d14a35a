import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { useBulkRemove } from '../api/decide-post.ts';
import type { RemovalReason } from '../api/types.ts';
import { reasonLabel } from '../labels.ts';
import { ReasonForm } from './reason-form.tsx';

/**
 * "This author: N held posts" under a held post, and one decision for all of them (issue 18): a
 * reason, an optional note, and optionally a ban. The server refuses it all if one was decided meanwhile.
 */
export function BulkRemove({
  postIds,
  onDone,
  onReason,
}: {
  /** The author's held posts in the queue, this one included. */
  postIds: string[];
  onDone: (message: string) => void;
  onReason?: (reason: RemovalReason) => void;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [alsoBan, setAlsoBan] = useState(false);
  const bulk = useBulkRemove();
  const titleId = useId();
  const count = postIds.length;

  if (!open) {
    return (
      <p className="queue-author">
        <span>{t('admin.queue.byAuthor', { count })}</span>
        <Button variant="ghost" onClick={() => setOpen(true)}>
          {t('admin.queue.removeAllOfAuthor')}
        </Button>
      </p>
    );
  }
  return (
    <section className="queue-bulk" aria-labelledby={titleId}>
      <h4 id={titleId} className="queue-bulk-title">
        {t('admin.decide.bulkTitle', { count })}
      </h4>
      <ReasonForm
        mode="remove"
        busy={bulk.isPending}
        error={bulk.error}
        confirmLabel={t('admin.decide.confirmBulk', { count })}
        onCancel={() => setOpen(false)}
        onSubmit={(reason, note) => {
          onReason?.(reason);
          bulk.mutate(
            { postIds, reason, note, banAuthor: alsoBan || undefined },
            {
              onSuccess: (res) =>
                onDone(
                  res.banned
                    ? t('admin.queue.bulkBanned', { count: res.removed, also: res.alsoRemoved })
                    : t('admin.queue.bulkRemoved', { count: res.removed, reason: reasonLabel(t, reason) }),
                ),
            },
          );
        }}
      >
        <label className="check">
          <input type="checkbox" checked={alsoBan} onChange={(e) => setAlsoBan(e.target.checked)} />
          <span>{t('admin.decide.alsoBan')}</span>
        </label>
      </ReasonForm>
    </section>
  );
}
