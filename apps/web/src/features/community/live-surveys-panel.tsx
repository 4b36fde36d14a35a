import './live-strings.ts';
import './live.css';
import type { SurveyInput, SurveyView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import {
  exportSurvey,
  useCreateSurvey,
  useOperatorSessions,
  useOperatorSurveys,
  useSurveyResults,
  useSurveyStatus,
} from './live-api.ts';
import { LiveBarChart } from './live-chart.tsx';

type Kind = 'single' | 'multiple' | 'rating' | 'text';
interface Draft {
  kind: Kind;
  label: string;
  options: string;
}

/** 问卷 in the community section of /partner/:id: build, open/close, results with charts, CSV. */
export function SurveysPanel({ partnerId, write }: { partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const list = useOperatorSurveys(partnerId);
  return (
    <div className="live-ops">
      {write ? <SurveyBuilder partnerId={partnerId} /> : null}
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('liveOps.surveysNone')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((s) => (
            <SurveyItem key={s.id} s={s} partnerId={partnerId} write={write} />
          ))}
        </ul>
      )}
    </div>
  );
}

function SurveyBuilder({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const sessions = useOperatorSessions(partnerId);
  const create = useCreateSurvey(partnerId);
  // The seed's feedback questions (周几、时间、内容、问题) as the starting point.
  const [title, setTitle] = useState(() => t('liveOps.defaultSurvey.title'));
  const [sessionId, setSessionId] = useState('');
  const [questions, setQuestions] = useState<Draft[]>(() => [
    { kind: 'rating', label: t('liveOps.defaultSurvey.rate'), options: '' },
    { kind: 'single', label: t('liveOps.defaultSurvey.day'), options: t('liveOps.defaultSurvey.dayOptions') },
    {
      kind: 'multiple',
      label: t('liveOps.defaultSurvey.topics'),
      options: t('liveOps.defaultSurvey.topicOptions'),
    },
    { kind: 'text', label: t('liveOps.defaultSurvey.more'), options: '' },
  ]);
  const change = (i: number, patch: Partial<Draft>) =>
    setQuestions(questions.map((q, k) => (k === i ? { ...q, ...patch } : q)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: SurveyInput = {
      title,
      sessionId: sessionId || null,
      questions: questions.map((q, i) => ({
        id: `q${i + 1}`,
        kind: q.kind,
        label: q.label,
        options:
          q.kind === 'single' || q.kind === 'multiple'
            ? q.options
                .split('\n')
                .map((o) => o.trim())
                .filter(Boolean)
            : [],
        required: q.kind === 'rating' || q.kind === 'single',
      })),
    };
    create.mutate(body);
  };
  return (
    <details className="card live-schedule">
      <summary className="section-title">{t('liveOps.makeSurvey')}</summary>
      <form onSubmit={submit} className="live-form">
        <Field label={t('liveOps.surveyTitle')}>
          {({ id }) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} required />}
        </Field>
        <Field label={t('liveOps.forSession')}>
          {({ id }) => (
            <select id={id} value={sessionId} onChange={(e) => setSessionId(e.target.value)}>
              <option value="">{t('liveOps.noSession')}</option>
              {(sessions.data?.items ?? []).map((s) => (
                <option key={s.id} value={s.id}>
                  {s.title}
                </option>
              ))}
            </select>
          )}
        </Field>
        {questions.map((q, i) => (
          <fieldset key={i} className="survey-q">
            <legend className="survey-legend">{t('liveOps.question', { n: i + 1 })}</legend>
            <Field label={t('liveOps.label')}>
              {({ id }) => (
                <input id={id} value={q.label} onChange={(e) => change(i, { label: e.target.value })} />
              )}
            </Field>
            <Field label={t('survey.title')}>
              {({ id }) => (
                <select id={id} value={q.kind} onChange={(e) => change(i, { kind: e.target.value as Kind })}>
                  {(['single', 'multiple', 'rating', 'text'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`liveOps.kind.${k}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            {q.kind === 'single' || q.kind === 'multiple' ? (
              <Field label={t('liveOps.options')}>
                {({ id }) => (
                  <textarea
                    id={id}
                    rows={3}
                    value={q.options}
                    onChange={(e) => change(i, { options: e.target.value })}
                  />
                )}
              </Field>
            ) : null}
            {questions.length > 1 ? (
              <Button
                size="sm"
                variant="ghost"
                onClick={() => setQuestions(questions.filter((_, k) => k !== i))}
              >
                {t('liveOps.removeQuestion')}
              </Button>
            ) : null}
          </fieldset>
        ))}
        <Button
          size="sm"
          onClick={() => setQuestions([...questions, { kind: 'text', label: '', options: '' }])}
        >
          {t('liveOps.addQuestion')}
        </Button>
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error, t)}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={create.isPending}>
          {t('liveOps.createSurvey')}
        </Button>
      </form>
    </details>
  );
}

function SurveyItem({ s, partnerId, write }: { s: SurveyView; partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const [showResults, setShowResults] = useState(false);
  const status = useSurveyStatus(partnerId);
  const download = async () => {
    const { title, csv } = await exportSurvey(partnerId, s.id);
    const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${title}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <li className="card live-card">
      <h3 className="card-title">
        {s.status === 'draft' ? s.title : <Link to={`/surveys/${s.id}`}>{s.title}</Link>}
      </h3>
      <p className="live-tags">
        <Badge tone={s.status === 'open' ? 'ok' : 'muted'}>
          {s.status === 'open'
            ? t('liveOps.openSurvey')
            : s.status === 'closed'
              ? t('liveOps.closeSurvey')
              : s.status}
        </Badge>
        <span className="card-meta">{t('survey.responses', { count: s.responses })}</span>
      </p>
      <div className="live-actions">
        <Button size="sm" aria-expanded={showResults} onClick={() => setShowResults(!showResults)}>
          {showResults ? t('liveOps.hideResults') : t('liveOps.results')}
        </Button>
        {write ? (
          <Button
            size="sm"
            variant="ghost"
            busy={status.isPending}
            onClick={() => status.mutate({ surveyId: s.id, status: s.status === 'open' ? 'closed' : 'open' })}
          >
            {s.status === 'open' ? t('liveOps.closeSurvey') : t('liveOps.openSurvey')}
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" onClick={() => void download()} title={t('liveOps.exportHint')}>
          {t('liveOps.export')}
        </Button>
      </div>
      {showResults ? <Results partnerId={partnerId} surveyId={s.id} /> : null}
    </li>
  );
}

function Results({ partnerId, surveyId }: { partnerId: string; surveyId: string }) {
  const { t } = useTranslation();
  const results = useSurveyResults(partnerId, surveyId);
  if (results.isPending) return <Spinner label={t('common.loading')} />;
  if (results.isError) return <LoadFailed query={results} />;
  return (
    <div className="live-results">
      <p className="card-meta">{t('survey.responses', { count: results.data.responses })}</p>
      {results.data.questions.map((q) =>
        q.kind === 'text' ? (
          <section key={q.id} aria-label={q.label}>
            <p className="survey-legend">{q.label}</p>
            <ul className="live-texts">
              {q.texts.map((text, i) => (
                <li key={i}>{text}</li>
              ))}
            </ul>
          </section>
        ) : (
          <div key={q.id}>
            <LiveBarChart
              title={q.label}
              unit={t('liveOps.count')}
              rows={
                q.kind === 'rating'
                  ? q.counts.map((count, i) => ({ label: t('survey.rating', { n: i + 1 }), count }))
                  : q.options.map((label, i) => ({ label, count: q.counts[i] ?? 0 }))
              }
            />
            {q.average !== null ? (
              <p className="card-meta">{t('liveOps.average', { value: q.average })}</p>
            ) : null}
          </div>
        ),
      )}
    </div>
  );
}
