import { isMainlandMobile, normalizePhone } from '@medrelay/contracts/rules';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge } from '../../../components/ui/badge.tsx';
import { Button } from '../../../components/ui/button.tsx';
import { Field, PhoneInput } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { formatDate } from '../../../lib/format.ts';
import type { Access } from '../access.ts';
import { useAddMember, useMembers } from '../api/members.ts';
import { PARTNER_ROLES, type PartnerRole } from '../api/types.ts';
import { partnerErrorMessage } from '../partner-errors.ts';

/** 成员: who belongs to the institution and with which role; the owner adds people by phone. */
export function MembersSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation();
  const heading = useId();
  const members = useMembers(access.partner.id);

  return (
    <section aria-labelledby={heading} className="partner-sections">
      <div>
        <h2 id={heading} className="section-title">
          {t('partner.members.title')}
        </h2>
        <ul className="role-help">
          {PARTNER_ROLES.map((r) => (
            <li key={r}>
              <strong>{t(`partner.role.${r}`)}</strong>：{t(`partner.roleHelp.${r}`)}
            </li>
          ))}
        </ul>
      </div>
      {members.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : members.isError ? (
        <LoadFailed query={members} describe={(e) => partnerErrorMessage(e, t)} />
      ) : (
        <ul className="card-list" aria-label={t('partner.members.list')}>
          {members.data.items.map((m) => (
            <li key={m.userId} className="card list-row">
              <span className="tabular">{m.phoneMasked}</span>
              <span className="card-meta">
                {t('partner.members.since', { date: formatDate(m.createdAt, i18n.language) })}
              </span>
              <Badge tone={m.role === 'owner' ? 'ok' : 'neutral'}>{t(`partner.role.${m.role}`)}</Badge>
            </li>
          ))}
        </ul>
      )}
      {access.own ? (
        <AddMemberForm partnerId={access.partner.id} />
      ) : (
        <p className="fine-print">{t('partner.ownerOnly')}</p>
      )}
    </section>
  );
}

function AddMemberForm({ partnerId }: { partnerId: string }) {
  const { t } = useTranslation();
  const add = useAddMember(partnerId);
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<PartnerRole>('developer');
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!isMainlandMobile(phone)) return setError(t('login.phoneInvalid'));
    setError(undefined);
    add.mutate({ phone: normalizePhone(phone), role }, { onSuccess: () => setPhone('') });
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h3 className="subsection-title">{t('partner.members.add')}</h3>
      <Field
        label={t('partner.members.phone')}
        hint={t('partner.members.phoneHint')}
        error={error ?? (add.isError ? partnerErrorMessage(add.error, t) : undefined)}
      >
        {(ids) => <PhoneInput ids={ids} value={phone} onChange={setPhone} autoComplete="off" />}
      </Field>
      <Field label={t('partner.members.role')}>
        {({ id }) => (
          <select
            id={id}
            className="select"
            value={role}
            onChange={(e) => setRole(e.target.value as PartnerRole)}
          >
            {PARTNER_ROLES.map((r) => (
              <option key={r} value={r}>
                {t(`partner.role.${r}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {add.isSuccess ? (
        <p className="notice notice-ok" role="status">
          {t('partner.members.added')}
        </p>
      ) : null}
      <Button type="submit" variant="primary" block busy={add.isPending}>
        {t('partner.members.submit')}
      </Button>
    </form>
  );
}
