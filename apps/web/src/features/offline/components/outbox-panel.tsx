import type { PostView } from '@medrelay/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api } from '../../../lib/api-client.ts';
import type { Send } from '../../../lib/offline-queue.ts';
import { meKey, useMe } from '../../me/index.ts';
import { discardQueued, flushOutbox, useOutbox } from '../outbox.ts';
import { clockTime } from './offline-bar.tsx';

// The same request as the post form's 发布, with the key made when the draft was confirmed.
const send: Send = ({ body, key }) =>
  api<PostView>('/posts', { method: 'POST', body, headers: { 'idempotency-key': key } });

/**
 * The 待发送 list under the header while posts written offline wait, and the one place that sends
 * them: at start-up, when the connection returns and when the owner logs in again.
 */
export function OutboxPanel({ online }: { online: boolean }) {
  const { t, i18n } = useTranslation();
  const items = useOutbox();
  const me = useMe();
  const qc = useQueryClient();
  const { pathname } = useLocation();
  const userId = me.data?.id ?? null;
  const known = me.isSuccess;
  const count = items.length;

  const flush = useCallback(async () => {
    const result = await flushOutbox(send, userId);
    if (result.sent.length) {
      for (const post of result.sent) qc.setQueryData(['post', post.id], post);
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
    }
    // The session ran out while the post waited: ask who this is again (the Me screen logs in).
    if (result.needsLogin && userId) void qc.invalidateQueries({ queryKey: meKey });
  }, [qc, userId]);

  useEffect(() => {
    if (online && known && count > 0) void flush().catch(() => undefined);
  }, [online, known, count, flush]);

  if (!count) return null;
  const locale = i18n.language === 'en' ? 'en-GB' : 'zh-CN';
  return (
    <section className="outbox" aria-labelledby="outbox-title">
      <h2 id="outbox-title" className="outbox-title">
        {t('offline.outboxCount', { count })}
      </h2>
      <p className="outbox-intro">{t('offline.outboxIntro')}</p>
      <ul className="outbox-list">
        {items.map((item) => (
          <li key={item.key} className={`outbox-item is-${item.state}`} data-testid="outbox-item">
            <span className={`badge badge-${item.body.kind}`}>{t(`offline.kind_${item.body.kind}`)}</span>{' '}
            <span>{t('offline.items', { count: item.body.items.length })}</span>{' '}
            <span className="outbox-time">
              {t('offline.queuedAt', { time: clockTime(new Date(item.queuedAt), locale) })}
            </span>{' '}
            <strong className="outbox-state">{t(`offline.state_${item.state}`)}</strong>
            {item.state === 'failed' && item.error ? (
              <span className="outbox-error">
                {' '}
                · {t(`errors.${item.error}`, { ...item.errorDetails, defaultValue: '' })}
              </span>
            ) : null}
            <span className="outbox-actions">
              {item.state === 'needs_login' && pathname !== '/me' ? (
                <Link to="/me" className="btn btn-sm">
                  {t('offline.login')}
                </Link>
              ) : null}
              {item.state === 'failed' ? (
                <button type="button" className="btn btn-sm" onClick={() => void discardQueued(item.key)}>
                  {t('offline.discard')}
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
