import './strings.ts';
import {
  CONDITIONS,
  type EntryView,
  type FollowupPatientView,
  MEASUREMENT_KINDS,
  type MeasurementKind,
} from '@medrelay/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui/badge.tsx';
import { Button } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import { pick, useLang } from '../../lib/i18n.ts';
import {
  useFollowupActions,
  useMyPharmaciesAsPharmacist,
  usePatient,
  usePatientChart,
  usePatients,
} from './api.ts';
import { CareTabs } from './components/care-tabs.tsx';
import { MeasurementChart } from './components/measurement-chart.tsx';
import './care.css';

/** /care/follow-up — a pharmacist's chronic follow-up: who shared, by condition, overdue, one person. */
export function FollowUpRoute() {
  const { t } = useTranslation();
  const mine = useMyPharmaciesAsPharmacist();
  const [chosen, setChosen] = useState('');
  const [condition, setCondition] = useState('');
  const [overdue, setOverdue] = useState(false);
  const [open, setOpen] = useState('');
  const pharmacyId = chosen || mine.data?.items[0]?.partnerId || '';
  const patients = usePatients(pharmacyId, condition, overdue);

  return (
    <div className="page care">
      <h1 className="page-title">{t('care.followup.title')}</h1>
      <CareTabs />
      {mine.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : mine.isError ? (
        <LoadFailed query={mine} />
      ) : mine.data.items.length === 0 ? (
        <StateView tone="empty" title={t('care.followup.notPharmacist')} />
      ) : open ? (
        <Patient pharmacyId={pharmacyId} userId={open} onBack={() => setOpen('')} />
      ) : (
        <div className="care-section">
          <p className="muted">{t('care.followup.intro')}</p>
          <div className="card care-section">
            {mine.data.items.length > 1 ? (
              <Field label={t('care.followup.pharmacy')}>
                {({ id }) => (
                  <select
                    className="select"
                    id={id}
                    value={pharmacyId}
                    onChange={(e) => setChosen(e.target.value)}
                  >
                    {mine.data.items.map((p) => (
                      <option key={p.partnerId} value={p.partnerId}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            ) : (
              <p>
                <strong>{mine.data.items[0]?.name}</strong>
              </p>
            )}
            <div className="care-grid-2">
              <Field label={t('care.followup.condition')}>
                {({ id }) => (
                  <select
                    className="select"
                    id={id}
                    value={condition}
                    onChange={(e) => setCondition(e.target.value)}
                    disabled={overdue}
                  >
                    <option value="">{t('care.followup.all')}</option>
                    {CONDITIONS.map((c) => (
                      <option key={c} value={c}>
                        {t(`care.conditions.${c}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <label className="care-checks">
                <span>
                  <input type="checkbox" checked={overdue} onChange={(e) => setOverdue(e.target.checked)} />{' '}
                  {t('care.followup.overdue')}
                </span>
              </label>
            </div>
          </div>
          {patients.isPending ? (
            <SkeletonCards label={t('common.loading')} count={2} />
          ) : patients.isError ? (
            <LoadFailed query={patients} />
          ) : patients.data.items.length === 0 ? (
            <StateView
              tone="empty"
              title={t(overdue ? 'care.followup.noOverdue' : 'care.followup.noPatients')}
            />
          ) : (
            <ul className="card-list">
              {patients.data.items.map((p) => (
                <PatientCard key={p.userId} p={p} onOpen={() => setOpen(p.userId)} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}

function PatientCard({ p, onOpen }: { p: FollowupPatientView; onOpen: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <li className="card care-section">
      <h2 className="card-title">{p.phone}</h2>
      <p>
        {p.conditions === null
          ? t('care.followup.notShared')
          : p.conditions.map((c) => t(`care.conditions.${c}`)).join('、') || t('care.record.none')}
      </p>
      <p className="card-meta">
        {p.followup ? (
          <>
            {t('care.followup.every', { count: p.followup.everyDays })} ·{' '}
            {t('care.followup.nextDue', { time: formatDate(p.followup.nextDueAt, i18n.language) })}{' '}
            {p.followup.overdue ? <Badge tone="flag">{t('care.followup.late')}</Badge> : null}
          </>
        ) : (
          t('care.followup.noTask')
        )}
      </p>
      <Button size="sm" onClick={onOpen} aria-label={`${t('care.followup.open')} ${p.phone}`}>
        {t('care.followup.open')}
      </Button>
    </li>
  );
}

function Patient({ pharmacyId, userId, onBack }: { pharmacyId: string; userId: string; onBack: () => void }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const detail = usePatient(pharmacyId, userId);
  const actions = useFollowupActions(pharmacyId, userId);
  const [every, setEvery] = useState('30');
  const [note, setNote] = useState('');
  const [kind, setKind] = useState<MeasurementKind>('temperature');
  const canChart = Boolean(detail.data?.patient.parts.includes('measurements'));
  const chart = usePatientChart(pharmacyId, userId, kind, canChart);
  const entryText = (e: EntryView) => {
    const v = e.value;
    if (v.part === 'conditions') return t(`care.conditions.${v.condition}`);
    if (v.part === 'allergies') return v.ingredient;
    if (v.part === 'pregnancy') return t(`care.pregnancy.${v.status}`);
    return e.label ? pick(e.label, lang) : (v.name ?? '');
  };
  return (
    <div className="care-section">
      <Button variant="ghost" onClick={onBack}>
        ← {t('care.followup.back')}
      </Button>
      {detail.isPending ? (
        <SkeletonCards label={t('common.loading')} count={2} />
      ) : detail.isError ? (
        <LoadFailed query={detail} />
      ) : (
        <>
          <section className="card care-section" aria-labelledby="care-patient">
            <h2 id="care-patient" className="section-title">
              {detail.data.patient.phone}
            </h2>
            <p className="card-meta">
              {t('care.followup.sharedUntil', {
                time: formatDateTime(detail.data.patient.sharedUntil, i18n.language),
              })}
            </p>
            <h3>{t('care.followup.sharedRecord')}</h3>
            {detail.data.record.length === 0 ? <p className="muted">{t('care.record.none')}</p> : null}
            {detail.data.record.map((part) => (
              <p key={part.part}>
                <strong>{t(`care.parts.${part.part}`)}</strong>：
                {part.entries.map(entryText).join('、') || t('care.record.none')}
              </p>
            ))}
          </section>
          {canChart ? (
            <>
              <Field label={t('care.measure.kind')}>
                {({ id }) => (
                  <select
                    className="select"
                    id={id}
                    value={kind}
                    onChange={(e) => setKind(e.target.value as MeasurementKind)}
                  >
                    {MEASUREMENT_KINDS.map((k) => (
                      <option key={k} value={k}>
                        {t(`care.measure.kinds.${k}`)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <MeasurementChart kind={kind} days={90} query={chart} />
            </>
          ) : null}
          <form
            className="card care-section"
            onSubmit={(e) => {
              e.preventDefault();
              actions.setEvery.mutate(Number(every));
            }}
          >
            <p>
              {detail.data.patient.followup
                ? t('care.followup.every', { count: detail.data.patient.followup.everyDays })
                : t('care.followup.noTask')}
            </p>
            <Field label={t('care.followup.setEvery')}>
              {({ id }) => (
                <input
                  className="input"
                  id={id}
                  inputMode="numeric"
                  value={every}
                  onChange={(e) => setEvery(e.target.value)}
                />
              )}
            </Field>
            {actions.setEvery.isError ? (
              <FieldError>{errorMessage(actions.setEvery.error, t)}</FieldError>
            ) : null}
            <Button type="submit" busy={actions.setEvery.isPending}>
              {t('care.followup.saveTask')}
            </Button>
          </form>
          <form
            className="card care-section"
            onSubmit={(e) => {
              e.preventDefault();
              actions.addNote.mutate(note, { onSuccess: () => setNote('') });
            }}
          >
            <Field label={t('care.followup.note')}>
              {({ id }) => (
                <textarea
                  className="input"
                  id={id}
                  value={note}
                  maxLength={500}
                  rows={3}
                  onChange={(e) => setNote(e.target.value)}
                />
              )}
            </Field>
            {actions.addNote.isError ? (
              <FieldError>{errorMessage(actions.addNote.error, t)}</FieldError>
            ) : null}
            <Button type="submit" variant="primary" disabled={!note.trim()} busy={actions.addNote.isPending}>
              {t('care.followup.addNote')}
            </Button>
            <h3>{t('care.followup.notes')}</h3>
            <ul className="care-list">
              {detail.data.notes.map((n) => (
                <li key={n.id}>
                  <span>
                    {n.note}
                    <br />
                    <span className="card-meta">
                      {formatDateTime(n.at, i18n.language)} · {n.author ?? '—'}
                    </span>
                  </span>
                </li>
              ))}
            </ul>
          </form>
        </>
      )}
    </div>
  );
}
