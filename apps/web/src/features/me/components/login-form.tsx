import { isMainlandMobile, normalizePhone } from '@medrelay/contracts/rules';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError, PhoneInput } from '../../../components/ui/field.tsx';
import { ApiError } from '../../../lib/api-client.ts';
import { errorMessage } from '../../../lib/errors.ts';
import { useLogin } from '../api/login.ts';
import { useSendCode } from '../api/send-code.ts';
import './login-form.css';

/** Phone + one-time code. The resend button counts down the server's Retry-After. */
export function LoginForm({ intro }: { intro?: string }) {
  const { t } = useTranslation();
  const headingId = useId();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [phoneError, setPhoneError] = useState<string>();
  const [codeError, setCodeError] = useState<string>();
  const [sentTo, setSentTo] = useState<string>();
  const [waitUntil, setWaitUntil] = useState(0);
  const [now, setNow] = useState(Date.now());
  const send = useSendCode();
  const login = useLogin();
  const secondsLeft = Math.max(0, Math.ceil((waitUntil - now) / 1000));

  useEffect(() => {
    if (waitUntil <= Date.now()) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [waitUntil]);

  const requestCode = () => {
    setPhoneError(undefined);
    if (!isMainlandMobile(phone)) {
      setPhoneError(t('login.phoneInvalid'));
      return;
    }
    const normalized = normalizePhone(phone);
    send.mutate(normalized, {
      onSuccess: (res) => {
        setSentTo(normalized);
        setNow(Date.now());
        setWaitUntil(Date.now() + res.retryAfterSeconds * 1000);
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'sms_too_soon') {
          setSentTo(normalized);
          setNow(Date.now());
          setWaitUntil(Date.now() + (err.retryAfter ?? 60) * 1000);
        }
        setPhoneError(errorMessage(err, t));
      },
    });
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setCodeError(undefined);
    if (!sentTo) {
      requestCode();
      return;
    }
    if (!/^\d{6}$/.test(code.trim())) {
      setCodeError(t('login.codeInvalid'));
      return;
    }
    login.mutate(
      { phone: sentTo, code: code.trim() },
      { onError: (err) => setCodeError(errorMessage(err, t)) },
    );
  };

  return (
    <section className="card login" aria-labelledby={headingId}>
      <h2 id={headingId} className="section-title">
        {t('login.title')}
      </h2>
      {intro ? <p className="muted">{intro}</p> : null}
      <form onSubmit={submit} noValidate>
        <Field label={t('login.phone')} error={phoneError} hint={t('login.phoneHint')}>
          {({ id, describedBy, invalid }) => (
            <div className="input-row">
              <PhoneInput ids={{ id, describedBy, invalid }} name="phone" value={phone} onChange={setPhone} />
              <Button
                onClick={requestCode}
                busy={send.isPending}
                disabled={secondsLeft > 0}
                className="send-code"
              >
                {secondsLeft > 0
                  ? t('login.resendIn', { seconds: secondsLeft })
                  : sentTo
                    ? t('login.resend')
                    : t('login.sendCode')}
              </Button>
            </div>
          )}
        </Field>
        {sentTo && !phoneError ? (
          <p className="notice notice-ok" role="status">
            {t('login.codeSent')}
          </p>
        ) : null}
        <Field label={t('login.code')} error={codeError}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              name="code"
              className="input input-code"
              type="text"
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={6}
              value={code}
              aria-describedby={describedBy}
              aria-invalid={invalid || undefined}
              onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            />
          )}
        </Field>
        <Button type="submit" variant="primary" block size="lg" busy={login.isPending} disabled={!sentTo}>
          {t('login.submit')}
        </Button>
        {login.isError && !codeError ? <FieldError>{errorMessage(login.error, t)}</FieldError> : null}
      </form>
      <p className="fine-print">{t('login.privacy')}</p>
      <p className="fine-print">{t('login.agreement')}</p>
      <nav className="legal-links" aria-label={t('login.legalLinks')}>
        <Link to="/terms">{t('login.terms')}</Link>
        <Link to="/privacy">{t('login.privacyNotice')}</Link>
      </nav>
    </section>
  );
}
