import './quiz-strings.ts';
import './quiz.css';
import type { MyQuizAttempt, QuizView } from '@medrelay/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, SkeletonCards, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useMe } from '../me/index.ts';
import { useMyPoints, useQuiz, useQuizzes, useStartQuiz, useSubmitQuiz } from './quiz-api.ts';
import { QuizFacts } from './quiz-bits.tsx';

/** /quizzes — 答题活动: open, upcoming and recent quizzes, my status in each, my points. */
export function QuizzesRoute() {
  const { t } = useTranslation();
  const list = useQuizzes();
  const me = useMe();
  const points = useMyPoints(Boolean(me.data));
  return (
    <div className="page quiz">
      <h1 className="page-title">{t('quiz.title')}</h1>
      <p className="muted">{t('quiz.intro')}</p>
      {points.data?.items.length ? (
        <section className="card quiz-points" aria-label={t('quiz.myPoints')}>
          <h2 className="section-title">{t('quiz.myPoints')}</h2>
          <ul>
            {points.data.items.map((p) => (
              <li key={p.partnerId}>{t('quiz.pointsAt', { name: p.partnerName, count: p.points })}</li>
            ))}
          </ul>
        </section>
      ) : null}
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('quiz.empty')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((q) => (
            <li key={q.id} className="card quiz-card">
              <h2 className="card-title">
                <Link to={`/quizzes/${q.id}`}>{q.title}</Link>
              </h2>
              <QuizFacts q={q} />
              {q.me?.attempt ? (
                <p className="card-meta">
                  <Badge tone="ok">{t(`quiz.mine.${q.me.attempt.status}`)}</Badge>{' '}
                  {q.me.attempt.reward !== null ? t('quiz.reward', { count: q.me.attempt.reward }) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** /quizzes/:id — one quiz: start, answer within the time limit, submit once, the result and reward. */
export function QuizRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const quiz = useQuiz(id);
  if (quiz.isPending) return <Spinner label={t('common.loading')} />;
  if (quiz.isError)
    return (
      <div className="page quiz">
        <LoadFailed query={quiz} />
      </div>
    );
  const q = quiz.data;
  return (
    <div className="page quiz">
      <p>
        <Link to="/quizzes" className="quiz-back">
          {t('quiz.back')}
        </Link>
      </p>
      <h1 className="page-title">{q.title}</h1>
      {q.intro ? <p>{q.intro}</p> : null}
      <QuizFacts q={q} tiers />
      <Entry q={q} receivedAt={quiz.dataUpdatedAt} />
    </div>
  );
}

function Entry({ q, receivedAt }: { q: QuizView; receivedAt: number }) {
  const { t, i18n } = useTranslation();
  const start = useStartQuiz(q.id);
  const attempt = q.me?.attempt;
  if (!q.me)
    return (
      <ButtonLink to="/me" variant="primary">
        {t('quiz.loginFirst')}
      </ButtonLink>
    );
  if (attempt?.status === 'started') return <Answering q={q} attempt={attempt} receivedAt={receivedAt} />;
  if (attempt) return <Result q={q} attempt={attempt} />;
  if (!q.me.verified)
    return (
      <StateView tone="empty" title={t('quiz.verifyFirst')}>
        <ButtonLink to="/me">{t('quiz.verifyLink')}</ButtonLink>
      </StateView>
    );
  if (q.phase === 'upcoming')
    return (
      <StateView tone="empty" title={t('quiz.notYet', { time: formatDateTime(q.opensAt, i18n.language) })} />
    );
  if (q.phase !== 'open') return <StateView tone="empty" title={t('quiz.closedNoEntry')} />;
  return (
    <div className="quiz-start">
      <Button variant="primary" block busy={start.isPending} onClick={() => start.mutate()}>
        {t('quiz.start')}
      </Button>
      {start.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(start.error, t)}
        </p>
      ) : null}
    </div>
  );
}

/**
 * Seconds left, ticking once a second: counted from the server's figure when it arrived, so a phone
 * whose clock is off still shows the time the server will hold it to.
 */
function useSecondsLeft(secondsLeft: number, receivedAt: number) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  return Math.max(0, secondsLeft - Math.floor((now - receivedAt) / 1000));
}

function Answering({ q, attempt, receivedAt }: { q: QuizView; attempt: MyQuizAttempt; receivedAt: number }) {
  const { t, i18n } = useTranslation();
  const submit = useSubmitQuiz(q.id);
  const [answers, setAnswers] = useState<Record<string, number[]>>({});
  const left = useSecondsLeft(attempt.secondsLeft ?? 0, receivedAt);
  const questions = attempt.questions ?? [];
  const missing = questions.some((x) => !answers[x.id]?.length);
  const choose = (qid: string, k: number, multiple: boolean) =>
    setAnswers((prev) => {
      const had = prev[qid] ?? [];
      if (!multiple) return { ...prev, [qid]: [k] };
      return { ...prev, [qid]: had.includes(k) ? had.filter((x) => x !== k) : [...had, k] };
    });
  const send = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate(answers);
  };
  const clock = `${Math.floor(left / 60)}:${String(left % 60).padStart(2, '0')}`;
  return (
    <form className="quiz-form" onSubmit={send}>
      <p
        className="quiz-timer"
        role="timer"
        aria-label={t('quiz.deadline', { time: formatDateTime(attempt.deadlineAt, i18n.language) })}
      >
        {t('quiz.remaining', { time: clock })}
      </p>
      {questions.map((x, i) => (
        <fieldset key={x.id} className="card quiz-q">
          <legend className="quiz-legend">
            {i + 1}. {x.prompt}{' '}
            <span className="card-meta">{x.kind === 'single' ? t('quiz.single') : t('quiz.multiple')}</span>
          </legend>
          {x.options.map((o, k) => (
            <label key={o} className="quiz-choice">
              <input
                type={x.kind === 'single' ? 'radio' : 'checkbox'}
                name={x.id}
                checked={answers[x.id]?.includes(k) ?? false}
                onChange={() => choose(x.id, k, x.kind === 'multiple')}
              />{' '}
              {o}
            </label>
          ))}
        </fieldset>
      ))}
      {submit.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(submit.error, t)}
        </p>
      ) : missing ? (
        <p className="muted">{t('quiz.unanswered')}</p>
      ) : null}
      <Button type="submit" variant="primary" block busy={submit.isPending} disabled={missing || left === 0}>
        {t('quiz.submit')}
      </Button>
    </form>
  );
}

function Result({ q, attempt }: { q: QuizView; attempt: MyQuizAttempt }) {
  const { t, i18n } = useTranslation();
  if (attempt.status === 'expired') return <StateView tone="empty" title={t('quiz.expired')} />;
  const letters = (xs: number[], options: string[]) => xs.map((k) => options[k] ?? '').join('、');
  return (
    <section className="card quiz-result" aria-live="polite">
      <h2 className="section-title">{t('quiz.result', { score: attempt.score, total: attempt.total })}</h2>
      <p>{attempt.allCorrect ? t('quiz.allCorrect') : t('quiz.notAllCorrect')}</p>
      {attempt.reward === null ? (
        <p className="muted">{t('quiz.rewardLater', { time: formatDateTime(q.closesAt, i18n.language) })}</p>
      ) : attempt.reward > 0 ? (
        <p className="notice notice-ok quiz-reward" role="status">
          {t('quiz.reward', { count: attempt.reward })}
        </p>
      ) : (
        <p className="muted">{t('quiz.noReward')}</p>
      )}
      {attempt.review ? (
        <>
          <h3 className="section-title">{t('quiz.review')}</h3>
          <ol className="quiz-review">
            {attempt.review.map((r) => {
              const right =
                r.chosen.length === r.correct.length && r.chosen.every((k) => r.correct.includes(k));
              return (
                <li key={r.id}>
                  <p>
                    {r.prompt}{' '}
                    <Badge tone={right ? 'ok' : 'flag'}>{right ? t('quiz.right') : t('quiz.wrong')}</Badge>
                  </p>
                  <p className="card-meta">
                    {t('quiz.yourAnswer', { answer: letters(r.chosen, r.options) })}
                  </p>
                  <p className="card-meta">
                    {t('quiz.rightAnswer', { answer: letters(r.correct, r.options) })}
                  </p>
                  {r.explanation ? <p>{r.explanation}</p> : null}
                </li>
              );
            })}
          </ol>
        </>
      ) : null}
    </section>
  );
}
