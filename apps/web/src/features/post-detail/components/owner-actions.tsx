import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { type MyPost, useDeletePost, useRenewPost, useResolvePost } from '../../me/index.ts';

/** On my own post: 已解决 takes it off the square; renew keeps it up; delete removes it. */
export function OwnerActions({ post }: { post: MyPost }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const resolve = useResolvePost();
  const renew = useRenewPost();
  const remove = useDeletePost();
  const [confirm, setConfirm] = useState(false);
  const error = resolve.error ?? renew.error ?? remove.error;
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
          <Button variant="primary" busy={resolve.isPending} onClick={() => resolve.mutate(post.id)}>
            {t('actions.resolve')}
          </Button>
        ) : null}
        {post.status === 'open' || post.status === 'expired' ? (
          <Button busy={renew.isPending} onClick={() => renew.mutate(post.id)}>
            {t('actions.renew')}
          </Button>
        ) : null}
        {confirm ? (
          <>
            <Button
              variant="danger"
              busy={remove.isPending}
              onClick={() => remove.mutate(post.id, { onSuccess: () => navigate('/me', { replace: true }) })}
            >
              {t('actions.confirmDelete')}
            </Button>
            <Button variant="ghost" onClick={() => setConfirm(false)}>
              {t('actions.cancel')}
            </Button>
          </>
        ) : (
          <Button variant="ghost" onClick={() => setConfirm(true)}>
            {t('actions.delete')}
          </Button>
        )}
      </div>
      {resolve.isSuccess ? (
        <p className="notice notice-ok" role="status">
          {t('detail.resolvedThanks')}
        </p>
      ) : null}
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </section>
  );
}
