import { REOPEN_WINDOW_MS } from '@medrelay/contracts/outcomes';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { type MyPost, useDeletePost, useRenewPost } from '../../me/index.ts';
import { usePostThreads } from '../api/post-threads.ts';
import { useReopenPost, useResolveWithOutcome } from '../api/resolve-post.ts';
import { ResolveDialog } from './resolve-dialog.tsx';

/** Seconds left to undo 已解决, counted down once a second; 0 when the window has passed. */
function useUndoCountdown(since: number | undefined): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (since === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    const stop = setTimeout(() => clearInterval(timer), REOPEN_WINDOW_MS + 1000);
    return () => {
      clearInterval(timer);
      clearTimeout(stop);
    };
  }, [since]);
  if (since === undefined) return 0;
  return Math.max(0, Math.ceil((since + REOPEN_WINDOW_MS - now) / 1000));
}

/**
 * On my own post: 已解决 asks how it ended, then can be undone for a few seconds; renew keeps it up;
 * delete removes it.
 */
export function OwnerActions({ post }: { post: MyPost }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const resolve = useResolveWithOutcome();
  const reopen = useReopenPost();
  const renew = useRenewPost();
  const remove = useDeletePost();
  const threads = usePostThreads(post.id, post.kind === 'offer' && post.status === 'open');
  // The Me page's 已解决 opens the post with ?resolve=1: the same question, asked here.
  const [params] = useSearchParams();
  const [asking, setAsking] = useState(() => post.status === 'open' && params.get('resolve') === '1');
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [resolvedAt, setResolvedAt] = useState<number>();
  const [undone, setUndone] = useState(false);
  const undoLeft = useUndoCountdown(resolvedAt);
  const error = resolve.error ?? reopen.error ?? renew.error ?? remove.error;

  return (
    <section className="card owner" aria-labelledby="owner-title">
      <h2 id="owner-title" className="section-title">
        {t('detail.ownerTitle')}
      </h2>
      {post.contactMode === 'phone' ? (
        <p className="card-meta reveal-count">{t('me.revealCount', { count: post.revealCount })}</p>
      ) : (
        <p className="card-meta">{t('post.relayOnly')}</p>
      )}
      <div className="actions">
        {post.status === 'open' ? (
          <Button variant="primary" onClick={() => setAsking(true)}>
            {t('actions.resolve')}
          </Button>
        ) : null}
        {post.status === 'open' || post.status === 'expired' ? (
          <Button busy={renew.isPending} onClick={() => renew.mutate(post.id)}>
            {t('actions.renew')}
          </Button>
        ) : null}
        {confirmDelete ? (
          <>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => remove.mutate(post.id, { onSuccess: () => navigate('/me', { replace: true }) })}
            >
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
      {resolvedAt !== undefined && post.status === 'resolved' ? (
        <div className="notice notice-ok resolved-notice" role="status">
          <p>{t('detail.resolvedThanks')}</p>
          {undoLeft > 0 ? (
            <Button
              size="sm"
              busy={reopen.isPending}
              onClick={() =>
                reopen.mutate(
                  { id: post.id },
                  {
                    onSuccess: () => {
                      setResolvedAt(undefined);
                      setUndone(true);
                    },
                  },
                )
              }
            >
              {t('resolve.undo', { count: undoLeft })}
            </Button>
          ) : null}
        </div>
      ) : null}
      {undone && post.status === 'open' ? (
        <p className="notice" role="status">
          {t('resolve.undone')}
        </p>
      ) : null}
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
      <ResolveDialog
        open={asking}
        kind={post.kind}
        threads={threads}
        busy={resolve.isPending}
        onClose={() => setAsking(false)}
        onConfirm={(outcome) =>
          resolve.mutate(
            { id: post.id, outcome },
            {
              onSuccess: () => {
                setAsking(false);
                setUndone(false);
                setResolvedAt(Date.now());
              },
            },
          )
        }
      />
    </section>
  );
}
