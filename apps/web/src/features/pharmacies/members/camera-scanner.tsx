import type { IScannerControls } from '@zxing/browser';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/ui/button.tsx';

/**
 * The phone's back camera reading QR codes and barcodes (ZXing, loaded only when the camera is
 * opened). Typing the code stays beside it: a camera can be missing, refused or too dim.
 */
export function CameraScanner({ onCode }: { onCode: (code: string) => void }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);
  const done = useRef(onCode);
  done.current = onCode;

  useEffect(() => {
    if (!open || !video.current) return;
    let controls: IScannerControls | undefined;
    let stopped = false;
    (async () => {
      try {
        const { BrowserMultiFormatReader } = await import('@zxing/browser');
        const reader = new BrowserMultiFormatReader();
        controls = await reader.decodeFromConstraints(
          { video: { facingMode: 'environment' } },
          video.current ?? undefined,
          (result, _err, c) => {
            if (!result || stopped) return;
            stopped = true;
            c.stop();
            setOpen(false);
            done.current(result.getText());
          },
        );
        if (stopped) controls.stop();
      } catch {
        setFailed(true);
        setOpen(false);
      }
    })();
    return () => {
      stopped = true;
      controls?.stop();
    };
  }, [open]);

  return (
    <div className="camera-scanner">
      {open ? (
        <>
          <video
            ref={video}
            className="camera-video"
            muted
            playsInline
            aria-label={t('pharmacyMembers.camera')}
          />
          <Button size="sm" variant="ghost" onClick={() => setOpen(false)}>
            {t('pharmacyMembers.closeCamera')}
          </Button>
        </>
      ) : (
        <Button
          size="sm"
          onClick={() => {
            setFailed(false);
            setOpen(true);
          }}
        >
          {t('pharmacyMembers.openCamera')}
        </Button>
      )}
      {failed ? (
        <p className="muted" role="status">
          {t('pharmacyMembers.cameraFailed')}
        </p>
      ) : null}
    </div>
  );
}
