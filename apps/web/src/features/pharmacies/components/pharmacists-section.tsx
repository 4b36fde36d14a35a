import { isMainlandMobile, normalizePhone } from '@medrelay/contracts/rules';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, PhoneInput } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { useAddPharmacist, usePharmacists } from '../api/workspace.ts';

/** 药师: staff with a certificate number; the owner adds them (the person logs in once first). */
export function PharmacistsSection({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const list = usePharmacists(partnerId);
  const add = useAddPharmacist(partnerId);
  const [phone, setPhone] = useState('');
  const [certificate, setCertificate] = useState('');
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isMainlandMobile(phone)) return setError(t('login.phoneInvalid'));
    setError(undefined);
    add.mutate(
      { phone: normalizePhone(phone), certificateNumber: certificate.trim() },
      {
        onSuccess: () => {
          setPhone('');
          setCertificate('');
        },
      },
    );
  };

  return (
    <section aria-labelledby="pharmacists-title" className="partner-sections">
      <h2 id="pharmacists-title" className="section-title">
        {t('pharmacies.workspace.pharmacists')}
      </h2>
      {list.data?.items.length ? (
        <ul className="card-list">
          {list.data.items.map((p) => (
            <li key={p.userId} className="card list-row">
              <span className="tabular">{p.phoneMasked}</span>
              <span className="card-meta tabular">{p.certificateNumber}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('pharmacies.workspace.noPharmacists')}</p>
      )}
      <form className="card" onSubmit={submit} noValidate>
        <Field
          label={t('pharmacies.workspace.pharmacistPhone')}
          hint={t('pharmacies.workspace.pharmacistHint')}
          error={error ?? (add.isError ? errorMessage(add.error, t) : undefined)}
        >
          {(ids) => <PhoneInput ids={ids} value={phone} onChange={setPhone} autoComplete="off" />}
        </Field>
        <Field label={t('pharmacies.workspace.certificate')}>
          {({ id }) => (
            <input
              id={id}
              className="input"
              autoComplete="off"
              value={certificate}
              onChange={(e) => setCertificate(e.target.value)}
            />
          )}
        </Field>
        <Button type="submit" busy={add.isPending}>
          {t('pharmacies.workspace.addPharmacist')}
        </Button>
      </form>
    </section>
  );
}
