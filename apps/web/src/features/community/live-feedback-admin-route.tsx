import './live-strings.ts';
import type { FeedbackView } from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { Segmented } from '../../components/ui/segmented.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useFeedbackAction, useFeedbackQueue } from './live-api.ts';
import './live.css';

type Filter = 'all' | FeedbackView['status'];

/** /admin/feedback — residents' 反馈建议 for moderators and admins: read, answer (never who wrote it). */
export function FeedbackAdminRoute() {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<Filter>('new');
  const queue = useFeedbackQueue(filter === 'all' ? undefined : filter);
  const act = useFeedbackAction();
  const [replies, setReplies] = useState<Record<string, string>>({});
  return (
    <div className="page live">
      <h1 className="page-title">{t('feedback.queue')}</h1>
      <Segmented
        label={t('feedback.queue')}
        value={filter}
        onChange={setFilter}
        options={(['new', 'read', 'answered', 'all'] as const).map((value) => ({
          value,
          label: value === 'all' ? t('feedback.all') : t(`feedback.status.${value}`),
        }))}
      />
      {queue.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : queue.isError ? (
        <LoadFailed query={queue} />
      ) : queue.data.items.length === 0 ? (
        <StateView tone="empty" title={t('feedback.queueEmpty')} />
      ) : (
        <ul className="card-list">
          {queue.data.items.map((f) => (
            <li key={f.id} className="card">
              <p className="live-tags">
                <Badge tone={f.status === 'new' ? 'flag' : 'muted'}>{t(`feedback.status.${f.status}`)}</Badge>
                <span className="card-meta">
                  {t(`feedback.categories.${f.category}`)} · {formatDateTime(f.createdAt, i18n.language)}
                </span>
              </p>
              <p className="live-question-body">{f.body}</p>
              {f.reply ? <p className="live-answer">{t('feedback.reply', { text: f.reply })}</p> : null}
              <Field label={t('feedback.replyLabel')}>
                {({ id }) => (
                  <textarea
                    id={id}
                    rows={2}
                    value={replies[f.id] ?? ''}
                    onChange={(e) => setReplies({ ...replies, [f.id]: e.target.value })}
                  />
                )}
              </Field>
              <div className="live-actions">
                {f.status === 'new' ? (
                  <Button size="sm" onClick={() => act.mutate({ id: f.id })}>
                    {t('feedback.markRead')}
                  </Button>
                ) : null}
                <Button
                  size="sm"
                  variant="primary"
                  disabled={!replies[f.id]?.trim()}
                  onClick={() => act.mutate({ id: f.id, reply: replies[f.id]?.trim() ?? '' })}
                >
                  {t('feedback.sendReply')}
                </Button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {act.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(act.error, t)}
        </p>
      ) : null}
    </div>
  );
}
