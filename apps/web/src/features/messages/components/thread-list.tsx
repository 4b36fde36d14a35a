import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { timeAgo } from '../../../lib/format.ts';
import { useThreads } from '../api/threads.ts';

/** My conversations, on the Me screen. Hidden while there are none. */
export function ThreadList() {
  const { t, i18n } = useTranslation();
  const headingId = useId();
  const threads = useThreads();
  const items = threads.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('messages.title')}
      </h2>
      <ul className="card-list">
        {items.map((th) => (
          <li key={th.id} className="card thread-item">
            <Link to={`/messages/${th.id}`} className="stretched-link">
              {t(th.role === 'owner' ? 'messages.fromHelper' : 'messages.toPosterShort')}
            </Link>
            <p className="card-meta">
              {t('messages.last', { time: timeAgo(th.lastMessageAt, i18n.language, t('common.justNow')) })}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
