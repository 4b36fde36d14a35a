import type { NotificationPrefs, NotificationType } from '@medrelay/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../components/ui/button.tsx';
import { FieldError } from '../../components/ui/field.tsx';
import { LoadFailed, Spinner } from '../../components/ui/state-view.tsx';
import { errorMessage } from '../../lib/errors.ts';
import { LoginForm, useMe } from '../me/index.ts';
import { usePrefs, useSavePrefs } from './api/prefs.ts';
import { InstitutionSettings } from './components/institution-settings.tsx';
import { PushSwitch } from './components/push-switch.tsx';
import { NOTIFICATION_TYPES } from './notification-text.ts';
import { DEFAULT_QUIET, hasChannel, smsOffered, withChannel } from './prefs-rules.ts';
import './notifications.css';

export function SettingsRoute() {
  const { t } = useTranslation();
  const me = useMe();
  if (me.isPending) return <Spinner label={t('common.loading')} />;
  if (me.isError) return <LoadFailed query={me} />;
  return (
    <div className="page">
      <p>
        <Link to="/notifications" className="back-link">
          ← {t('notifications.title')}
        </Link>
      </p>
      <h1 className="page-title">{t('notifications.prefs.title')}</h1>
      {me.data ? (
        <>
          <PrefsForm />
          <InstitutionSettings />
        </>
      ) : (
        <LoginForm intro={t('notifications.loginIntro')} />
      )}
    </div>
  );
}

function PrefsForm() {
  const { t } = useTranslation();
  const prefs = usePrefs();
  const save = useSavePrefs();
  const [draft, setDraft] = useState<NotificationPrefs>();
  useEffect(() => {
    if (prefs.data && !draft) setDraft(prefs.data);
  }, [prefs.data, draft]);
  if (prefs.isPending) return <Spinner label={t('common.loading')} />;
  if (prefs.isError) return <LoadFailed query={prefs} />;
  if (!draft) return null;

  const change = (next: NotificationPrefs) => {
    setDraft(next);
    save.reset();
  };
  const toggle = (type: NotificationType, channel: 'push' | 'sms', on: boolean) =>
    change(withChannel(draft, type, channel, on));
  const quiet = draft.quietHours;

  return (
    <form
      className="prefs"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate(draft);
      }}
    >
      <section className="card" aria-labelledby="push-title">
        <h2 id="push-title" className="section-title">
          {t('notifications.prefs.pushTitle')}
        </h2>
        <PushSwitch />
      </section>

      <section className="card" aria-labelledby="events-title">
        <h2 id="events-title" className="section-title">
          {t('notifications.prefs.eventsTitle')}
        </h2>
        <p className="card-meta">{t('notifications.prefs.inAppAlways')}</p>
        <div className="prefs-table">
          {NOTIFICATION_TYPES.map((type) => (
            <fieldset key={type} className="prefs-row">
              <legend>{t(`notifications.types.${type}`)}</legend>
              <div className="checks">
                <label className="check">
                  <input
                    type="checkbox"
                    checked={hasChannel(draft, type, 'push')}
                    onChange={(e) => toggle(type, 'push', e.target.checked)}
                  />
                  <span>{t('notifications.prefs.push')}</span>
                </label>
                {smsOffered(type) ? (
                  <label className="check">
                    <input
                      type="checkbox"
                      checked={hasChannel(draft, type, 'sms')}
                      onChange={(e) => toggle(type, 'sms', e.target.checked)}
                      aria-describedby="sms-hint"
                    />
                    <span>{t('notifications.prefs.sms')}</span>
                  </label>
                ) : null}
              </div>
            </fieldset>
          ))}
        </div>
        <p className="field-hint" id="sms-hint">
          {t('notifications.prefs.smsHint')}
        </p>
      </section>

      <section className="card" aria-labelledby="quiet-title">
        <h2 id="quiet-title" className="section-title">
          {t('notifications.prefs.quietTitle')}
        </h2>
        <label className="check">
          <input
            type="checkbox"
            checked={Boolean(quiet)}
            onChange={(e) => change({ ...draft, quietHours: e.target.checked ? { ...DEFAULT_QUIET } : null })}
          />
          <span>{t('notifications.prefs.quietOn')}</span>
        </label>
        {quiet ? (
          <div className="quiet-times">
            <div className="field">
              <label className="field-label" htmlFor="quiet-start">
                {t('notifications.prefs.quietStart')}
              </label>
              <input
                id="quiet-start"
                className="input"
                type="time"
                required
                value={quiet.start}
                onChange={(e) => change({ ...draft, quietHours: { ...quiet, start: e.target.value } })}
              />
            </div>
            <div className="field">
              <label className="field-label" htmlFor="quiet-end">
                {t('notifications.prefs.quietEnd')}
              </label>
              <input
                id="quiet-end"
                className="input"
                type="time"
                required
                value={quiet.end}
                onChange={(e) => change({ ...draft, quietHours: { ...quiet, end: e.target.value } })}
              />
            </div>
          </div>
        ) : null}
        <p className="field-hint">{t('notifications.prefs.quietHint')}</p>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.urgentThroughQuiet}
            disabled={!quiet}
            onChange={(e) => change({ ...draft, urgentThroughQuiet: e.target.checked })}
          />
          <span>{t('notifications.prefs.urgent')}</span>
        </label>
      </section>

      {save.isError ? <FieldError>{errorMessage(save.error, t)}</FieldError> : null}
      {save.isSuccess ? (
        <p className="notice notice-ok" role="status">
          {t('notifications.prefs.saved')}
        </p>
      ) : null}
      <Button type="submit" variant="primary" size="lg" block busy={save.isPending}>
        {t('notifications.prefs.save')}
      </Button>
    </form>
  );
}
