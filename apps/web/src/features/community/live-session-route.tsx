import './live-strings.ts';
import type { LiveSessionView, QuestionView } from '@medrelay/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../me/index.ts';
import { attend, useAsk, useLiveSession, useQuestions, useRegistration, useVote } from './live-api.ts';
import { SessionFacts } from './live-bits.tsx';
import './live.css';

const QUESTION_MAX = 300;

/** /live/:id — the session: register, ask beforehand, the live page (stream + queue), replay and survey. */
export function LiveSessionRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const session = useLiveSession(id);
  const me = useMe();
  const s = session.data;
  const live = s?.phase === 'live';
  const loggedIn = Boolean(me.data);

  // Opening the page while the session is on is what "attended" counts.
  useEffect(() => {
    if (live && loggedIn) attend(id).catch(() => undefined);
  }, [id, live, loggedIn]);

  if (session.isPending) return <Spinner label={t('common.loading')} />;
  if (session.isError)
    return (
      <div className="page live">
        <BackLink />
        <LoadFailed query={session} />
      </div>
    );
  if (!s) return null;
  return (
    <div className="page live">
      <BackLink />
      <h1 className="page-title">{s.title}</h1>
      <SessionFacts s={s} />
      {s.description ? <p className="live-description">{s.description}</p> : null}
      <Registration s={s} loggedIn={loggedIn} />
      {live ? <Stream s={s} /> : null}
      {s.phase === 'ended' ? <Afterwards s={s} /> : null}
      {s.phase === 'cancelled' ? null : <Questions s={s} loggedIn={loggedIn} />}
    </div>
  );
}

function BackLink() {
  const { t } = useTranslation();
  return (
    <Link to="/live" className="live-link">
      {t('live.back')}
    </Link>
  );
}

function Registration({ s, loggedIn }: { s: LiveSessionView; loggedIn: boolean }) {
  const { t } = useTranslation();
  const register = useRegistration(s.id);
  if (s.phase !== 'upcoming') return null;
  if (!loggedIn)
    return (
      <ButtonLink to="/me" variant="primary">
        {t('live.loginToRegister')}
      </ButtonLink>
    );
  return (
    <div className="live-actions">
      {s.me?.registered ? (
        <>
          <p className="notice notice-ok live-inline" role="status">
            {t('live.reminderSet')}
          </p>
          <Button size="sm" variant="ghost" busy={register.isPending} onClick={() => register.mutate(false)}>
            {t('live.cancelRegistration')}
          </Button>
        </>
      ) : (
        <Button variant="primary" busy={register.isPending} onClick={() => register.mutate(true)}>
          {t('live.remindMe')}
        </Button>
      )}
      {register.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(register.error, t)}
        </p>
      ) : null}
    </div>
  );
}

function Stream({ s }: { s: LiveSessionView }) {
  const { t } = useTranslation();
  return (
    <section className="card live-stream" aria-labelledby="live-watch">
      <h2 id="live-watch" className="section-title">
        {t('live.watch')}
      </h2>
      {s.embedUrl ? (
        <div className="live-player">
          <iframe
            src={s.embedUrl}
            title={t('live.player')}
            allow="autoplay; fullscreen; picture-in-picture"
            allowFullScreen
            sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
            referrerPolicy="no-referrer"
          />
        </div>
      ) : null}
      <a className="btn btn-primary btn-md" href={s.streamUrl} target="_blank" rel="noopener noreferrer">
        {t('live.openStream')}
      </a>
    </section>
  );
}

function Afterwards({ s }: { s: LiveSessionView }) {
  const { t } = useTranslation();
  return (
    <section className="card" aria-label={t('live.replay')}>
      {s.replayUrl ? (
        <a className="btn btn-secondary btn-md" href={s.replayUrl} target="_blank" rel="noopener noreferrer">
          {t('live.replay')}
        </a>
      ) : (
        <p className="muted">{t('live.noReplay')}</p>
      )}
      {s.surveyId ? (
        <ButtonLink to={`/surveys/${s.surveyId}`} variant="primary">
          {t('live.survey')}
        </ButtonLink>
      ) : null}
    </section>
  );
}

function Questions({ s, loggedIn }: { s: LiveSessionView; loggedIn: boolean }) {
  const { t } = useTranslation();
  const live = s.phase === 'live';
  const list = useQuestions(s.id, live);
  const open = s.phase === 'upcoming' || live;
  return (
    <section className="live-questions" aria-labelledby="live-q">
      <h2 id="live-q" className="section-title">
        {live
          ? t('live.questionsLive')
          : s.phase === 'upcoming'
            ? t('live.questionsBefore')
            : t('live.questions')}
      </h2>
      {live ? <p className="card-meta">{t('live.liveUpdates')}</p> : null}
      {open && loggedIn ? <AskForm s={s} /> : null}
      {!open ? <p className="muted">{t('live.over')}</p> : null}
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('live.questionsEmpty')} />
      ) : (
        <ul className="card-list" aria-live="polite">
          {list.data.items.map((q) => (
            <QuestionItem key={q.id} q={q} sessionId={s.id} canVote={open && loggedIn} />
          ))}
        </ul>
      )}
    </section>
  );
}

function AskForm({ s }: { s: LiveSessionView }) {
  const { t } = useTranslation();
  const ask = useAsk(s.id);
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate(text.trim(), { onSuccess: () => setText('') });
  };
  return (
    <form className="card live-ask" onSubmit={submit}>
      <Field
        label={t('live.ask')}
        hint={`${t('live.askHint')} ${text.length}/${QUESTION_MAX}`}
        error={ask.isError ? errorMessage(ask.error, t) : undefined}
      >
        {({ id, describedBy, invalid }) => (
          <textarea
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            rows={3}
            maxLength={QUESTION_MAX}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </Field>
      {s.phase === 'live' ? <p className="card-meta">{t('live.askedLive')}</p> : null}
      <Button type="submit" variant="primary" busy={ask.isPending} disabled={text.trim().length < 2}>
        {t('live.askSubmit')}
      </Button>
      {ask.isSuccess ? (
        <p className="card-meta" role="status">
          {t('live.asked')}
        </p>
      ) : null}
    </form>
  );
}

function QuestionItem({ q, sessionId, canVote }: { q: QuestionView; sessionId: string; canVote: boolean }) {
  const { t } = useTranslation();
  const vote = useVote(sessionId);
  return (
    <li className="card live-question">
      <p className="live-question-body">{q.body}</p>
      {q.answer ? <p className="live-answer">{t('live.answer', { text: q.answer })}</p> : null}
      <p className="live-tags">
        {q.status === 'answered' ? <Badge tone="ok">{t('live.answered')}</Badge> : null}
        {q.status === 'pending' ? <Badge tone="flag">{t('live.pending')}</Badge> : null}
        {q.mine ? <Badge tone="muted">{t('live.mine')}</Badge> : null}
        <span className="card-meta">{t('live.votes', { count: q.votes })}</span>
        {canVote && q.status !== 'pending' ? (
          <Button
            size="sm"
            variant={q.myVote ? 'secondary' : 'ghost'}
            aria-pressed={q.myVote}
            busy={vote.isPending}
            onClick={() => vote.mutate({ questionId: q.id, up: !q.myVote })}
          >
            {q.myVote ? `✓ ${t('live.vote')}` : `👍 ${t('live.vote')}`}
          </Button>
        ) : null}
      </p>
    </li>
  );
}
