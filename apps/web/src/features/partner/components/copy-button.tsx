import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';

/** Copies a text; where the clipboard is refused (some WebViews), says how to copy by hand. */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'copied' | 'failed'>();
  useEffect(() => {
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState(undefined), 3000);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  return (
    <span className="copy">
      <Button size="sm" onClick={() => void copy()}>
        {label ?? t('partner.copy')}
      </Button>
      <span role="status" className="copy-status">
        {state === 'copied' ? t('partner.copied') : state === 'failed' ? t('partner.copyFailed') : null}
      </span>
    </span>
  );
}
