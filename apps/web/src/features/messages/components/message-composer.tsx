import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMessagePost } from '../api/threads.ts';
import { MessageForm } from './message-form.tsx';

/** On a post that keeps the phone private: write to the poster; the conversation continues in its own page. */
export function MessageComposer({ postId }: { postId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const send = useMessagePost();
  return (
    <MessageForm
      label={t('messages.toPoster')}
      busy={send.isPending}
      error={send.error}
      onSend={(text, done) =>
        send.mutate(
          { postId, text },
          {
            onSuccess: (thread) => {
              done();
              navigate(`/messages/${thread.id}`);
            },
          },
        )
      }
    />
  );
}
