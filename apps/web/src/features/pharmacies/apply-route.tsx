import './strings.ts';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { Field, FieldError } from '../../components/ui/field.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { locate, positionOf, useMyLocation } from '../../lib/geolocation.ts';
import { useApplyPharmacy } from './api/workspace.ts';
import { ServicesField } from './components/services-field.tsx';
import './pharmacies.css';

const TEXT_FIELDS = [
  'name',
  'contactName',
  'contactPhone',
  'creditCode',
  'licenceNumber',
  'address',
] as const;

/** /pharmacies/apply — 药店入驻: licences, store, hours and services; an admin approves. */
export function ApplyPharmacyRoute() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const apply = useApplyPharmacy();
  const position = positionOf(useMyLocation());
  const [form, setForm] = useState<Record<(typeof TEXT_FIELDS)[number], string>>({
    name: '',
    contactName: '',
    contactPhone: '',
    creditCode: '',
    licenceNumber: '',
    address: '',
  });
  const [open, setOpen] = useState('08:00');
  const [close, setClose] = useState('22:00');
  const [services, setServices] = useState<string[]>([]);

  useEffect(() => {
    void locate();
  }, []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!position) return void locate();
    const day = [{ open, close }];
    apply.mutate(
      {
        ...form,
        creditCode: form.creditCode.trim().toUpperCase(),
        location: position,
        hours: [day, day, day, day, day, day, day],
        services: services as never,
      },
      { onSuccess: (p) => navigate(`/partner/${p.id}`) },
    );
  };

  return (
    <div className="page pharmacies">
      <h1 className="page-title">{t('pharmacies.apply.title')}</h1>
      <p className="fine-print">{t('pharmacies.apply.intro')}</p>
      <form className="card" onSubmit={submit} noValidate>
        {TEXT_FIELDS.map((name) => (
          <Field key={name} label={t(`pharmacies.apply.${name}`)}>
            {({ id }) => (
              <input
                id={id}
                className="input"
                value={form[name]}
                inputMode={name === 'contactPhone' ? 'tel' : undefined}
                onChange={(e) => setForm({ ...form, [name]: e.target.value })}
              />
            )}
          </Field>
        ))}
        <div className="pharmacies-filters">
          <Field label={t('pharmacies.apply.opens')}>
            {({ id }) => (
              <input
                id={id}
                className="input"
                type="time"
                value={open}
                onChange={(e) => setOpen(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('pharmacies.apply.closes')}>
            {({ id }) => (
              <input
                id={id}
                className="input"
                type="time"
                value={close}
                onChange={(e) => setClose(e.target.value)}
              />
            )}
          </Field>
        </div>
        <ServicesField value={services} onChange={setServices} />
        <p className="fine-print">
          {position ? t('pharmacies.apply.located') : t('pharmacies.needLocation')}
        </p>
        {apply.isError ? <FieldError>{errorMessage(apply.error, t)}</FieldError> : null}
        <Button type="submit" variant="primary" block busy={apply.isPending}>
          {t('pharmacies.apply.submit')}
        </Button>
      </form>
    </div>
  );
}
