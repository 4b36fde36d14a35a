import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';
import { CopyButton } from './copy-button.tsx';

/**
 * A key or signing secret in the one answer that carries it: MedRelay keeps only a hash, so once this
 * box is closed (or the page reloaded) nobody can show it again — hence the warning and the focus.
 */
export function SecretOnce({
  title,
  secret,
  onDismiss,
}: {
  title: string;
  secret: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const box = useRef<HTMLElement>(null);
  useEffect(() => {
    box.current?.focus();
  }, []);
  return (
    <section ref={box} className="secret-once" aria-labelledby={`${id}-title`} tabIndex={-1}>
      <h3 id={`${id}-title`} className="secret-title">
        {title}
      </h3>
      <p className="secret-warning">{t('partner.secret.warning')}</p>
      <label className="visually-hidden" htmlFor={`${id}-value`}>
        {title}
      </label>
      <textarea
        id={`${id}-value`}
        className="input secret-value"
        readOnly
        rows={2}
        value={secret}
        spellCheck={false}
        onFocus={(e) => e.currentTarget.select()}
        data-testid="secret-value"
      />
      <div className="actions">
        <CopyButton text={secret} />
        <Button variant="ghost" size="sm" onClick={onDismiss}>
          {t('partner.secret.dismiss')}
        </Button>
      </div>
    </section>
  );
}
