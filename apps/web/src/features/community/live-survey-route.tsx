import './live-strings.ts';
import type { SurveyView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { useMe } from '../me/index.ts';
import { useAnswerSurvey, useSurvey } from './live-api.ts';
import './live.css';

type Answer = number | number[] | string;

/** /surveys/:id — fill in a survey once (a session's feedback survey is one of these). */
export function SurveyRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const survey = useSurvey(id);
  const me = useMe();
  if (survey.isPending || me.isPending) return <Spinner label={t('common.loading')} />;
  if (survey.isError)
    return (
      <div className="page live">
        <LoadFailed query={survey} />
      </div>
    );
  const s = survey.data;
  return (
    <div className="page live">
      <h1 className="page-title">{s.title}</h1>
      <p className="card-meta">{s.partnerName}</p>
      {s.intro ? <p>{s.intro}</p> : null}
      {s.answered ? (
        <StateView tone="empty" title={t('survey.thanks')}>
          {t('survey.answered')}
        </StateView>
      ) : s.status !== 'open' ? (
        <StateView tone="empty" title={t('survey.closed')} />
      ) : !me.data ? (
        <ButtonLink to="/me" variant="primary">
          {t('survey.loginFirst')}
        </ButtonLink>
      ) : (
        <SurveyForm s={s} />
      )}
    </div>
  );
}

function SurveyForm({ s }: { s: SurveyView }) {
  const { t } = useTranslation();
  const send = useAnswerSurvey(s.id);
  const [answers, setAnswers] = useState<Record<string, Answer>>({});
  const [share, setShare] = useState(false);
  const set = (qid: string, a: Answer) => setAnswers((prev) => ({ ...prev, [qid]: a }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ answers, shareContact: share });
  };
  return (
    <form className="survey-form" onSubmit={submit}>
      {s.questions.map((q, i) => (
        <fieldset key={q.id} className="card survey-q">
          <legend className="survey-legend">
            {i + 1}. {q.label}{' '}
            <span className="card-meta">{q.required ? t('survey.required') : t('survey.optional')}</span>
          </legend>
          {q.kind === 'single'
            ? q.options.map((o, k) => (
                <label key={o} className="survey-choice">
                  <input
                    type="radio"
                    name={q.id}
                    checked={answers[q.id] === k}
                    onChange={() => set(q.id, k)}
                  />{' '}
                  {o}
                </label>
              ))
            : null}
          {q.kind === 'multiple'
            ? q.options.map((o, k) => {
                const chosen = (answers[q.id] as number[] | undefined) ?? [];
                return (
                  <label key={o} className="survey-choice">
                    <input
                      type="checkbox"
                      checked={chosen.includes(k)}
                      onChange={(e) =>
                        set(q.id, e.target.checked ? [...chosen, k] : chosen.filter((x) => x !== k))
                      }
                    />{' '}
                    {o}
                  </label>
                );
              })
            : null}
          {q.kind === 'rating' ? (
            <div className="survey-stars">
              {[1, 2, 3, 4, 5].map((n) => (
                <label key={n} className="survey-star">
                  <input
                    type="radio"
                    name={q.id}
                    checked={answers[q.id] === n}
                    onChange={() => set(q.id, n)}
                    aria-label={t('survey.ratingLabel', { n })}
                  />
                  <span aria-hidden="true">{'★'.repeat(n)}</span>
                </label>
              ))}
            </div>
          ) : null}
          {q.kind === 'text' ? (
            <textarea
              aria-label={q.label}
              rows={3}
              maxLength={1000}
              value={(answers[q.id] as string | undefined) ?? ''}
              onChange={(e) => set(q.id, e.target.value)}
            />
          ) : null}
        </fieldset>
      ))}
      <label className="survey-choice">
        <input type="checkbox" checked={share} onChange={(e) => setShare(e.target.checked)} />{' '}
        {t('survey.shareContact')}
      </label>
      {send.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(send.error, t)}
        </p>
      ) : null}
      <Button type="submit" variant="primary" block busy={send.isPending}>
        {t('survey.submit')}
      </Button>
    </form>
  );
}
