import type { PharmacyAdminView, WeekHours } from '@medrelay/contracts';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useUpdateProfile } from '../api/workspace.ts';
import { ServicesField } from './services-field.tsx';

const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = { closed: boolean; open: string; close: string };

// One span a day is what the form edits; a second span (a lunch break, a night shift) comes by the API.
const toDays = (hours: WeekHours): Day[] =>
  hours.map((spans) => ({
    closed: spans.length === 0,
    open: spans[0]?.open ?? '08:00',
    close: spans.at(-1)?.close ?? '22:00',
  }));

/** 门店信息: address, hours per weekday, services, pickup window (the owner's; staff get 403). */
export function ProfileEditor({ partnerId, pharmacy }: { partnerId: string; pharmacy: PharmacyAdminView }) {
  const { t } = useTranslation();
  const update = useUpdateProfile(partnerId);
  const [address, setAddress] = useState(pharmacy.address);
  const [days, setDays] = useState(() => toDays(pharmacy.hours));
  const [services, setServices] = useState<string[]>(pharmacy.services);
  const [pickupWindow, setPickupWindow] = useState(String(pharmacy.pickupWindowHours));

  const setDay = (i: number, patch: Partial<Day>) =>
    setDays(days.map((d, j) => (i === j ? { ...d, ...patch } : d)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({
      address,
      hours: days.map((d) =>
        d.closed ? [] : [{ open: d.open, close: d.close === '00:00' ? '24:00' : d.close }],
      ),
      services: services as never,
      pickupWindowHours: Number(pickupWindow),
    });
  };

  return (
    <details className="card">
      <summary className="section-title">{t('pharmacies.workspace.profile')}</summary>
      <form onSubmit={submit} noValidate>
        <Field label={t('pharmacies.apply.address')}>
          {({ id }) => (
            <input id={id} className="input" value={address} onChange={(e) => setAddress(e.target.value)} />
          )}
        </Field>
        <fieldset className="services">
          <legend className="field-label">{t('pharmacies.hours')}</legend>
          {days.map((d, i) => {
            const day = t(`pharmacies.days.${DAYS[i]}`);
            return (
              <div key={DAYS[i]} className="day-row">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={d.closed}
                    onChange={(e) => setDay(i, { closed: e.target.checked })}
                  />
                  {t('pharmacies.workspace.closedOn', { day })}
                </label>
                <input
                  type="time"
                  className="input"
                  aria-label={t('pharmacies.workspace.opensOn', { day })}
                  disabled={d.closed}
                  value={d.open}
                  onChange={(e) => setDay(i, { open: e.target.value })}
                />
                <input
                  type="time"
                  className="input"
                  aria-label={t('pharmacies.workspace.closesOn', { day })}
                  disabled={d.closed}
                  value={d.close}
                  onChange={(e) => setDay(i, { close: e.target.value })}
                />
              </div>
            );
          })}
        </fieldset>
        <ServicesField value={services} onChange={setServices} />
        <Field label={t('pharmacies.workspace.pickupWindow')}>
          {({ id }) => (
            <select
              id={id}
              className="select"
              value={pickupWindow}
              onChange={(e) => setPickupWindow(e.target.value)}
            >
              {[2, 4, 8, 24, 48, 72].map((h) => (
                <option key={h} value={h}>
                  {t('pharmacies.workspace.hoursCount', { count: h })}
                </option>
              ))}
            </select>
          )}
        </Field>
        {update.isError ? <FieldError>{errorMessage(update.error, t)}</FieldError> : null}
        {update.isSuccess ? (
          <p className="notice" role="status">
            {t('pharmacies.workspace.saved')}
          </p>
        ) : null}
        <Button type="submit" variant="primary" busy={update.isPending}>
          {t('pharmacies.workspace.save')}
        </Button>
      </form>
    </details>
  );
}
