import './reminder-strings.ts';
import { SHARED_RECORD_PARTS } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { CareTabs } from './components/care-tabs.tsx';
import {
  useAskPharmacist,
  useConsultation,
  useConsultationPharmacies,
  useConsultationStep,
  useConsultations,
} from './reminder-api.ts';
import './care.css';
import './reminder-styles.css';

/** /care/consultations — 问药师: ask a pharmacy or the on-duty pool; my questions. */
export function ConsultationsRoute() {
  const { t, i18n } = useTranslation();
  const list = useConsultations();
  const unauthenticated = list.error instanceof ApiError && list.error.status === 401;
  return (
    <div className="page care consultations">
      <h1 className="page-title">{t('careReminders.consult.title')}</h1>
      <CareTabs />
      <p className="card-meta">{t('careReminders.consult.lead')}</p>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : unauthenticated ? (
        <StateView
          tone="info"
          title={t('errors.unauthenticated')}
          action={<ButtonLink to="/me">{t('careReminders.consult.title')}</ButtonLink>}
        />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : (
        <>
          <AskForm />
          <h2 className="section-title">{t('careReminders.consult.mine')}</h2>
          {list.data.items.length === 0 ? (
            <StateView tone="empty" title={t('careReminders.consult.empty')} />
          ) : (
            <ul className="card-list">
              {list.data.items.map((c) => (
                <li key={c.id} className="card">
                  <Link to={`/care/consultations/${c.id}`} className="card-title">
                    {c.question.slice(0, 40)}
                  </Link>
                  <p>
                    <Badge tone={c.status === 'answered' ? 'ok' : 'muted'}>
                      {t(`careReminders.consult.status.${c.status}`)}
                    </Badge>{' '}
                    <span className="card-meta">
                      {c.pharmacyName ? `${c.pharmacyName} · ` : ''}
                      {formatDateTime(c.createdAt, i18n.language)}
                    </span>
                  </p>
                </li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function AskForm() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const pharmacies = useConsultationPharmacies();
  const ask = useAskPharmacist();
  const [pharmacyId, setPharmacyId] = useState('');
  const [question, setQuestion] = useState('');
  const [parts, setParts] = useState<string[]>([]);
  const pool = pharmacies.data?.poolMinutes ?? null;
  const error = ask.error instanceof ApiError ? t(`errors.${ask.error.code}`, ask.error.message) : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    ask.mutate(
      { ...(pharmacyId ? { pharmacyId } : {}), question, sharedParts: parts },
      { onSuccess: (c) => navigate(`/care/consultations/${c.id}`) },
    );
  };
  return (
    <form className="card consult-form" onSubmit={submit} aria-label={t('careReminders.consult.title')}>
      <Field label={t('careReminders.consult.pharmacy')}>
        {({ id }) => (
          <select id={id} value={pharmacyId} onChange={(e) => setPharmacyId(e.target.value)}>
            <option value="">
              {pool === null
                ? t('careReminders.consult.noPool')
                : t('careReminders.consult.pool', { minutes: pool })}
            </option>
            {(pharmacies.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {t('careReminders.consult.promise', { name: p.name, minutes: p.responseMinutes })}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('careReminders.consult.question')}>
        {({ id }) => (
          <textarea
            id={id}
            value={question}
            maxLength={1000}
            required
            onChange={(e) => setQuestion(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="reminder-times">
        <legend>{t('careReminders.consult.share')}</legend>
        {SHARED_RECORD_PARTS.map((p) => (
          <label key={p} className="check">
            <input
              type="checkbox"
              checked={parts.includes(p)}
              onChange={(e) => setParts(e.target.checked ? [...parts, p] : parts.filter((x) => x !== p))}
            />{' '}
            {t(`careReminders.consult.parts.${p}`)}
          </label>
        ))}
      </fieldset>
      {error ? <FieldError>{error}</FieldError> : null}
      <Button type="submit" variant="primary" busy={ask.isPending} disabled={question.trim().length < 4}>
        {t('careReminders.consult.ask')}
      </Button>
    </form>
  );
}

/** /care/consultations/:id — the thread, the promise, follow-up, rating and closing. */
export function ConsultationRoute() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const c = useConsultation(id);
  const step = useConsultationStep();
  const [text, setText] = useState('');
  return (
    <div className="page care consultations">
      <Link to="/care/consultations">← {t('careReminders.consult.back')}</Link>
      <h1 className="page-title">{t('careReminders.consult.title')}</h1>
      {c.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : c.isError ? (
        <LoadFailed query={c} />
      ) : (
        <section className="card">
          <p>
            <Badge tone={c.data.status === 'answered' ? 'ok' : 'muted'}>
              {t(`careReminders.consult.status.${c.data.status}`)}
            </Badge>{' '}
            {c.data.pharmacyName ?? ''}
          </p>
          {c.data.redFlags.length ? (
            <p className="consult-red-flag">{t('careReminders.consult.redFlag')}</p>
          ) : null}
          {c.data.firstResponseAt === null ? (
            <p className="card-meta">
              {t('careReminders.consult.respondBy', {
                time: formatDateTime(c.data.respondBy, i18n.language),
              })}
            </p>
          ) : null}
          <ul className="consult-thread">
            <li>
              <strong>{t('careReminders.consult.you')}：</strong>
              {c.data.question}
            </li>
            {c.data.messages.map((m) => (
              <li key={m.id} className={`from-${m.from}`}>
                <strong>
                  {t(`careReminders.consult.${m.from === 'pharmacist' ? 'pharmacist' : 'you'}`)}：
                </strong>
                {m.body}
              </li>
            ))}
          </ul>
          {c.data.status !== 'closed' ? (
            <form
              className="consult-form"
              onSubmit={(e) => {
                e.preventDefault();
                step.mutate({ id, step: 'messages', body: { body: text } }, { onSuccess: () => setText('') });
              }}
            >
              <Field label={t('careReminders.consult.followUp')}>
                {({ id: fid }) => (
                  <textarea id={fid} value={text} onChange={(e) => setText(e.target.value)} />
                )}
              </Field>
              <Button type="submit" busy={step.isPending} disabled={!text.trim()}>
                {t('careReminders.consult.send')}
              </Button>
            </form>
          ) : null}
          {c.data.firstResponseAt ? (
            c.data.rating ? (
              <p>{t('careReminders.consult.rated', { count: c.data.rating })}</p>
            ) : (
              <fieldset className="consult-stars">
                <legend>{t('careReminders.consult.rate')}</legend>
                {[1, 2, 3, 4, 5].map((n) => (
                  <Button
                    key={n}
                    size="sm"
                    variant="ghost"
                    onClick={() => step.mutate({ id, step: 'rating', body: { stars: n } })}
                  >
                    {t('careReminders.consult.stars', { count: n })}
                  </Button>
                ))}
              </fieldset>
            )
          ) : null}
          {c.data.status !== 'closed' ? (
            <Button variant="ghost" busy={step.isPending} onClick={() => step.mutate({ id, step: 'close' })}>
              {t('careReminders.consult.close')}
            </Button>
          ) : null}
        </section>
      )}
    </div>
  );
}
