import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { inflateSync } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, type PDFFont, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';

// Noto Sans SC (SIL OFL), the simplified-Chinese cut that @fontsource ships through npm: it holds
// the Chinese, Latin letters and digits the poster uses, so the PDF renders the same on any machine.
const FONT = createRequire(import.meta.url).resolve(
  '@fontsource/noto-sans-sc/files/noto-sans-sc-chinese-simplified-400-normal.woff',
);
let fontBytes: Promise<Buffer> | undefined;

/**
 * WOFF 1.0 back to the TrueType file it wraps (W3C WOFF: each table zlib-compressed unless it would
 * not shrink). PDF readers take TrueType, not WOFF, and the whole font is embedded: pdf-lib's
 * subsetting drops composite glyphs, which most Chinese characters of this font are.
 */
export function woffToTtf(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') throw new Error('not a WOFF font');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const raw = woff.subarray(offset, offset + compLength);
    return {
      tag: woff.subarray(at, at + 4),
      checksum: woff.readUInt32BE(at + 16),
      data: compLength < origLength ? inflateSync(raw) : raw,
    };
  });
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(searchRange, 6);
  head.writeUInt16BE(entrySelector, 8);
  head.writeUInt16BE(numTables * 16 - searchRange, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    t.tag.copy(head, at);
    head.writeUInt32BE(t.checksum, at + 4);
    head.writeUInt32BE(offset, at + 8);
    head.writeUInt32BE(t.data.length, at + 12);
    const padded = Buffer.alloc((t.data.length + 3) & ~3);
    t.data.copy(padded);
    parts.push(padded);
    offset += padded.length;
  });
  return Buffer.concat(parts);
}

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
  fontBytes ??= readFile(FONT).then(woffToTtf);
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  doc.setTitle(`${p.pharmacyName} 会员二维码`);
  doc.setCreator('MedRelay');
  const font = await doc.embedFont(await fontBytes, { subset: false });
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
  // The link in Helvetica: ASCII only, and this cut of Noto Sans SC sets its digits wide.
  centered(page, p.joinUrl, await doc.embedFont(StandardFonts.Helvetica), 10, y - 10);
  centered(page, POSTER_LINES.footer, font, 12, 40);
  // Plain objects (no object streams): simpler for printers' PDF readers.
  return Buffer.from(await doc.save({ useObjectStreams: false }));
}
