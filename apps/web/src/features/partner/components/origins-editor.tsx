import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import type { Access } from '../access.ts';
import { ORIGIN } from '../api/types.ts';
import { useSetAllowedOrigins } from '../api/update-origins.ts';
import { partnerErrorMessage } from '../partner-errors.ts';

const MAX_ORIGINS = 10;

/** The sites allowed to frame the widget (the embed page's CSP frame-ancestors); the owner edits them. */
export function OriginsEditor({ access }: { access: Access }) {
  const { t } = useTranslation();
  const { partner } = access;
  const heading = useId();
  const inputId = useId();
  const save = useSetAllowedOrigins(partner.id);
  const [draft, setDraft] = useState('');
  const [error, setError] = useState<string>();
  const origins = partner.allowedOrigins;

  const change = (next: string[]) => {
    setError(undefined);
    save.mutate(next, { onSuccess: () => setDraft('') });
  };
  const add = (e: FormEvent) => {
    e.preventDefault();
    const origin = draft.trim().replace(/\/$/, '');
    if (!ORIGIN.test(origin)) {
      setError(t('partner.origins.invalid', { origin: origin || '—' }));
      return;
    }
    if (origins.includes(origin)) {
      setDraft('');
      return;
    }
    change([...origins, origin]);
  };

  return (
    <section className="card" aria-labelledby={heading}>
      <h3 id={heading} className="subsection-title">
        {t('partner.origins.title')}
      </h3>
      <p className="field-hint">{t('partner.origins.hint')}</p>
      {origins.length === 0 ? (
        <p className="notice notice-warn">{t('partner.origins.none')}</p>
      ) : (
        <ul className="plain-list">
          {origins.map((o) => (
            <li key={o} className="list-row">
              <code>{o}</code>
              {access.own ? (
                <Button
                  size="sm"
                  variant="ghost"
                  disabled={save.isPending}
                  onClick={() => change(origins.filter((x) => x !== o))}
                  aria-label={t('partner.origins.remove', { origin: o })}
                >
                  {t('partner.remove')}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {access.own ? (
        <form className="input-row origins-add" onSubmit={add} noValidate>
          <label className="visually-hidden" htmlFor={inputId}>
            {t('partner.origins.add')}
          </label>
          <input
            id={inputId}
            className="input"
            type="url"
            inputMode="url"
            placeholder="https://www.example.gov.cn"
            spellCheck={false}
            autoCapitalize="off"
            value={draft}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setDraft(e.target.value)}
          />
          <Button type="submit" busy={save.isPending} disabled={origins.length >= MAX_ORIGINS}>
            {t('partner.origins.add')}
          </Button>
        </form>
      ) : (
        <p className="fine-print">{t('partner.ownerOnly')}</p>
      )}
      {error ? <FieldError>{error}</FieldError> : null}
      {save.isError ? <FieldError>{partnerErrorMessage(save.error, t)}</FieldError> : null}
    </section>
  );
}
