import { API_KEY_KINDS } from '@medrelay/contracts/rules';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import type { Access } from '../access.ts';
import { useCreateKey, useKeys } from '../api/keys.ts';
import { SCOPES, type Scope } from '../api/types.ts';
import { scopeKey } from '../labels.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { KeyItem } from './key-item.tsx';
import { SecretOnce } from './secret-once.tsx';

/** API 密钥: create with scopes (the key shown once), usage per key, rotate, revoke. */
export function KeysSection({ access }: { access: Access }) {
  const { t } = useTranslation();
  const { partner } = access;
  const heading = useId();
  const keys = useKeys(partner.id);
  const [secret, setSecret] = useState<{ title: string; key: string }>();
  const items = keys.data?.items ?? [];
  const active = items.filter((k) => !k.revokedAt);
  const revoked = items.filter((k) => k.revokedAt);

  return (
    <section aria-labelledby={heading} className="partner-sections">
      <div>
        <h2 id={heading} className="section-title">
          {t('partner.keys.title')}
        </h2>
        <p className="muted">{t('partner.keys.intro')}</p>
      </div>
      {secret ? (
        <SecretOnce title={secret.title} secret={secret.key} onDismiss={() => setSecret(undefined)} />
      ) : null}
      {access.develop && partner.status === 'approved' ? (
        <NewKeyForm
          partnerId={partner.id}
          onCreated={(key) => setSecret({ title: t('partner.keys.created'), key })}
        />
      ) : (
        <p className="notice">
          {partner.status === 'approved' ? t('partner.developerOnly') : t('partner.keys.notApproved')}
        </p>
      )}
      {keys.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : keys.isError ? (
        <LoadFailed query={keys} describe={(e) => partnerErrorMessage(e, t)} />
      ) : active.length === 0 ? (
        <StateView tone="empty" title={t('partner.keys.none')} />
      ) : (
        <ul className="card-list" aria-label={t('partner.keys.active')}>
          {active.map((k) => (
            <KeyItem
              key={k.id}
              partnerId={partner.id}
              apiKey={k}
              canChange={access.develop}
              onRotated={(key) => setSecret({ title: t('partner.keys.rotated'), key })}
            />
          ))}
        </ul>
      )}
      {revoked.length ? (
        <details className="revoked-keys">
          <summary>{t('partner.keys.revokedList', { count: revoked.length })}</summary>
          <ul className="card-list">
            {revoked.map((k) => (
              <KeyItem key={k.id} partnerId={partner.id} apiKey={k} canChange={false} />
            ))}
          </ul>
        </details>
      ) : null}
      <p className="fine-print">{t('partner.keys.docs')}</p>
    </section>
  );
}

function NewKeyForm({ partnerId, onCreated }: { partnerId: string; onCreated: (key: string) => void }) {
  const { t } = useTranslation();
  const create = useCreateKey(partnerId);
  const [name, setName] = useState('');
  const [kind, setKind] = useState<'secret' | 'publishable'>('secret');
  const [scopes, setScopes] = useState<Scope[]>(['posts:read']);
  const [error, setError] = useState<string>();
  // A publishable key sits in a web page for anyone to read: it may only read public posts.
  const allowed = kind === 'publishable' ? (['posts:read'] as Scope[]) : SCOPES;
  const chosen = scopes.filter((s) => allowed.includes(s));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setError(t('partner.keys.nameRequired'));
    if (chosen.length === 0) return setError(t('partner.keys.scopesRequired'));
    setError(undefined);
    create.mutate(
      { name: name.trim(), kind, scopes: chosen },
      {
        onSuccess: (created) => {
          setName('');
          onCreated(created.key);
        },
      },
    );
  };

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h3 className="subsection-title">{t('partner.keys.new')}</h3>
      <Field label={t('partner.keys.name')} hint={t('partner.keys.nameHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            value={name}
            maxLength={40}
            aria-describedby={describedBy}
            onChange={(e) => setName(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="field">
        <legend className="field-label">{t('partner.keys.kind')}</legend>
        <div className="checks checks-stacked">
          {API_KEY_KINDS.map((k) => (
            <label key={k} className="check">
              <input type="radio" name="key-kind" checked={kind === k} onChange={() => setKind(k)} />
              <span>{t(`partner.keys.kinds.${k}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">{t('partner.keys.scopes')}</legend>
        <div className="checks checks-stacked">
          {SCOPES.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={chosen.includes(s)}
                disabled={!allowed.includes(s)}
                onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))}
              />
              <span>
                <code>{s}</code> {t(`partner.scope.${scopeKey(s)}`)}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <FieldError>{error}</FieldError> : null}
      {create.isError ? <FieldError>{partnerErrorMessage(create.error, t)}</FieldError> : null}
      <Button type="submit" variant="primary" block busy={create.isPending}>
        {t('partner.keys.create')}
      </Button>
    </form>
  );
}
