import './live-strings.ts';
import type { LiveSessionView } from '@medrelay/contracts';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../me/index.ts';
import { useLiveSessions, useRegistration } from './live-api.ts';
import { SessionFacts } from './live-bits.tsx';
import './live.css';

/** /live — upcoming sessions (and last week's, for their replay and survey), with 提醒我. */
export function LiveSessionsRoute() {
  const { t } = useTranslation();
  const list = useLiveSessions();
  return (
    <div className="page live">
      <h1 className="page-title">{t('live.title')}</h1>
      <p className="muted">{t('live.intro')}</p>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('live.empty')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((s) => (
            <SessionCard key={s.id} s={s} />
          ))}
        </ul>
      )}
      <p>
        <Link to="/feedback" className="live-link">
          {t('live.feedbackLink')} →
        </Link>
      </p>
    </div>
  );
}

function SessionCard({ s }: { s: LiveSessionView }) {
  const { t } = useTranslation();
  const me = useMe();
  const register = useRegistration(s.id);
  const canRegister = s.phase === 'upcoming' || s.phase === 'live';
  return (
    <li className="card live-card">
      <h2 className="card-title">
        <Link to={`/live/${s.id}`}>{s.title}</Link>
      </h2>
      <SessionFacts s={s} />
      <div className="live-actions">
        {!canRegister ? null : !me.data ? (
          <ButtonLink to="/me" size="sm">
            {t('live.loginToRegister')}
          </ButtonLink>
        ) : s.me?.registered ? (
          <span className="notice notice-ok live-inline" role="status">
            {t('live.reminderSet')}
          </span>
        ) : (
          <Button variant="primary" size="sm" busy={register.isPending} onClick={() => register.mutate(true)}>
            {t('live.remindMe')}
          </Button>
        )}
        <ButtonLink
          to={`/live/${s.id}`}
          size="sm"
          variant="ghost"
          aria-label={`${t('live.open')}: ${s.title}`}
        >
          {t('live.open')}
        </ButtonLink>
      </div>
      {register.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(register.error, t)}
        </p>
      ) : null}
    </li>
  );
}
