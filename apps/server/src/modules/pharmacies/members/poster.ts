import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, rgb } from 'pdf-lib';
import QRCode from 'qrcode';

// Noto Sans SC (SIL OFL), the simplified-Chinese cut that @fontsource ships through npm: it holds
// the Chinese, Latin letters and digits the poster uses, so the PDF renders the same on any machine.
const FONT = createRequire(import.meta.url).resolve(
  '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
);
let fontBytes: Promise<Buffer> | undefined;

/** A4 in PDF points. */
export const A4 = { width: 595.28, height: 841.89 } as const;

export const POSTER_LINES = {
  headline: '扫码成为本店会员',
  steps: [
    '1. 用手机相机或微信扫一扫下面的二维码',
    '2. 登录余药互助（MedRelay），点“加入会员”',
    '3. 结账时出示会员码，积分、领券到店使用',
  ],
  footer: '余药互助 MedRelay · Scan to join as a member',
};

function centered(
  page: ReturnType<PDFDocument['addPage']>,
  text: string,
  font: PDFFont,
  size: number,
  y: number,
) {
  const width = font.widthOfTextAtSize(text, size);
  page.drawText(text, { x: (A4.width - width) / 2, y, size, font, color: rgb(0.1, 0.1, 0.1) });
}

// Shaping Chinese text with the full font takes seconds on a busy machine, and a poster changes only
// with the pharmacy's name: the last few are kept.
const made = new Map<string, Promise<Buffer>>();

/** The counter poster: the pharmacy's name, its join QR code and three short steps, on one A4 page. */
export function counterPoster(p: { pharmacyName: string; joinUrl: string }) {
  const key = `${p.pharmacyName}\n${p.joinUrl}`;
  let pdf = made.get(key);
  if (!pdf) {
    pdf = draw(p);
    pdf.catch(() => made.delete(key));
    made.set(key, pdf);
    if (made.size > 50) made.delete(made.keys().next().value as string);
  }
  return pdf;
}

async function draw(p: { pharmacyName: string; joinUrl: string }) {
  fontBytes ??= readFile(FONT);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${p.pharmacyName} 会员二维码`);
  doc.setCreator('MedRelay');
  const font = await doc.embedFont(await fontBytes, { subset: true });
  const page = doc.addPage([A4.width, A4.height]);
  page.drawRectangle({
    x: 0,
    y: A4.height - 120,
    width: A4.width,
    height: 120,
    color: rgb(0.05, 0.45, 0.38),
  });
  const name = p.pharmacyName;
  const nameWidth = font.widthOfTextAtSize(name, 30);
  page.drawText(name, {
    x: (A4.width - nameWidth) / 2,
    y: A4.height - 75,
    size: 30,
    font,
    color: rgb(1, 1, 1),
  });
  centered(page, POSTER_LINES.headline, font, 40, A4.height - 200);

  // The QR code as filled squares: sharp at any print size, no image decoder needed.
  const qr = QRCode.create(p.joinUrl, { errorCorrectionLevel: 'M' });
  const n = qr.modules.size;
  const side = 300;
  const cell = side / (n + 8);
  const left = (A4.width - side) / 2;
  const top = A4.height - 250;
  page.drawRectangle({ x: left, y: top - side, width: side, height: side, color: rgb(1, 1, 1) });
  for (let r = 0; r < n; r++) {
    for (let c = 0; c < n; c++) {
      if (!qr.modules.get(r, c)) continue;
      page.drawRectangle({
        x: left + (c + 4) * cell,
        y: top - (r + 5) * cell,
        width: cell,
        height: cell,
        color: rgb(0, 0, 0),
      });
    }
  }
  let y = top - side - 50;
  for (const line of POSTER_LINES.steps) {
    centered(page, line, font, 18, y);
    y -= 34;
  }
  centered(page, p.joinUrl, font, 10, y - 10);
  centered(page, POSTER_LINES.footer, font, 12, 40);
  // Plain objects (no object streams): simpler for printers' PDF readers.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
