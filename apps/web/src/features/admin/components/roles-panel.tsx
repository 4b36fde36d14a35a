import { isMainlandMobile, normalizePhone } from '@medrelay/contracts/rules';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, PhoneInput } from '../../../components/ui/field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useGrantRole } from '../api/grant-role.ts';
import { ROLES, type Role } from '../api/types.ts';
import { maskPhone } from '../labels.ts';

/** Admins only: give an account (found by its login phone) the moderator or admin role, or take it back. */
export function RolesPanel() {
  const { t } = useTranslation();
  const grant = useGrantRole();
  const headingId = useId();
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<Role>('moderator');
  const [phoneError, setPhoneError] = useState<string>();
  const [done, setDone] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(undefined);
    const normalized = normalizePhone(phone);
    if (!isMainlandMobile(normalized)) {
      setPhoneError(t('admin.roles.phoneInvalid'));
      return;
    }
    setPhoneError(undefined);
    grant.mutate(
      { phone: normalized, role },
      {
        onSuccess: (res) =>
          setDone(
            t('admin.roles.granted', {
              phone: maskPhone(normalized),
              role: t(`admin.roleNames.${res.role}`),
            }),
          ),
        onError: (err) =>
          setPhoneError(
            // The account is looked up by phone: a 404 means no one has logged in with it yet.
            err instanceof ApiError && err.status === 404 ? t('admin.roles.noAccount') : errorMessage(err, t),
          ),
      },
    );
  };

  return (
    <section aria-labelledby={headingId} className="admin-panel">
      <h2 id={headingId} className="section-title">
        {t('admin.roles.title')}
      </h2>
      <form className="card roles-form" onSubmit={submit} noValidate>
        <p className="card-meta roles-intro">{t('admin.roles.intro')}</p>
        <Field label={t('admin.roles.phone')} error={phoneError}>
          {(ids) => <PhoneInput ids={ids} value={phone} onChange={setPhone} autoComplete="off" />}
        </Field>
        <fieldset className="field">
          <legend className="field-label">{t('admin.roles.role')}</legend>
          <div className="checks">
            {ROLES.map((r) => (
              <label key={r} className="check">
                <input type="radio" name="role" value={r} checked={role === r} onChange={() => setRole(r)} />
                <span>{t(`admin.roleNames.${r}`)}</span>
              </label>
            ))}
          </div>
        </fieldset>
        <Button type="submit" variant="primary" busy={grant.isPending}>
          {t('admin.roles.submit')}
        </Button>
        <div role="status" aria-live="polite">
          {done ? <p className="notice notice-ok">{done}</p> : null}
        </div>
      </form>
    </section>
  );
}
