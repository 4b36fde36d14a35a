import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage, fieldErrors } from '../../../lib/errors.ts';
import { useSubmitVerification } from '../api/submit-verification.ts';

// GB 11643: 17 digits and a check character (0–9 or X), or the old 15-digit form. The server checks the
// check character, region, birth date and age; this only catches typos before a round trip.
const ID_PATTERN = /^(\d{15}|\d{17}[\dXx])$/;
const NAME_PATTERN = /^[\p{Script=Han}A-Za-z·•. ]{2,30}$/u;

/** Real-name verification: the seed's rule before publishing or revealing a contact. */
export function VerificationForm({ intro, onDone }: { intro?: string; onDone?: () => void }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [name, setName] = useState('');
  const [idNumber, setIdNumber] = useState('');
  const [errors, setErrors] = useState<{ name?: string; idNumber?: string }>({});
  const verify = useSubmitVerification();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!NAME_PATTERN.test(name.trim())) next.name = t('verify.nameInvalid');
    if (!ID_PATTERN.test(idNumber.trim())) next.idNumber = t('verify.idInvalid');
    setErrors(next);
    if (next.name || next.idNumber) return;
    verify.mutate(
      { name: name.trim(), idNumber: idNumber.trim().toUpperCase() },
      {
        onSuccess: () => onDone?.(),
        onError: (err) => {
          const fields = fieldErrors(err);
          const message = errorMessage(err, t);
          setErrors({
            name: fields.has('name') ? message : undefined,
            idNumber: fields.has('idNumber') ? message : undefined,
          });
        },
      },
    );
  };

  const generalError =
    verify.isError &&
    !errors.name &&
    !errors.idNumber &&
    !(verify.error instanceof ApiError && verify.error.field)
      ? errorMessage(verify.error, t)
      : undefined;

  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('verify.title')}
      </h2>
      <p className="muted">{intro ?? t('verify.intro')}</p>
      <form onSubmit={submit} noValidate>
        <Field label={t('verify.name')} error={errors.name}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="name"
              className="input"
              autoComplete="name"
              value={name}
              maxLength={40}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </Field>
        <Field label={t('verify.idNumber')} error={errors.idNumber} hint={t('verify.idHint')}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="idNumber"
              className="input"
              autoComplete="off"
              inputMode="text"
              maxLength={18}
              value={idNumber}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setIdNumber(e.target.value.replace(/\s/g, ''))}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" block size="lg" busy={verify.isPending}>
          {t('verify.submit')}
        </Button>
        {generalError ? <FieldError>{generalError}</FieldError> : null}
      </form>
      <p className="fine-print">{t('verify.privacy')}</p>
    </section>
  );
}
