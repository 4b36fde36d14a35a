import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { LoadFailed, SkeletonCards, StateView } from '../../../components/ui/state-view.tsx';
import { formatDate } from '../../../lib/format.ts';
import type { Access } from '../access.ts';
import { WEBHOOK_EVENTS, type WebhookEvent } from '../api/types.ts';
import { useCreateWebhook, useDeleteWebhook, useWebhooks } from '../api/webhooks.ts';
import { eventKey } from '../labels.ts';
import { partnerErrorMessage } from '../partner-errors.ts';
import { ConfirmButton } from './confirm-button.tsx';
import { DeliveryLog } from './delivery-log.tsx';
import { RegionName } from './region-name.tsx';
import { SecretOnce } from './secret-once.tsx';

/** Webhooks: subscribe a URL to events in some of my regions (secret shown once), and the delivery log. */
export function WebhooksSection({ access }: { access: Access }) {
  const { t, i18n } = useTranslation();
  const { partner } = access;
  const heading = useId();
  const hooks = useWebhooks(partner.id);
  const remove = useDeleteWebhook(partner.id);
  const [secret, setSecret] = useState<string>();
  const active = (hooks.data?.items ?? []).filter((w) => w.active);

  return (
    <section aria-labelledby={heading} className="partner-sections">
      <div>
        <h2 id={heading} className="section-title">
          {t('partner.webhooks.title')}
        </h2>
        <p className="muted">{t('partner.webhooks.intro')}</p>
      </div>
      {secret ? (
        <SecretOnce
          title={t('partner.webhooks.created')}
          secret={secret}
          onDismiss={() => setSecret(undefined)}
        />
      ) : null}
      {access.develop ? (
        <NewWebhookForm access={access} onCreated={setSecret} />
      ) : (
        <p className="notice">{t('partner.developerOnly')}</p>
      )}
      {hooks.isPending ? (
        <SkeletonCards label={t('common.loading')} count={1} />
      ) : hooks.isError ? (
        <LoadFailed query={hooks} describe={(e) => partnerErrorMessage(e, t)} />
      ) : active.length === 0 ? (
        <StateView tone="empty" title={t('partner.webhooks.none')} />
      ) : (
        <ul className="card-list" aria-label={t('partner.webhooks.list')}>
          {active.map((w) => (
            <li key={w.id} className="card webhook-item">
              <p className="webhook-url">
                <code>{w.url}</code>
              </p>
              <ul className="chips" aria-label={t('partner.webhooks.events')}>
                {w.events.map((e) => (
                  <li key={e} className="badge badge-neutral">
                    {t(`partner.event.${eventKey(e)}`)}
                  </li>
                ))}
              </ul>
              <p className="card-meta">
                {w.regionCodes.map((code, i) => (
                  <span key={code}>
                    {i ? '、' : ''}
                    <RegionName code={code} />
                  </span>
                ))}
                {' · '}
                {t('partner.webhooks.since', { date: formatDate(w.createdAt, i18n.language) })}
              </p>
              {access.develop ? (
                <div className="actions">
                  <ConfirmButton
                    label={t('partner.webhooks.delete')}
                    question={t('partner.webhooks.deleteQuestion')}
                    confirmLabel={t('partner.webhooks.deleteConfirm')}
                    busy={remove.isPending && remove.variables === w.id}
                    onConfirm={() => remove.mutate(w.id)}
                  />
                </div>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {remove.isError ? <FieldError>{partnerErrorMessage(remove.error, t)}</FieldError> : null}
      <DeliveryLog access={access} />
    </section>
  );
}

function NewWebhookForm({ access, onCreated }: { access: Access; onCreated: (secret: string) => void }) {
  const { t } = useTranslation();
  const { partner } = access;
  const create = useCreateWebhook(partner.id);
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<WebhookEvent[]>(['post.created']);
  const [regions, setRegions] = useState<string[]>(partner.regionCodes);
  const [error, setError] = useState<string>();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!/^https?:\/\/\S+$/i.test(url.trim())) return setError(t('partner.webhooks.urlInvalid'));
    if (events.length === 0) return setError(t('partner.webhooks.eventsRequired'));
    if (regions.length === 0) return setError(t('partner.webhooks.regionsRequired'));
    setError(undefined);
    create.mutate(
      { url: url.trim(), events, regionCodes: regions },
      {
        onSuccess: (created) => {
          setUrl('');
          onCreated(created.secret);
        },
      },
    );
  };
  const toggle = <T,>(list: T[], v: T, on: boolean) => (on ? [...list, v] : list.filter((x) => x !== v));

  return (
    <form className="card" onSubmit={submit} noValidate>
      <h3 className="subsection-title">{t('partner.webhooks.new')}</h3>
      <Field label={t('partner.webhooks.url')} hint={t('partner.webhooks.urlHint')}>
        {({ id, describedBy }) => (
          <input
            id={id}
            className="input"
            type="url"
            inputMode="url"
            spellCheck={false}
            autoCapitalize="off"
            placeholder="https://api.example.gov.cn/hooks/medrelay"
            value={url}
            aria-describedby={describedBy}
            onChange={(e) => setUrl(e.target.value)}
          />
        )}
      </Field>
      <fieldset className="field">
        <legend className="field-label">{t('partner.webhooks.events')}</legend>
        <div className="checks checks-stacked">
          {WEBHOOK_EVENTS.map((ev) => (
            <label key={ev} className="check">
              <input
                type="checkbox"
                checked={events.includes(ev)}
                onChange={(e) => setEvents(toggle(events, ev, e.target.checked))}
              />
              <span>
                {t(`partner.event.${eventKey(ev)}`)} <code>{ev}</code>
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">{t('partner.webhooks.regions')}</legend>
        <div className="checks checks-stacked">
          {partner.regionCodes.map((code) => (
            <label key={code} className="check">
              <input
                type="checkbox"
                checked={regions.includes(code)}
                onChange={(e) => setRegions(toggle(regions, code, e.target.checked))}
              />
              <span>
                <RegionName code={code} />
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      {error ? <FieldError>{error}</FieldError> : null}
      {create.isError ? <FieldError>{partnerErrorMessage(create.error, t)}</FieldError> : null}
      <Button type="submit" variant="primary" block busy={create.isPending}>
        {t('partner.webhooks.create')}
      </Button>
    </form>
  );
}
