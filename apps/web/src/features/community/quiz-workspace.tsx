import './quiz-strings.ts';
import './quiz.css';
import { type OperatorQuizView, QUIZ_DEFAULT_TIERS } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useGroups } from './api.ts';
import {
  useAddQuestion,
  useCreateBank,
  useCreateQuiz,
  useOperatorQuizzes,
  useQuizBank,
  useQuizBanks,
} from './quiz-api.ts';

/** A datetime-local value (the phone's local time) `minutes` from now, to the minute. */
const localInput = (minutes: number) => {
  const d = new Date(Date.now() + minutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

/** 答题活动 in the community section of /partner/:id: question banks, new quizzes, their figures. */
export function QuizzesPanel({ partnerId, write }: { partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const list = useOperatorQuizzes(partnerId);
  return (
    <div className="quiz-ops">
      <BanksSection partnerId={partnerId} write={write} />
      {write ? <NewQuiz partnerId={partnerId} /> : null}
      <h3 className="section-title">{t('quizOps.quizzes')}</h3>
      {list.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : list.data.items.length === 0 ? (
        <StateView tone="empty" title={t('quizOps.none')} />
      ) : (
        <ul className="card-list">
          {list.data.items.map((q) => (
            <QuizFigures key={q.id} q={q} />
          ))}
        </ul>
      )}
    </div>
  );
}

function QuizFigures({ q }: { q: OperatorQuizView }) {
  const { t, i18n } = useTranslation();
  const s = q.settlement;
  return (
    <li className="card quiz-card">
      <h4 className="card-title">{q.title}</h4>
      <p className="card-meta">
        <Badge tone={q.phase === 'open' ? 'ok' : 'muted'}>{t(`quiz.phase.${q.phase}`)}</Badge> {q.bankTitle} ·{' '}
        {t('quiz.window', {
          start: formatDateTime(q.opensAt, i18n.language),
          end: formatDateTime(q.closesAt, i18n.language),
        })}
      </p>
      <p className="card-meta">{q.tiers.map((tier) => t('quiz.tier', tier)).join('；')}</p>
      <p className="quiz-figures">
        {t('quizOps.figures', { started: q.started, participants: q.participants })}
      </p>
      {s ? (
        <p className="quiz-figures">
          {t('quizOps.settlement', {
            participants: s.participants,
            tier: s.tier ? t('quizOps.tierReached', s.tier) : t('quizOps.noTier'),
            winners: s.winners,
            share: s.share,
          })}
          {s.remainder > 0 ? t('quizOps.remainder', { count: s.remainder }) : null}
        </p>
      ) : null}
    </li>
  );
}

function BanksSection({ partnerId, write }: { partnerId: string; write: boolean }) {
  const { t } = useTranslation();
  const banks = useQuizBanks(partnerId);
  const create = useCreateBank(partnerId);
  const [title, setTitle] = useState('');
  const [chosen, setChosen] = useState<string | null>(null);
  const bankId = chosen ?? banks.data?.items[0]?.id ?? null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(title, {
      onSuccess: (bank) => {
        setTitle('');
        setChosen(bank.id);
      },
    });
  };
  return (
    <section className="card" aria-labelledby="quiz-banks-title">
      <h3 className="section-title" id="quiz-banks-title">
        {t('quizOps.banks')}
      </h3>
      {write ? (
        <form className="quiz-ops-form" onSubmit={submit}>
          <Field label={t('quizOps.bankTitle')}>
            {({ id }) => <input id={id} value={title} onChange={(e) => setTitle(e.target.value)} required />}
          </Field>
          {create.isError ? (
            <p className="field-error" role="alert">
              {errorMessage(create.error, t)}
            </p>
          ) : null}
          <Button type="submit" busy={create.isPending}>
            {t('quizOps.newBank')}
          </Button>
        </form>
      ) : null}
      {banks.isPending ? (
        <Spinner label={t('common.loading')} />
      ) : banks.isError ? (
        <LoadFailed query={banks} />
      ) : banks.data.items.length === 0 ? (
        <p className="muted">{t('quizOps.noBanks')}</p>
      ) : (
        <>
          <Field label={t('quizOps.bank')}>
            {({ id }) => (
              <select id={id} value={bankId ?? ''} onChange={(e) => setChosen(e.target.value)}>
                {banks.data.items.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.title}（{t('quizOps.questionCount', { count: b.questionCount })}）
                  </option>
                ))}
              </select>
            )}
          </Field>
          {bankId ? <BankQuestions partnerId={partnerId} bankId={bankId} write={write} /> : null}
        </>
      )}
    </section>
  );
}

function BankQuestions({ partnerId, bankId, write }: { partnerId: string; bankId: string; write: boolean }) {
  const { t } = useTranslation();
  const bank = useQuizBank(partnerId, bankId);
  if (bank.isPending) return <Spinner label={t('common.loading')} />;
  if (bank.isError) return <LoadFailed query={bank} />;
  return (
    <>
      {bank.data.questions.length === 0 ? (
        <p className="muted">{t('quizOps.noQuestions')}</p>
      ) : (
        <ol className="quiz-bank-questions">
          {bank.data.questions.map((q) => (
            <li key={q.id}>
              {q.prompt}{' '}
              <span className="card-meta">
                {q.kind === 'single' ? t('quiz.single') : t('quiz.multiple')} ·{' '}
                {t('quizOps.answer', { answer: q.correct.map((k) => q.options[k]).join('、') })}
              </span>
            </li>
          ))}
        </ol>
      )}
      {write ? <AddQuestion key={bankId} partnerId={partnerId} bankId={bankId} /> : null}
    </>
  );
}

function AddQuestion({ partnerId, bankId }: { partnerId: string; bankId: string }) {
  const { t } = useTranslation();
  const add = useAddQuestion(partnerId, bankId);
  const empty = {
    kind: 'single' as 'single' | 'multiple',
    prompt: '',
    options: '',
    correct: [] as number[],
    explanation: '',
  };
  const [f, setF] = useState(empty);
  const options = f.options
    .split('\n')
    .map((o) => o.trim())
    .filter(Boolean);
  const toggle = (k: number) =>
    setF({
      ...f,
      correct:
        f.kind === 'single'
          ? [k]
          : f.correct.includes(k)
            ? f.correct.filter((x) => x !== k)
            : [...f.correct, k],
    });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(
      {
        kind: f.kind,
        prompt: f.prompt,
        options,
        correct: f.correct.filter((k) => k < options.length),
        explanation: f.explanation,
      },
      { onSuccess: () => setF(empty) },
    );
  };
  return (
    <details className="quiz-add">
      <summary className="section-title">{t('quizOps.addQuestion')}</summary>
      <form className="quiz-ops-form" onSubmit={submit}>
        <Field label={t('quizOps.kind')}>
          {({ id }) => (
            <select
              id={id}
              value={f.kind}
              onChange={(e) => setF({ ...f, kind: e.target.value as 'single' | 'multiple', correct: [] })}
            >
              <option value="single">{t('quiz.single')}</option>
              <option value="multiple">{t('quiz.multiple')}</option>
            </select>
          )}
        </Field>
        <Field label={t('quizOps.prompt')}>
          {({ id }) => (
            <input
              id={id}
              value={f.prompt}
              onChange={(e) => setF({ ...f, prompt: e.target.value })}
              required
            />
          )}
        </Field>
        <Field label={t('quizOps.options')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={3}
              value={f.options}
              onChange={(e) => setF({ ...f, options: e.target.value })}
              required
            />
          )}
        </Field>
        {options.length ? (
          <fieldset className="quiz-correct">
            <legend className="field-label">{t('quizOps.correct')}</legend>
            {options.map((o, k) => (
              <label key={`${k}-${o}`}>
                <input
                  type={f.kind === 'single' ? 'radio' : 'checkbox'}
                  name="correct"
                  checked={f.correct.includes(k)}
                  onChange={() => toggle(k)}
                />
                {o}
              </label>
            ))}
          </fieldset>
        ) : null}
        <Field label={t('quizOps.explanation')}>
          {({ id }) => (
            <textarea
              id={id}
              rows={2}
              value={f.explanation}
              onChange={(e) => setF({ ...f, explanation: e.target.value })}
            />
          )}
        </Field>
        {add.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(add.error, t)}
          </p>
        ) : null}
        <Button type="submit" busy={add.isPending} disabled={f.correct.length === 0}>
          {t('quizOps.addQuestion')}
        </Button>
        {add.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('quizOps.added')}
          </p>
        ) : null}
      </form>
    </details>
  );
}

function NewQuiz({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const banks = useQuizBanks(partnerId);
  const groups = useGroups(partnerId);
  const create = useCreateQuiz(partnerId);
  const [f, setF] = useState({
    title: '',
    intro: '',
    bankId: '',
    groupId: '',
    count: '5',
    opens: localInput(0),
    closes: localInput(3 * 24 * 60),
    minutes: '10',
  });
  const [tiers, setTiers] = useState(
    QUIZ_DEFAULT_TIERS.map((x) => ({ participants: String(x.participants), pool: String(x.pool) })),
  );
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const bankId = f.bankId || banks.data?.items[0]?.id || '';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate(
      {
        title: f.title,
        intro: f.intro,
        bankId,
        groupId: f.groupId || null,
        questionCount: Number(f.count),
        opensAt: new Date(f.opens).toISOString(),
        closesAt: new Date(f.closes).toISOString(),
        timeLimitSeconds: Math.round(Number(f.minutes) * 60),
        tiers: tiers.map((x) => ({ participants: Number(x.participants), pool: Number(x.pool) })),
        reward: { kind: 'points' },
      },
      { onSuccess: () => setF({ ...f, title: '', intro: '' }) },
    );
  };
  const input = (k: keyof typeof f, label: string, type = 'text') => (
    <Field label={label}>
      {({ id }) => (
        <input
          id={id}
          type={type}
          value={f[k]}
          onChange={set(k)}
          required={k !== 'intro'}
          min={type === 'number' ? 1 : undefined}
        />
      )}
    </Field>
  );
  return (
    <details className="card quiz-new">
      <summary className="section-title">{t('quizOps.newQuiz')}</summary>
      <form className="quiz-ops-form" onSubmit={submit}>
        {input('title', t('quizOps.quizTitle'))}
        {input('intro', t('quizOps.quizIntro'))}
        <Field label={t('quizOps.bank')}>
          {({ id }) => (
            <select id={id} value={bankId} onChange={set('bankId')} required>
              {banks.data?.items.map((b) => (
                <option key={b.id} value={b.id}>
                  {b.title}（{t('quizOps.questionCount', { count: b.questionCount })}）
                </option>
              ))}
            </select>
          )}
        </Field>
        {input('count', t('quizOps.drawCount'), 'number')}
        {input('opens', t('quizOps.opensAt'), 'datetime-local')}
        {input('closes', t('quizOps.closesAt'), 'datetime-local')}
        {input('minutes', t('quizOps.timeLimit'), 'number')}
        <Field label={t('quizOps.group')}>
          {({ id }) => (
            <select id={id} value={f.groupId} onChange={set('groupId')}>
              <option value="">{t('quizOps.everyone')}</option>
              {groups.data?.items.map((g) => (
                <option key={g.id} value={g.id}>
                  {g.name}
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="field-label">{t('quizOps.tiers')}</p>
        {tiers.map((tier, i) => (
          <div key={i} className="quiz-tier-row">
            <Field label={t('quizOps.tierParticipants', { n: i + 1 })}>
              {({ id }) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  value={tier.participants}
                  onChange={(e) =>
                    setTiers(tiers.map((x, k) => (k === i ? { ...x, participants: e.target.value } : x)))
                  }
                  required
                />
              )}
            </Field>
            <Field label={t('quizOps.tierPool', { n: i + 1 })}>
              {({ id }) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  value={tier.pool}
                  onChange={(e) =>
                    setTiers(tiers.map((x, k) => (k === i ? { ...x, pool: e.target.value } : x)))
                  }
                  required
                />
              )}
            </Field>
            <Button
              type="button"
              variant="ghost"
              size="sm"
              disabled={tiers.length === 1}
              onClick={() => setTiers(tiers.filter((_, k) => k !== i))}
            >
              {t('quizOps.removeTier', { n: i + 1 })}
            </Button>
          </div>
        ))}
        <Button
          type="button"
          size="sm"
          variant="ghost"
          onClick={() => setTiers([...tiers, { participants: '', pool: '' }])}
        >
          {t('quizOps.addTier')}
        </Button>
        <p className="muted">{t('quizOps.rewardNote')}</p>
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error, t)}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={create.isPending} disabled={!bankId}>
          {t('quizOps.create')}
        </Button>
        {create.isSuccess ? (
          <p className="notice notice-ok" role="status">
            {t('quizOps.created')}
          </p>
        ) : null}
      </form>
    </details>
  );
}
