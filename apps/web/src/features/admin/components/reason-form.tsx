import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { Field, FieldError } from '../../../components/ui/field.tsx';
import { errorMessage } from '../../../lib/errors.ts';
import { REMOVAL_REASONS, type RemovalReason } from '../api/types.ts';
import { reasonLabel } from '../labels.ts';

/**
 * The second step of a removal or a ban: a reason from the list (the poster sees it), for a removal an
 * optional note for the audit log, and for a ban a plain statement of what it does before it is done.
 */
export function ReasonForm({
  mode,
  busy,
  error,
  onSubmit,
  onCancel,
  confirmLabel,
  children,
}: {
  mode: 'remove' | 'ban';
  busy: boolean;
  error: unknown;
  onSubmit: (reason: RemovalReason, note?: string) => void;
  onCancel: () => void;
  /** The confirm button's words when they differ from 确认移除 / 确认封禁 (a bulk removal). */
  confirmLabel?: string;
  /** More choices shown above the buttons (a bulk removal's "also ban"). */
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState<RemovalReason | ''>('');
  const [note, setNote] = useState('');
  const [missing, setMissing] = useState(false);
  const first = useRef<HTMLSelectElement>(null);

  useEffect(() => first.current?.focus(), []);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setMissing(true);
      first.current?.focus();
      return;
    }
    onSubmit(reason, note.trim() || undefined);
  };

  const ban = mode === 'ban';
  return (
    <form className={`reason-form${ban ? ' reason-form-ban' : ''}`} onSubmit={submit} noValidate>
      {ban ? <p className="notice notice-error">{t('admin.decide.banWarning')}</p> : null}
      <Field
        label={ban ? t('admin.decide.banReason') : t('admin.decide.removeReason')}
        error={missing && !reason ? t('admin.decide.reasonRequired') : undefined}
      >
        {({ id, describedBy, invalid }) => (
          <select
            id={id}
            ref={first}
            className="select"
            value={reason}
            required
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            onChange={(e) => setReason(e.target.value as RemovalReason)}
          >
            <option value="" disabled>
              {t('admin.decide.chooseReason')}
            </option>
            {REMOVAL_REASONS.map((r) => (
              <option key={r} value={r}>
                {reasonLabel(t, r)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {ban ? null : (
        <Field label={t('admin.decide.note')} hint={t('admin.decide.noteHint')}>
          {({ id, describedBy }) => (
            <textarea
              id={id}
              className="input textarea"
              rows={2}
              maxLength={200}
              value={note}
              aria-describedby={describedBy}
              onChange={(e) => setNote(e.target.value)}
            />
          )}
        </Field>
      )}
      {children}
      <div className="actions">
        <Button type="submit" variant="danger" busy={busy}>
          {confirmLabel ?? (ban ? t('admin.decide.confirmBan') : t('admin.decide.confirmRemove'))}
        </Button>
        <Button variant="ghost" onClick={onCancel} disabled={busy}>
          {t('actions.cancel')}
        </Button>
      </div>
      {error ? <FieldError>{errorMessage(error, t)}</FieldError> : null}
    </form>
  );
}
