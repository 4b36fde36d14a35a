import type { PostView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../../components/ui/badge.tsx';
import { IconClock, IconPhone, IconPin } from '../../../components/ui/icons.tsx';
import { distanceKm, type LatLng } from '../../../lib/coordinates.ts';
import { formatDate, timeAgo } from '../../../lib/format.ts';
import { useLang } from '../../../lib/i18n.ts';
import { itemLabel, placeLabel } from '../../../lib/posts.ts';

export function DistanceText({ km }: { km: number }) {
  const { t } = useTranslation();
  return (
    <>
      {km < 1
        ? t('distance.m', { m: Math.max(100, Math.round((km * 1000) / 100) * 100) })
        : t('distance.km', { km: km < 10 ? km.toFixed(1) : Math.round(km) })}
    </>
  );
}

/** One post in the square or on the map: what, how many, where, when, who for; never a price. */
export function PostCard({
  post,
  from,
  headingLevel = 3,
}: {
  post: PostView;
  from?: LatLng;
  headingLevel?: 2 | 3;
}) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const km = post.distanceKm ?? (from ? distanceKm(from, post.location) : undefined);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const titleId = `post-${post.id}`;
  // The live square greys out a post that closed while on screen, where it stands.
  const closed = post.status !== 'open';
  return (
    <article
      className={`card post-card kind-${post.kind}${closed ? ' is-closed' : ''}`}
      aria-labelledby={titleId}
    >
      <div className="card-head">
        <Badge tone={post.kind}>{t(`kind.${post.kind}`)}</Badge>
        {closed ? <Badge tone="muted">{t(`status.${post.status}`)}</Badge> : null}
        {post.isDemo ? <Badge tone="demo">{t('post.demo')}</Badge> : null}
        <span className="card-time">
          <IconClock />
          <time dateTime={post.createdAt}>{timeAgo(post.createdAt, i18n.language, t('common.justNow'))}</time>
        </span>
      </div>
      <Heading id={titleId} className="card-title">
        <Link to={`/posts/${post.id}`} className="stretched-link">
          {post.items.map((item) => (
            <span key={item.medicineId} className="card-item">
              {itemLabel(item, lang)}
              {item.expiresOn ? (
                <span className="card-item-extra">
                  {t('post.expiresOn', { date: formatDate(item.expiresOn, i18n.language) })}
                  {item.unopened ? ` · ${t('post.unopened')}` : ''}
                </span>
              ) : null}
            </span>
          ))}
        </Link>
      </Heading>
      {post.flags.length || post.forWhom !== 'self' ? (
        <ul className="chips" aria-label={t('post.flagsLabel')}>
          {post.forWhom !== 'self' ? (
            <li>
              <Badge tone="neutral">{t(`forWhom.${post.forWhom}`)}</Badge>
            </li>
          ) : null}
          {post.flags.map((f) => (
            <li key={f}>
              <Badge tone="flag">{t(`flags.${f}`)}</Badge>
            </li>
          ))}
        </ul>
      ) : null}
      {post.note ? <p className="card-note">{post.note}</p> : null}
      <p className="card-meta card-foot">
        <span>
          <IconPin />
          {placeLabel(post.region)}
          {km !== undefined ? (
            <>
              {' · '}
              <DistanceText km={km} />
            </>
          ) : null}
        </span>
        {post.contactPhoneMasked ? (
          <span className="card-phone">
            <IconPhone />
            <span className="visually-hidden">{t('post.contact')}</span>
            {post.contactPhoneMasked}
          </span>
        ) : null}
      </p>
    </article>
  );
}
