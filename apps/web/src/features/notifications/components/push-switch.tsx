import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { disablePush, enablePush, pushSupported } from '../../../lib/push.ts';

type State = 'idle' | 'busy' | 'on' | 'off';

/** Browser push for this device: the push toggles below only reach a device that has enabled it. */
export function PushSwitch() {
  const { t } = useTranslation();
  const supported = pushSupported();
  const permission = typeof Notification === 'undefined' ? 'default' : Notification.permission;
  const [state, setState] = useState<State>('idle');
  const [error, setError] = useState<unknown>();
  if (!supported) return <p className="card-meta">{t('notifications.prefs.pushUnsupported')}</p>;
  const run = async (on: boolean) => {
    setState('busy');
    setError(undefined);
    try {
      const result = on ? await enablePush() : await disablePush();
      setState(on && result === false ? 'off' : on ? 'on' : 'off');
    } catch (err) {
      setError(err);
      setState('idle');
    }
  };
  const denied = permission === 'denied' || (state === 'off' && Notification.permission === 'denied');
  return (
    <div className="push-switch">
      <p className="card-meta" role="status">
        {denied
          ? t('notifications.prefs.pushDenied')
          : state === 'on'
            ? t('notifications.prefs.pushOn')
            : state === 'off'
              ? t('notifications.prefs.pushOff')
              : t('notifications.prefs.pushHint')}
      </p>
      <div className="actions">
        <Button
          variant="primary"
          size="sm"
          busy={state === 'busy'}
          disabled={denied}
          onClick={() => run(true)}
        >
          {t('notifications.prefs.pushEnable')}
        </Button>
        {state === 'on' || permission === 'granted' ? (
          <Button variant="ghost" size="sm" onClick={() => run(false)}>
            {t('notifications.prefs.pushDisable')}
          </Button>
        ) : null}
      </div>
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </div>
  );
}
