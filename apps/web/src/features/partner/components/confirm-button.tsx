import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';

/**
 * A destructive action in two taps, asked in place: a dialog would cover the key it is about, and
 * window.confirm is blocked in some WebViews.
 */
export function ConfirmButton({
  label,
  question,
  confirmLabel,
  onConfirm,
  busy,
}: {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  busy?: boolean;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const group = useRef<HTMLFieldSetElement>(null);
  useEffect(() => {
    if (asking) group.current?.querySelector('button')?.focus();
  }, [asking]);
  if (!asking)
    return (
      <Button size="sm" onClick={() => setAsking(true)}>
        {label}
      </Button>
    );
  return (
    <fieldset ref={group} className="confirm">
      <legend className="confirm-question">{question}</legend>
      <div className="actions">
        <Button size="sm" variant="danger" busy={busy} onClick={onConfirm}>
          {confirmLabel}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setAsking(false)}>
          {t('partner.cancel')}
        </Button>
      </div>
    </fieldset>
  );
}
