import type { PostView } from '@medrelay/contracts';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { MatchesSection } from '../../matches/index.ts';
import { useMyPosts } from '../../me/index.ts';
import { reasonsText } from './screening-notice.tsx';

export function Success({ post }: { post: PostView }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  // Posts that the screening rules flag wait for a moderator before they show on the square.
  const review = post.status === 'review';
  useEffect(() => heading.current?.focus(), []);
  // The reason it is held, as stored with the post (the Me page says the same).
  const mine = useMyPosts(review);
  const reason = mine.data?.items.find((p) => p.id === post.id)?.moderationReason;
  return (
    <div className="page">
      <section className="success card" aria-labelledby="success-title">
        <div className={`success-mark${review ? ' success-mark-held' : ''}`} aria-hidden="true">
          {review ? '!' : '✓'}
        </div>
        <h1 id="success-title" className="page-title" tabIndex={-1} ref={heading}>
          {t(review ? 'form.successReviewTitle' : 'form.successTitle')}
        </h1>
        <p>
          {t(
            review
              ? 'form.successReviewBody'
              : post.kind === 'need'
                ? 'form.successBodyNeed'
                : 'form.successBodyOffer',
          )}
        </p>
        {review && reason ? (
          <p className="notice notice-warn held-reason">
            {t('form.screening.heldReason', { reason: reasonsText(t, [reason]) })}
          </p>
        ) : null}
        <div className="actions actions-stack">
          {review ? (
            <ButtonLink to={`/posts/${post.id}/edit`} variant="primary" size="lg" block>
              {t('form.editHeld.action')}
            </ButtonLink>
          ) : null}
          <ButtonLink to={`/posts/${post.id}`} variant={review ? 'secondary' : 'primary'} size="lg" block>
            {t('form.viewPost')}
          </ButtonLink>
          <ButtonLink to={`/square?kind=${post.kind}`} block>
            {t('form.backToSquare')}
          </ButtonLink>
          <ButtonLink to="/me" variant="ghost" block>
            {t('form.myPosts')}
          </ButtonLink>
        </div>
      </section>
      {post.status === 'open' ? (
        <MatchesSection postId={post.id} kind={post.kind} medicineId={post.items[0]?.medicineId} />
      ) : null}
    </div>
  );
}
