import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useHandoffCodes } from './api/handoff-codes.ts';
import { useReply, useThread } from './api/threads.ts';
import { MessageForm } from './components/message-form.tsx';
import './messages.css';

export function ThreadRoute() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const thread = useThread(id);
  const reply = useReply();
  const codes = useHandoffCodes(thread.data?.role === 'helper');

  if (thread.isPending) return <Spinner label={t('common.loading')} />;
  if (thread.isError)
    return (
      <div className="page">
        <LoadFailed query={thread} />
      </div>
    );

  const th = thread.data;
  return (
    <div className="page thread">
      <p>
        <Link to={`/posts/${th.postId}`} className="back-link">
          ← {t('messages.backToPost')}
        </Link>
      </p>
      <h1 className="page-title">
        {t(th.role === 'owner' ? 'messages.fromHelper' : 'messages.toPosterShort')}
      </h1>
      <p className="fine-print">{t('messages.privacy')}</p>
      {(codes.data?.items ?? [])
        .filter((h) => h.threadId === th.id && h.code)
        .map((h) => (
          <section key={h.id} className="card thread-code" aria-label={t('handoff.codeTitle')}>
            <p className="thread-code-digits" data-testid="thread-handoff-code">
              {h.code}
            </p>
            <p>{t('handoff.codeQuantity', { count: h.quantity })}</p>
            <p className="fine-print">{t('handoff.codeHint')}</p>
          </section>
        ))}
      <ol className="messages" aria-live="polite">
        {th.messages.map((m) => (
          <li key={m.id} className={`message${m.mine ? ' mine' : ''}`}>
            <span className="visually-hidden">{m.mine ? t('messages.me') : t('messages.them')}</span>
            <p>{m.text}</p>
            <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, i18n.language)}</time>
          </li>
        ))}
      </ol>
      <MessageForm
        label={t('messages.reply')}
        busy={reply.isPending}
        error={reply.error}
        onSend={(text, done) => reply.mutate({ threadId: id, text }, { onSuccess: done })}
      />
    </div>
  );
}
