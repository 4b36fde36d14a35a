import './strings.ts';
import './community.css';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { useGroupByLink, useJoinGroup } from './api.ts';

/** /groups/join/:token — the page a group's QR code or link opens: what the group is, then join. */
export function JoinGroupRoute() {
  const { t } = useTranslation();
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const me = useMe();
  const group = useGroupByLink(token);
  const join = useJoinGroup(token);
  const [nickname, setNickname] = useState('');
  const [showName, setShowName] = useState(false);

  if (group.isPending || me.isPending) return <SkeletonCards count={1} label={t('common.loading')} />;
  if (group.isError) {
    return (
      <div className="page community">
        {group.error instanceof ApiError && group.error.status === 404 ? (
          <StateView tone="empty" title={t('community.join.badLink')}>
            {t('community.join.badLinkHint')}
          </StateView>
        ) : (
          <LoadFailed query={group} />
        )}
      </div>
    );
  }
  const g = group.data;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    join.mutate(
      { nickname: nickname.trim() || null, showName: showName && Boolean(nickname.trim()) },
      { onSuccess: (joined) => navigate(`/groups/${joined.id}`) },
    );
  };
  return (
    <div className="page community">
      <h1 className="page-title">{g.name}</h1>
      <p className="card-meta">
        <Badge tone="muted">{t(`community.kind.${g.kind}`)}</Badge> {g.institution} ·{' '}
        {t('community.groups.memberCount', { count: g.memberCount })}
      </p>
      {g.description ? <p>{g.description}</p> : null}
      {g.rules ? (
        <section className="card" aria-labelledby="join-rules">
          <h2 id="join-rules" className="section-title">
            {t('community.groups.rules')}
          </h2>
          <p className="group-rules">{g.rules}</p>
        </section>
      ) : null}
      {g.joined ? (
        <StateView
          tone="info"
          title={t('community.join.already')}
          action={<ButtonLink to={`/groups/${g.id}`}>{t('community.join.open')}</ButtonLink>}
        />
      ) : !me.data ? (
        <LoginForm intro={t('community.join.login')} />
      ) : (
        <form className="card community-form" onSubmit={submit} noValidate>
          <Field label={t('community.join.nickname')} hint={t('community.join.nicknameHint')}>
            {({ id, describedBy }) => (
              <input
                id={id}
                className="input"
                maxLength={20}
                autoComplete="off"
                aria-describedby={describedBy}
                value={nickname}
                onChange={(e) => setNickname(e.target.value)}
              />
            )}
          </Field>
          <label className="check">
            <input
              type="checkbox"
              checked={showName}
              disabled={!nickname.trim()}
              onChange={(e) => setShowName(e.target.checked)}
            />{' '}
            {t('community.join.showName')}
          </label>
          <p className="field-hint">{t('community.join.privacy')}</p>
          {join.isError ? (
            <p className="field-error" role="alert">
              {errorMessage(join.error, t)}
            </p>
          ) : null}
          <Button type="submit" variant="primary" size="lg" block busy={join.isPending}>
            {t('community.join.join')}
          </Button>
        </form>
      )}
    </div>
  );
}
