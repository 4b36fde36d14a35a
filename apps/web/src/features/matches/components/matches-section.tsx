import type { Kind } from '@medrelay/contracts';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { PostCard } from '../../square/index.ts';
import { useMatches } from '../api/get-matches.ts';
import '../matches.css';

/**
 * 可能帮到你的: on my own post (and right after publishing it), the open posts of the other kind for
 * the same medicines nearby, nearest first.
 */
export function MatchesSection({
  postId,
  kind,
  medicineId,
}: {
  postId: string;
  kind: Kind;
  /** For the empty state's link into the square, preset to what I posted. */
  medicineId?: string;
}) {
  const { t } = useTranslation();
  const matches = useMatches(postId);
  const heading = useId();
  // A server without the route yet: show nothing rather than an error about a feature not deployed.
  if (matches.error instanceof ApiError && matches.error.isMissingRoute) return null;
  const other = kind === 'need' ? 'offer' : 'need';
  const items = matches.data?.items ?? [];
  return (
    <section className="matches" aria-labelledby={heading} aria-busy={matches.isFetching || undefined}>
      <h2 id={heading} className="section-title">
        {t('matches.title')}
      </h2>
      {matches.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : matches.isError ? (
        <LoadFailed query={matches} />
      ) : items.length === 0 ? (
        <StateView
          tone="empty"
          title={t(kind === 'need' ? 'matches.emptyNeed' : 'matches.emptyOffer', {
            km: matches.data.radiusKm,
          })}
          action={
            <ButtonLink
              to={`/square?kind=${other}${medicineId ? `&medicineId=${encodeURIComponent(medicineId)}` : ''}`}
            >
              {t('matches.browse')}
            </ButtonLink>
          }
        >
          {t('matches.emptyHint')}
        </StateView>
      ) : (
        <>
          <p className="card-meta">
            {t(kind === 'need' ? 'matches.introNeed' : 'matches.introOffer', {
              count: items.length,
              km: matches.data.radiusKm,
            })}
          </p>
          <ul className="card-list">
            {items.map((post) => (
              <li key={post.id}>
                <PostCard post={post} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
