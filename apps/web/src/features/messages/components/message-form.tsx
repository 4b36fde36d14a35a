import { MESSAGE_MAX_LENGTH } from '@medrelay/contracts/rules';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import '../messages.css';

export function MessageForm({
  label,
  onSend,
  busy,
  error,
}: {
  label: string;
  onSend: (text: string, done: () => void) => void;
  busy: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim()) onSend(text.trim(), () => setText(''));
  };
  return (
    <form className="message-form" onSubmit={submit}>
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <textarea
        id={id}
        className="input textarea"
        rows={3}
        maxLength={MESSAGE_MAX_LENGTH}
        value={text}
        onChange={(e) => setText(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="field-hint">
        {t('messages.hint', { count: text.length, max: MESSAGE_MAX_LENGTH })}
      </p>
      <Button type="submit" variant="primary" busy={busy} disabled={!text.trim()}>
        {t('messages.send')}
      </Button>
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </form>
  );
}
