import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';

/** The system share sheet where there is one (WeChat, mobile browsers), else copy the link. */
export function ShareButton({ title }: { title: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState<'ok' | 'failed'>();
  const url = window.location.href;
  const share = async () => {
    if (navigator.share) {
      try {
        await navigator.share({ title, url });
        return;
      } catch (err) {
        if ((err as Error).name === 'AbortError') return;
      }
    }
    try {
      await navigator.clipboard.writeText(url);
      setCopied('ok');
    } catch {
      setCopied('failed');
    }
  };
  return (
    <div className="share">
      <Button onClick={() => void share()}>{t('detail.share')}</Button>
      <span role="status" className="share-status">
        {copied === 'ok' ? t('detail.linkCopied') : null}
      </span>
      {copied === 'failed' ? (
        <label className="share-fallback">
          <span className="field-label">{t('detail.copyLink')}</span>
          <input className="input" readOnly value={url} onFocus={(e) => e.currentTarget.select()} />
        </label>
      ) : null}
    </div>
  );
}
