import './referral-strings.ts';
import './referrals.css';
import type { CampaignView } from '@medrelay/contracts';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { formatDateTime } from '../../lib/format.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { useLeaderboard, useMyReferrals, useOpenCampaigns } from './referral-api.ts';

/** What the campaign asks of an invitee, in words. */
export function firstActionText(c: CampaignView, t: TFunction) {
  return t(`referrals.firstAction.${c.firstAction}`, { group: c.groupName ?? '' });
}

function CampaignFacts({ c }: { c: CampaignView }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      <p className="card-meta">
        <Badge tone={c.phase === 'open' ? 'ok' : 'muted'}>{t(`referrals.phase.${c.phase}`)}</Badge>{' '}
        {c.institution}
      </p>
      <p className="card-meta">
        {t('referrals.window', {
          start: formatDateTime(c.startsAt, i18n.language),
          end: formatDateTime(c.endsAt, i18n.language),
        })}
      </p>
      <p>{c.rewardPoints ? t('referrals.reward', { points: c.rewardPoints }) : t('referrals.noReward')}</p>
    </>
  );
}

/** /invites — the referral campaigns open now. */
export function ReferralCampaignsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const list = useOpenCampaigns();
  if (me.isPending) return <SkeletonCards count={2} label={t('common.loading')} />;
  return (
    <div className="page referrals">
      <h1 className="page-title">{t('referrals.title')}</h1>
      <p className="muted">{t('referrals.intro')}</p>
      {!me.data ? (
        <LoginForm />
      ) : list.isPending ? (
        <SkeletonCards count={2} label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('referrals.empty')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((c) => (
            <li key={c.id} className="card">
              <h2 className="card-title">
                <Link to={`/invites/${c.id}`}>{c.name}</Link>
              </h2>
              <CampaignFacts c={c} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** /invites/:campaignId — my invite link and QR code, my count, rank and points. */
export function MyReferralsRoute() {
  const { t } = useTranslation();
  const { campaignId = '' } = useParams();
  const me = useMe();
  const mine = useMyReferrals(campaignId);
  const [copied, setCopied] = useState(false);
  if (me.isPending || (me.data && mine.isPending))
    return <SkeletonCards count={1} label={t('common.loading')} />;
  if (!me.data)
    return (
      <div className="page referrals">
        <h1 className="page-title">{t('referrals.title')}</h1>
        <LoginForm />
      </div>
    );
  if (mine.isError)
    return (
      <div className="page referrals">
        <LoadFailed query={mine} />
      </div>
    );
  const d = mine.data;
  if (!d) return null;
  return (
    <div className="page referrals">
      <h1 className="page-title">{d.campaign.name}</h1>
      <CampaignFacts c={d.campaign} />
      <p>{firstActionText(d.campaign, t)}</p>
      <section className="card" aria-labelledby="my-referrals">
        <h2 id="my-referrals" className="section-title">
          {t('referrals.mine')}
        </h2>
        <dl className="referral-figures">
          <div>
            <dt>{t('referrals.counts')}</dt>
            <dd data-testid="referral-count">{t('referrals.countValue', { count: d.counted })}</dd>
          </div>
          <div>
            <dt>{t('referrals.rank')}</dt>
            <dd>{d.rank ? t('referrals.rankValue', { rank: d.rank }) : t('referrals.noRank')}</dd>
          </div>
          <div>
            <dt>{t('referrals.points')}</dt>
            <dd>{d.points}</dd>
          </div>
        </dl>
        {d.pending ? <p className="muted">{t('referrals.pendingValue', { count: d.pending })}</p> : null}
      </section>
      <section className="card" aria-labelledby="my-link">
        <h2 id="my-link" className="section-title">
          {t('referrals.myLink')}
        </h2>
        {d.link ? (
          <>
            <div
              className="referral-qr"
              role="img"
              aria-label={t('referrals.qrLabel')}
              // The server draws this SVG from the link alone (qrcode); it holds no markup from users.
              dangerouslySetInnerHTML={{ __html: d.link.svg }}
            />
            <input
              className="input referral-url"
              readOnly
              aria-label={t('referrals.myLink')}
              data-testid="invite-url"
              value={d.link.url}
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              variant="primary"
              onClick={() => {
                const url = d.link?.url ?? '';
                void navigator.clipboard
                  ?.writeText(url)
                  .then(() => setCopied(true))
                  .catch(() => setCopied(false));
              }}
            >
              {copied ? t('referrals.copied') : t('referrals.copy')}
            </Button>
          </>
        ) : d.campaign.phase === 'closed' ? (
          <p>{t('referrals.invite.closed')}</p>
        ) : (
          <StateView
            tone="info"
            title={t('referrals.verifyFirst')}
            action={<ButtonLink to="/me">{t('referrals.verifyAction')}</ButtonLink>}
          />
        )}
      </section>
      <ButtonLink to={`/invites/${campaignId}/leaderboard`} variant="ghost" block>
        {t('referrals.leaderboardLink')}
      </ButtonLink>
      <p className="field-hint">{t('referrals.rule')}</p>
    </div>
  );
}

/** /invites/:campaignId/leaderboard — 邀请达人榜: top inviters, masked. */
export function LeaderboardRoute() {
  const { t } = useTranslation();
  const { campaignId = '' } = useParams();
  const me = useMe();
  const board = useLeaderboard(campaignId);
  if (me.isPending || (me.data && board.isPending))
    return <SkeletonCards count={1} label={t('common.loading')} />;
  if (!me.data)
    return (
      <div className="page referrals">
        <h1 className="page-title">{t('referrals.leaderboard')}</h1>
        <LoginForm />
      </div>
    );
  if (board.isError)
    return (
      <div className="page referrals">
        <LoadFailed query={board} />
      </div>
    );
  const d = board.data;
  if (!d) return null;
  return (
    <div className="page referrals">
      <h1 className="page-title">{t('referrals.leaderboard')}</h1>
      <p className="card-meta">
        {d.campaign.name} · {d.campaign.institution}
      </p>
      {d.items.length === 0 ? (
        <StateView tone="empty" title={t('referrals.leaderboardEmpty')} />
      ) : (
        <table className="leaderboard-table card">
          <caption className="visually-hidden">{t('referrals.leaderboard')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('referrals.rankCol')}</th>
              <th scope="col">{t('referrals.nameCol')}</th>
              <th scope="col">{t('referrals.countCol')}</th>
            </tr>
          </thead>
          <tbody>
            {d.items.map((r) => (
              <tr key={r.rank} className={r.me ? 'is-me' : undefined}>
                <td className="tabular">{r.rank}</td>
                <td>
                  {r.name}
                  {r.me ? ` (${t('referrals.me')})` : ''}
                </td>
                <td className="tabular">{r.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="field-hint">{t('referrals.leaderboardPrivacy')}</p>
      <ButtonLink to={`/invites/${campaignId}`} variant="ghost" block>
        {t('referrals.back')}
      </ButtonLink>
    </div>
  );
}
