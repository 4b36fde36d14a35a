import './referral-strings.ts';
import './referrals.css';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { LoginForm, useMe, VerificationForm } from '../me/index.ts';
import { useClaimInvite, useInvitePreview } from './referral-api.ts';
import { firstActionText } from './referrals-route.tsx';

const INVITE_KEY = 'mr_invite';
const DEVICE_KEY = 'mr_device';

/**
 * The ticket of the first opening of this link, kept in the browser so that the invite survives the
 * login or sign-up (and a reload): the server counts only accounts created after that moment.
 */
function rememberedTicket(token: string, fresh: string | undefined): string | undefined {
  try {
    const kept = JSON.parse(localStorage.getItem(INVITE_KEY) ?? 'null') as {
      token: string;
      ticket: string;
    } | null;
    if (kept?.token === token) return kept.ticket;
    if (fresh) localStorage.setItem(INVITE_KEY, JSON.stringify({ token, ticket: fresh }));
  } catch {
    // Storage refused (private mode in some WebViews): the fresh ticket still works in this tab.
  }
  return fresh;
}

/** A random id for this browser; the server keeps only its keyed hash, for the farm rule. */
function deviceId(): string | null {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return null;
  }
}

/** /invite/:token — what a personal invite link opens: the campaign, then login, verify, first step. */
export function InviteRoute() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const preview = useInvitePreview(token);
  const me = useMe();
  const claim = useClaimInvite();
  const ticket = rememberedTicket(token, preview.data?.ticket);
  const verified = me.data?.verified === true;
  const claimedAs = useRef<string>('');

  // Claim once logged in, and again after verification (the answer then says whether it counts).
  useEffect(() => {
    if (!me.data || !ticket) return;
    const as = `${me.data.id}:${verified}`;
    if (claimedAs.current === as) return;
    claimedAs.current = as;
    claim.mutate({ ticket, deviceId: deviceId() });
  }, [me.data, ticket, verified, claim]);

  if (preview.isPending || me.isPending) return <SkeletonCards count={1} label={t('common.loading')} />;
  if (preview.isError) {
    const code = preview.error instanceof ApiError ? preview.error.code : '';
    return (
      <div className="page referrals">
        {code === 'referral_token_invalid' ? (
          <StateView tone="empty" title={t('referrals.invite.badLink')}>
            {t('referrals.invite.badLinkHint')}
          </StateView>
        ) : code === 'referral_campaign_closed' ? (
          <StateView tone="empty" title={t('referrals.invite.closed')} />
        ) : (
          <LoadFailed query={preview} />
        )}
      </div>
    );
  }
  const p = preview.data;
  const c = p.campaign;
  const result = claim.data;
  const claimCode = claim.error instanceof ApiError ? claim.error.code : '';
  return (
    <div className="page referrals">
      <p className="card-meta">{t('referrals.invite.invitedBy', { inviter: p.inviter })}</p>
      <h1 className="page-title">{c.name}</h1>
      <p className="card-meta">{t('referrals.invite.by', { institution: c.institution })}</p>
      {!me.data ? (
        <LoginForm intro={t('referrals.invite.login')} />
      ) : claimCode === 'referral_not_new_account' ? (
        <StateView tone="info" title={t('referrals.invite.notNew')} />
      ) : claim.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(claim.error, t)}
        </p>
      ) : !result ? (
        <SkeletonCards count={1} label={t('common.loading')} />
      ) : result.status === 'counted' ? (
        <StateView tone="info" title={t('referrals.invite.counted')} live />
      ) : (
        <section className="card" aria-labelledby="invite-steps">
          <h2 id="invite-steps" className="section-title">
            {t('referrals.invite.accepted', { inviter: result.inviter })}
          </h2>
          <p>{t('referrals.invite.steps')}</p>
          <ol className="invite-steps">
            <li>
              {t('referrals.invite.stepVerify')}
              {verified ? ` · ${t('referrals.invite.done')}` : null}
              {verified ? null : <VerificationForm intro={t('referrals.invite.verifyIntro')} />}
            </li>
            <li>
              {t('referrals.invite.stepAction', { action: firstActionText(c, t) })}{' '}
              {c.firstAction === 'join_group' && result.joinPath ? (
                <ButtonLink to={result.joinPath} variant="primary" size="sm">
                  {t('referrals.invite.joinGroup')}
                </ButtonLink>
              ) : c.firstAction === 'first_post' ? (
                <ButtonLink to="/post/new" variant="primary" size="sm">
                  {t('referrals.invite.post')}
                </ButtonLink>
              ) : null}
            </li>
          </ol>
        </section>
      )}
      <p className="field-hint">{t('referrals.rule')}</p>
    </div>
  );
}
