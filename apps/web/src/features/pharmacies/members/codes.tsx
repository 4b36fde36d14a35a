import JsBarcode from 'jsbarcode';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';

/** A QR code drawn as an SVG (sharp on any screen, bright enough for a till's scanner). */
export function QrImage({ value, label, size = 200 }: { value: string; label: string; size?: number }) {
  const [svg, setSvg] = useState('');
  useEffect(() => {
    let live = true;
    QRCode.toString(value, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }).then((s) => {
      if (live) setSvg(s);
    });
    return () => {
      live = false;
    };
  }, [value]);
  return (
    <div
      className="code-qr"
      role="img"
      aria-label={label}
      style={{ width: size, height: size }}
      // The SVG comes from the qrcode library for our own code, not from user input.
      dangerouslySetInnerHTML={{ __html: svg }}
    />
  );
}

/** A CODE128 barcode for tills with a line scanner. */
export function Barcode({ value, label }: { value: string; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current)
      JsBarcode(ref.current, value, { format: 'CODE128', displayValue: false, height: 64, margin: 8 });
  }, [value]);
  return <svg ref={ref} className="code-bar" role="img" aria-label={label} />;
}
