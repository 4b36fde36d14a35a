import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate } from '../../lib/format.ts';
import { MyAlerts } from '../alerts/index.ts';
import { ThreadList } from '../messages/index.ts';
import { mustVerify, useMe } from './api/get-me.ts';
import { useMyPosts } from './api/get-my-posts.ts';
import { useLogout } from './api/logout.ts';
import { LoginForm } from './components/login-form.tsx';
import { MyPostItem } from './components/my-post-item.tsx';
import { PrivacySection } from './components/privacy-section.tsx';
import { VerificationForm } from './components/verification-form.tsx';
import './me.css';

// Open posts first: they are the ones that may need an action.
const STATUS_ORDER: Record<string, number> = {
  open: 0,
  review: 1,
  expired: 2,
  resolved: 3,
  hidden: 4,
  removed: 5,
};

export function MeRoute() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const logout = useLogout();
  const posts = useMyPosts(Boolean(me.data));
  const postsHeading = useId();

  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <LoadFailed query={me} />;

  if (!me.data) {
    return (
      <div className="page">
        <h1 className="page-title">{t('me.title')}</h1>
        <LoginForm intro={t('login.intro')} />
      </div>
    );
  }

  const account = me.data;
  const operator = account.role === 'moderator' || account.role === 'admin';
  const items = [...(posts.data?.items ?? [])]
    .filter((p) => p.status !== 'deleted')
    .sort((a, b) => (STATUS_ORDER[a.status] ?? 9) - (STATUS_ORDER[b.status] ?? 9));

  return (
    <div className="page">
      <h1 className="page-title">{t('me.title')}</h1>
      <section className="card profile" aria-label={t('me.account')}>
        <div>
          <p className="profile-phone">{account.phoneMasked}</p>
          <p className="card-meta">{t('me.since', { date: formatDate(account.createdAt, i18n.language) })}</p>
        </div>
        <div className="profile-side">
          <Badge tone={account.verified ? 'ok' : 'muted'}>
            {account.verified ? t('verify.verified') : t('verify.notVerified')}
          </Badge>
          <Button variant="ghost" busy={logout.isPending} onClick={() => logout.mutate()}>
            {t('me.logout')}
          </Button>
        </div>
        {account.verification ? (
          <p className="card-meta profile-verification">
            {t('verify.asWho', { name: account.verification.nameMasked, id: account.verification.idMasked })}
            {/* What the check proved is for the people who run the platform (the user agreement says it
                to residents); next to 已实名 it read as a warning about the resident themself. */}
            {account.verification.identityProven || !operator ? '' : ` ${t('verify.formatOnly')}`}
          </p>
        ) : null}
      </section>

      {operator ? (
        <ButtonLink to="/admin" variant="secondary" block>
          {t('admin.entry')}
        </ButtonLink>
      ) : null}

      {mustVerify(account) ? <VerificationForm /> : null}

      <section aria-labelledby={postsHeading}>
        <div className="section-head">
          <h2 id={postsHeading} className="section-title">
            {t('me.myPosts')}
          </h2>
          <ButtonLink to="/post/new" variant="primary">
            {t('nav.post')}
          </ButtonLink>
        </div>
        {posts.isPending ? (
          <SkeletonCards label={t('common.loading')} count={2} />
        ) : posts.isError ? (
          <LoadFailed query={posts} />
        ) : items.length === 0 ? (
          <StateView tone="empty" title={t('me.noPosts')}>
            {t('me.noPostsHint')}
          </StateView>
        ) : (
          <ul className="card-list">
            {items.map((p) => (
              <MyPostItem key={p.id} post={p} />
            ))}
          </ul>
        )}
      </section>
      <ThreadList />
      <MyAlerts />
      <ButtonLink to="/notifications/settings" variant="ghost" block>
        {t('notifications.prefs.entry')}
      </ButtonLink>
      <ButtonLink to="/care" variant="ghost" block>
        {t('healthRecord.entry')}
      </ButtonLink>
      <ButtonLink to="/groups" variant="ghost" block>
        {t('community.entry')}
      </ButtonLink>
      <ButtonLink to="/live" variant="ghost" block>
        {t('live.entry')}
      </ButtonLink>
      <ButtonLink to="/invites" variant="ghost" block>
        {t('referrals.entry')}
      </ButtonLink>
      <ButtonLink to="/feedback" variant="ghost" block>
        {t('feedback.entry')}
      </ButtonLink>
      <PrivacySection />
      <ButtonLink to="/partner" variant="ghost" block>
        {t('partner.entry')}
      </ButtonLink>
    </div>
  );
}
