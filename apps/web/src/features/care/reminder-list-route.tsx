import './reminder-strings.ts';
import type { ReminderBody, ReminderView } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge } from '../../components/ui/badge.tsx';
import { Button, ButtonLink } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { ApiError } from '../../lib/api-client.ts';
import { formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import { useCatalogue } from '../catalog/index.ts';
import { CareTabs } from './components/care-tabs.tsx';
import {
  useAddCaregiver,
  useAdherence,
  useCaregivers,
  useCreateReminder,
  useDeleteReminder,
  useReminders,
  useRemoveCaregiver,
  useUpdateReminder,
} from './reminder-api.ts';
import { AdherenceChart } from './reminder-chart.tsx';
import { DoseButtons } from './reminder-dose-buttons.tsx';
import './care.css';
import './reminder-styles.css';

/** /care/reminders — 用药提醒: my reminders and today's doses, a new one, the chart, family caregivers. */
export function ReminderListRoute() {
  const { t } = useTranslation();
  const list = useReminders();
  const chart = useAdherence(14);
  const unauthenticated = list.error instanceof ApiError && list.error.status === 401;

  return (
    <div className="page care reminders">
      <h1 className="page-title">{t('careReminders.title')}</h1>
      <CareTabs />
      <p className="reminder-links">
        <Link to="/care/caring">{t('careReminders.caring.title')}</Link>
      </p>
      {list.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : unauthenticated ? (
        <StateView
          tone="info"
          title={t('errors.unauthenticated')}
          action={<ButtonLink to="/me">{t('careReminders.title')}</ButtonLink>}
        />
      ) : list.isError ? (
        <LoadFailed query={list} />
      ) : (
        <>
          {list.data.items.length === 0 ? (
            <StateView tone="empty" title={t('careReminders.empty')} />
          ) : (
            <ul className="card-list">
              {list.data.items.map((r) => (
                <ReminderCard key={r.id} reminder={r} />
              ))}
            </ul>
          )}
          <ReminderEditor />
          {chart.data ? <AdherenceChart data={chart.data} /> : null}
          <Caregivers />
        </>
      )}
    </div>
  );
}

function ReminderCard({ reminder: r }: { reminder: ReminderView }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const { byId } = useCatalogue();
  const update = useUpdateReminder();
  const remove = useDeleteReminder();
  const medicine = r.medicineId ? byId.get(r.medicineId) : undefined;
  const name = r.medicineName ?? (medicine ? pick(medicine.name, lang) : r.medicineId);
  return (
    <li className="card reminder-card">
      <h2 className="card-title">{name}</h2>
      <p>
        {r.times.join(' · ')} · {t(`careReminders.meals.${r.meal}`)} · ×{r.doseUnits}
      </p>
      <p className="card-meta">
        {t('careReminders.course', { from: r.startsOn, to: r.endsOn })}
        {r.quantityLeft !== null ? ` · ${t('careReminders.left', { count: r.quantityLeft })}` : ''}
      </p>
      <p>
        {r.status === 'ended' ? (
          <Badge tone="muted">{t('careReminders.ended')}</Badge>
        ) : r.status === 'paused' ? (
          <Badge tone="muted">{t('careReminders.paused')}</Badge>
        ) : r.nextDueAt ? (
          <Badge tone="ok">
            {t('careReminders.next', { time: formatDateTime(r.nextDueAt, i18n.language) })}
          </Badge>
        ) : null}
      </p>
      {r.recentDoses.length ? (
        <ul className="dose-list" aria-label={t('careReminders.today')}>
          {r.recentDoses.map((d) => (
            <li key={d.dueAt}>
              <span>
                {t('careReminders.dueAt', { time: formatDateTime(d.dueAt, i18n.language) })}{' '}
                <Badge tone={d.status === 'taken' ? 'ok' : d.status === 'missed' ? 'flag' : 'muted'}>
                  {t(`careReminders.status.${d.status}`)}
                </Badge>
              </span>
              <DoseButtons dose={d} />
            </li>
          ))}
        </ul>
      ) : null}
      <div className="reminder-actions">
        {r.status !== 'ended' ? (
          <Button
            size="sm"
            variant="ghost"
            busy={update.isPending}
            onClick={() => update.mutate({ id: r.id, paused: r.status !== 'paused' })}
          >
            {r.status === 'paused' ? t('careReminders.resume') : t('careReminders.pause')}
          </Button>
        ) : null}
        <Button size="sm" variant="ghost" busy={remove.isPending} onClick={() => remove.mutate(r.id)}>
          {t('careReminders.delete')}
        </Button>
      </div>
    </li>
  );
}

function ReminderEditor() {
  const { t } = useTranslation();
  const lang = useLang();
  const catalogue = useCatalogue();
  const create = useCreateReminder();
  const [medicineId, setMedicineId] = useState('');
  const [typed, setTyped] = useState('');
  const [times, setTimes] = useState(['08:00', '20:00']);
  const [meal, setMeal] = useState<'any' | 'before' | 'with' | 'after'>('after');
  const [doseUnits, setDoseUnits] = useState(1);
  const [courseDays, setCourseDays] = useState(7);
  const [quantity, setQuantity] = useState('');
  const [refillAt, setRefillAt] = useState('');
  const error =
    create.error instanceof ApiError ? t(`errors.${create.error.code}`, create.error.message) : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: ReminderBody = {
      ...(typed.trim() ? { medicineName: typed.trim() } : { medicineId }),
      times,
      meal,
      doseUnits,
      courseDays,
      ...(quantity ? { quantity: Number(quantity) } : {}),
      ...(refillAt ? { refillAt: Number(refillAt) } : {}),
    };
    create.mutate(body, {
      onSuccess: () => {
        setTyped('');
      },
    });
  };

  return (
    <form className="card reminder-editor" onSubmit={submit} aria-labelledby="reminder-editor-title">
      <h2 className="card-title" id="reminder-editor-title">
        {t('careReminders.new')}
      </h2>
      <Field label={t('careReminders.fromCatalogue')}>
        {({ id }) => (
          <select
            id={id}
            value={medicineId}
            onChange={(e) => setMedicineId(e.target.value)}
            disabled={Boolean(typed)}
          >
            <option value="">—</option>
            {(catalogue.data?.items ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {pick(m.name, lang)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('careReminders.typed')}>
        {({ id }) => (
          <input
            id={id}
            value={typed}
            maxLength={40}
            placeholder={t('careReminders.typedPlaceholder')}
            onChange={(e) => setTyped(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="reminder-times">
        <legend>{t('careReminders.times')}</legend>
        {times.map((time, i) => (
          <span key={`${i}-${time}`} className="reminder-time">
            <input
              type="time"
              aria-label={`${t('careReminders.times')} ${i + 1}`}
              value={time}
              required
              onChange={(e) => setTimes(times.map((x, j) => (j === i ? e.target.value : x)))}
            />
            {times.length > 1 ? (
              <Button
                size="sm"
                variant="ghost"
                type="button"
                aria-label={t('careReminders.removeTime')}
                onClick={() => setTimes(times.filter((_, j) => j !== i))}
              >
                ×
              </Button>
            ) : null}
          </span>
        ))}
        {times.length < 6 ? (
          <Button size="sm" variant="ghost" type="button" onClick={() => setTimes([...times, '12:00'])}>
            {t('careReminders.addTime')}
          </Button>
        ) : null}
      </fieldset>
      <Field label={t('careReminders.meal')}>
        {({ id }) => (
          <select id={id} value={meal} onChange={(e) => setMeal(e.target.value as typeof meal)}>
            {(['any', 'before', 'with', 'after'] as const).map((m) => (
              <option key={m} value={m}>
                {t(`careReminders.meals.${m}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <div className="reminder-numbers">
        <Field label={t('careReminders.doseUnits')}>
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={50}
              value={doseUnits}
              onChange={(e) => setDoseUnits(Number(e.target.value))}
            />
          )}
        </Field>
        <Field label={t('careReminders.courseDays')}>
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={1}
              max={365}
              value={courseDays}
              onChange={(e) => setCourseDays(Number(e.target.value))}
            />
          )}
        </Field>
        <Field label={t('careReminders.quantity')}>
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={0}
              value={quantity}
              onChange={(e) => setQuantity(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('careReminders.refillAt')}>
          {({ id }) => (
            <input
              id={id}
              type="number"
              min={0}
              value={refillAt}
              onChange={(e) => setRefillAt(e.target.value)}
            />
          )}
        </Field>
      </div>
      {error ? <FieldError>{error}</FieldError> : null}
      <Button type="submit" variant="primary" busy={create.isPending} disabled={!medicineId && !typed.trim()}>
        {t('careReminders.save')}
      </Button>
    </form>
  );
}

function Caregivers() {
  const { t } = useTranslation();
  const list = useCaregivers();
  const add = useAddCaregiver();
  const remove = useRemoveCaregiver();
  const [phone, setPhone] = useState('');
  const error = add.error instanceof ApiError ? t(`errors.${add.error.code}`, add.error.message) : undefined;
  return (
    <section className="card" aria-labelledby="caregivers-title">
      <h2 className="card-title" id="caregivers-title">
        {t('careReminders.caregivers.title')}
      </h2>
      <p className="card-meta">{t('careReminders.caregivers.lead')}</p>
      {list.data?.items.length ? (
        <ul className="dose-list">
          {list.data.items.map((c) => (
            <li key={c.id}>
              <span>
                {c.phoneMasked}{' '}
                <Badge tone={c.status === 'accepted' ? 'ok' : 'muted'}>
                  {t(`careReminders.caregivers.${c.status}`)}
                </Badge>
              </span>
              <Button size="sm" variant="ghost" onClick={() => remove.mutate(c.id)}>
                {t('careReminders.caregivers.remove')}
              </Button>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t('careReminders.caregivers.empty')}</p>
      )}
      <form
        className="reminder-inline"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate(phone, { onSuccess: () => setPhone('') });
        }}
      >
        <Field label={t('careReminders.caregivers.phone')} error={error}>
          {({ id, describedBy }) => (
            <input
              id={id}
              type="tel"
              inputMode="tel"
              value={phone}
              aria-describedby={describedBy}
              onChange={(e) => setPhone(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" busy={add.isPending} disabled={phone.length < 11}>
          {t('careReminders.caregivers.add')}
        </Button>
      </form>
    </section>
  );
}
