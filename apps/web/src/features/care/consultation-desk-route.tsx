import './reminder-strings.ts';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError, api } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import {
  type QueueItem,
  useDeskQueue,
  useDeskSettings,
  useDeskShared,
  useDeskStep,
  useSaveDeskSettings,
  useSaveTemplate,
  useTemplates,
} from './reminder-api.ts';
import './reminder-styles.css';

/** /partner/:id/consultations — the pharmacist's desk: red flags first, then oldest; answer with templates. */
export function ConsultationDeskRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const queue = useDeskQueue(id);
  const notMine =
    queue.error instanceof ApiError && (queue.error.status === 404 || queue.error.status === 403);
  return (
    <div className="page care consultations">
      <Link to={`/partner/${id}`}>← {t('partner.title', '合作机构')}</Link>
      <h1 className="page-title">{t('careReminders.desk.title')}</h1>
      {queue.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : notMine ? (
        <StateView tone="info" title={t('careReminders.desk.notPharmacist')} />
      ) : queue.isError ? (
        <LoadFailed query={queue} />
      ) : (
        <>
          <DeskSettings partnerId={id} />
          <h2 className="section-title">{t('careReminders.desk.queue')}</h2>
          {queue.data.items.length === 0 ? (
            <StateView tone="empty" title={t('careReminders.desk.empty')} />
          ) : (
            <ul className="card-list">
              {queue.data.items.map((c) => (
                <DeskItem key={c.id} partnerId={id} item={c} />
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}

function DeskSettings({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const settings = useDeskSettings(partnerId);
  const save = useSaveDeskSettings(partnerId);
  const [draft, setDraft] = useState<{ onDuty: boolean; responseMinutes: number } | null>(null);
  const value = draft ?? settings.data ?? { onDuty: false, responseMinutes: 30 };
  return (
    <form
      className="card reminder-inline"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(value, { onSuccess: () => setDraft(null) });
      }}
    >
      <label className="check">
        <input
          type="checkbox"
          checked={value.onDuty}
          onChange={(e) => setDraft({ ...value, onDuty: e.target.checked })}
        />{' '}
        {t('careReminders.desk.onDuty')}
      </label>
      <Field label={t('careReminders.desk.responseMinutes')}>
        {({ id }) => (
          <input
            id={id}
            type="number"
            min={5}
            max={1440}
            value={value.responseMinutes}
            onChange={(e) => setDraft({ ...value, responseMinutes: Number(e.target.value) })}
          />
        )}
      </Field>
      <Button type="submit" size="sm" busy={save.isPending}>
        {t('careReminders.desk.saveSettings')}
      </Button>
    </form>
  );
}

function DeskItem({ partnerId, item: c }: { partnerId: string; item: QueueItem }) {
  const { t, i18n } = useTranslation();
  const step = useDeskStep(partnerId);
  const templates = useTemplates(partnerId);
  const saveTemplate = useSaveTemplate(partnerId);
  const ours = c.pharmacyId === partnerId;
  const shared = useDeskShared(partnerId, c.id, ours && c.sharedParts.length > 0);
  const colleagues = useQuery({
    queryKey: ['partner', partnerId, 'pharmacists'],
    queryFn: ({ signal }) =>
      api<{ items: { userId: string; phoneMasked: string }[] }>(
        `/partners/${partnerId}/pharmacy/pharmacists`,
        { signal },
      ),
  });
  const [answer, setAnswer] = useState('');
  const [title, setTitle] = useState('');
  const [colleague, setColleague] = useState('');
  return (
    <li className="card desk-item">
      <p>
        {c.redFlags.length ? <Badge tone="flag">{t('careReminders.desk.redFlag')}</Badge> : null}{' '}
        {c.pool && !ours ? <Badge tone="muted">{t('careReminders.desk.pool')}</Badge> : null}{' '}
        {c.assignedToMe ? <Badge tone="ok">{t('careReminders.desk.mine')}</Badge> : null}{' '}
        <Badge tone="muted">{t(`careReminders.consult.status.${c.status}`)}</Badge>{' '}
        <span className="card-meta">
          {formatDateTime(c.createdAt, i18n.language)} ·{' '}
          {t('careReminders.consult.respondBy', { time: formatDateTime(c.respondBy, i18n.language) })}
        </span>
      </p>
      <ul className="consult-thread">
        <li>{c.question}</li>
        {c.messages.map((m) => (
          <li key={m.id} className={`from-${m.from}`}>
            <strong>{t(`careReminders.consult.${m.from === 'pharmacist' ? 'pharmacist' : 'you'}`)}：</strong>
            {m.body}
          </li>
        ))}
      </ul>
      {c.sharedParts.length ? (
        <details>
          <summary>{t('careReminders.desk.shared')}</summary>
          {!ours ? (
            <Button size="sm" onClick={() => step.mutate({ id: c.id, step: 'claim' })}>
              {t('careReminders.desk.claim')}
            </Button>
          ) : shared.data ? (
            <ul>
              {shared.data.items.map((p) => (
                <li key={p.part}>
                  {t(`careReminders.consult.parts.${p.part}`)}:{' '}
                  {[
                    ...p.entries.map((e) => JSON.stringify(e.value)),
                    ...p.measurements.map((m) => JSON.stringify(m.value)),
                  ].join('；') || '—'}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ) : (
        <p className="card-meta">{t('careReminders.desk.noShared')}</p>
      )}
      <Field label={t('careReminders.desk.useTemplate')}>
        {({ id }) => (
          <select
            id={id}
            value=""
            onChange={(e) => {
              const tpl = templates.data?.items.find((x) => x.id === e.target.value);
              if (tpl) setAnswer(tpl.body);
            }}
          >
            <option value="">—</option>
            {(templates.data?.items ?? []).map((tpl) => (
              <option key={tpl.id} value={tpl.id}>
                {tpl.title}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('careReminders.desk.answer')}>
        {({ id }) => <textarea id={id} value={answer} onChange={(e) => setAnswer(e.target.value)} />}
      </Field>
      <div className="reminder-inline">
        <Button
          variant="primary"
          busy={step.isPending}
          disabled={!answer.trim()}
          onClick={() =>
            step.mutate(
              { id: c.id, step: 'answers', body: { body: answer } },
              { onSuccess: () => setAnswer('') },
            )
          }
        >
          {t('careReminders.desk.send')}
        </Button>
        <Field label={t('careReminders.desk.templateTitle')}>
          {({ id }) => (
            <input id={id} value={title} maxLength={40} onChange={(e) => setTitle(e.target.value)} />
          )}
        </Field>
        <Button
          size="sm"
          variant="ghost"
          disabled={!answer.trim() || !title.trim()}
          busy={saveTemplate.isPending}
          onClick={() => saveTemplate.mutate({ title, body: answer }, { onSuccess: () => setTitle('') })}
        >
          {t('careReminders.desk.saveTemplate')}
        </Button>
      </div>
      {ours ? (
        <div className="reminder-inline">
          <Field label={t('careReminders.desk.handoff')}>
            {({ id }) => (
              <select id={id} value={colleague} onChange={(e) => setColleague(e.target.value)}>
                <option value="">—</option>
                {(colleagues.data?.items ?? []).map((p) => (
                  <option key={p.userId} value={p.userId}>
                    {p.phoneMasked}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Button
            size="sm"
            disabled={!colleague}
            onClick={() => step.mutate({ id: c.id, step: 'handoff', body: { pharmacistUserId: colleague } })}
          >
            {t('careReminders.desk.handoffSend')}
          </Button>
          <Button size="sm" variant="ghost" onClick={() => step.mutate({ id: c.id, step: 'close' })}>
            {t('careReminders.desk.close')}
          </Button>
        </div>
      ) : null}
    </li>
  );
}
