import './strings.ts';
import './quiz-strings.ts';
import './quiz.css';
import './community.css';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { useLeaveGroup, useMyGroup, useMyGroups } from './api.ts';

/** /groups — 我的社群: the groups I joined. */
export function MyGroupsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  const groups = useMyGroups(Boolean(me.data));
  return (
    <div className="page community">
      <h1 className="page-title">{t('community.mine.title')}</h1>
      <p className="muted">{t('community.mine.intro')}</p>
      <p>
        <Link to="/quizzes" className="quiz-back">
          {t('quiz.groupsLink')} →
        </Link>
      </p>
      {me.isPending ? (
        <SkeletonCards count={2} label={t('common.loading')} />
      ) : !me.data ? (
        <LoginForm intro={t('community.mine.login')} />
      ) : groups.isPending ? (
        <SkeletonCards count={2} label={t('common.loading')} />
      ) : groups.isError ? (
        <LoadFailed query={groups} />
      ) : groups.data.items.length ? (
        <ul className="card-list">
          {groups.data.items.map((g) => (
            <li key={g.id}>
              <Link to={`/groups/${g.id}`} className="card group-link">
                <span className="card-title">{g.name}</span>
                <span className="card-meta">
                  <Badge tone="muted">{t(`community.kind.${g.kind}`)}</Badge> {g.institution} ·{' '}
                  {t('community.groups.memberCount', { count: g.memberCount })}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      ) : (
        <StateView tone="empty" title={t('community.mine.none')}>
          {t('community.mine.noneHint')}
        </StateView>
      )}
    </div>
  );
}

/** /groups/:groupId — one of my groups: pinned announcements on top, then the articles it sent. */
export function MyGroupRoute() {
  const { t } = useTranslation();
  const { groupId = '' } = useParams();
  const navigate = useNavigate();
  const page = useMyGroup(groupId);
  const leave = useLeaveGroup(groupId);
  if (page.isPending) return <SkeletonCards count={3} label={t('common.loading')} />;
  if (page.isError) {
    const status = page.error instanceof ApiError ? page.error.status : 0;
    return (
      <div className="page community">
        <BackToGroups />
        {status === 404 || status === 401 ? (
          <StateView tone="empty" title={t('community.mine.notMember')} />
        ) : (
          <LoadFailed query={page} />
        )}
      </div>
    );
  }
  const { group, announcements, articles } = page.data;
  return (
    <div className="page community">
      <BackToGroups />
      <header>
        <h1 className="page-title">{group.name}</h1>
        <p className="card-meta">
          <Badge tone="muted">{t(`community.kind.${group.kind}`)}</Badge> {group.institution} ·{' '}
          {t('community.groups.memberCount', { count: group.memberCount })}
        </p>
      </header>
      <section aria-labelledby="ann-title" className="community-section">
        <h2 id="ann-title" className="section-title">
          {t('community.announcements.title')}
        </h2>
        {announcements.length ? (
          <ul className="announcement-list">
            {announcements.map((a) => (
              <li key={a.id} className={`card announcement${a.pinned ? ' is-pinned' : ''}`}>
                {a.pinned ? <Badge tone="flag">{t('community.announcements.pinned')}</Badge> : null}
                <p className="announcement-body">{a.body}</p>
                <p className="card-meta">{new Date(a.createdAt).toLocaleString()}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('community.announcements.none')}</p>
        )}
      </section>
      <section aria-labelledby="art-title" className="community-section">
        <h2 id="art-title" className="section-title">
          {t('community.mine.articles')}
        </h2>
        {articles.length ? (
          <ul className="card-list">
            {articles.map((a) => (
              <li key={`${a.id}-${a.sentAt}`}>
                <Link to={`/articles/${a.id}`} className="card group-link">
                  <span className="card-title">{a.title}</span>
                  <span className="card-meta">
                    {t(`community.articleKind.${a.kind}`)} · {new Date(a.sentAt).toLocaleDateString()}
                  </span>
                  {a.summary ? <span className="muted">{a.summary}</span> : null}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('community.mine.noArticles')}</p>
        )}
      </section>
      {group.rules ? (
        <section aria-labelledby="rules-title" className="community-section">
          <h2 id="rules-title" className="section-title">
            {t('community.groups.rules')}
          </h2>
          <p className="group-rules">{group.rules}</p>
        </section>
      ) : null}
      {leave.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(leave.error, t)}
        </p>
      ) : null}
      <Button
        variant="danger"
        busy={leave.isPending}
        onClick={() => {
          if (window.confirm(t('community.mine.leaveConfirm', { name: group.name })))
            leave.mutate(undefined, { onSuccess: () => navigate('/groups') });
        }}
      >
        {t('community.mine.leave')}
      </Button>
    </div>
  );
}

function BackToGroups() {
  const { t } = useTranslation();
  return (
    <ButtonLink to="/groups" variant="ghost" size="sm">
      ← {t('community.mine.title')}
    </ButtonLink>
  );
}
