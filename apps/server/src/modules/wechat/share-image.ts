import { deflateSync } from 'node:zlib';

export type ShareImageKind = 'need' | 'offer' | 'square';

// Colours of the web app's kinds: a need is warm, an offer green, the square blue.
const PALETTE: Record<ShareImageKind, { bg: [number, number, number]; fg: [number, number, number] }> = {
  need: { bg: [232, 89, 12], fg: [255, 244, 230] },
  offer: { bg: [47, 158, 68], fg: [235, 251, 238] },
  square: { bg: [25, 113, 194], fg: [231, 245, 255] },
};

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/**
 * The share card's picture for a kind of post (or the square), 1200×630 as Open Graph expects:
 * the kind's colour, a white card, a capsule, and a sign (a plus for an offer, an exclamation mark
 * for a need, a grid of dots for the square). Drawn as pixels and encoded as PNG here, so no
 * renderer or font is needed; the same bytes every time, cached by the caller. No text: the card's
 * title says what it is, in the reader's language.
 */
export function renderShareImage(kind: ShareImageKind, width = 1200, height = 630): Buffer {
  const { bg, fg } = PALETTE[kind];
  const white: [number, number, number] = [255, 255, 255];
  const px = Buffer.alloc((width * 3 + 1) * height);
  const cx = width / 2;
  const cy = height / 2;
  const inRoundRect = (x: number, y: number, x0: number, y0: number, x1: number, y1: number, r: number) => {
    if (x < x0 || x > x1 || y < y0 || y > y1) return false;
    const dx = Math.max(x0 + r - x, 0, x - (x1 - r));
    const dy = Math.max(y0 + r - y, 0, y - (y1 - r));
    return dx * dx + dy * dy <= r * r;
  };
  for (let y = 0; y < height; y++) {
    const row = y * (width * 3 + 1);
    px[row] = 0;
    for (let x = 0; x < width; x++) {
      let c = bg;
      if (inRoundRect(x, y, 120, 90, width - 120, height - 90, 48)) {
        c = white;
        // The capsule: left half the kind's colour, right half pale, with a white seam.
        if (inRoundRect(x, y, cx - 330, cy - 80, cx + 70, cy + 80, 80)) c = x < cx - 130 ? bg : fg;
        if (Math.abs(x - (cx - 130)) < 4 && Math.abs(y - cy) < 80) c = white;
        // The sign beside it.
        const sx = x - (cx + 230);
        const sy = y - cy;
        if (sx * sx + sy * sy <= 110 * 110) {
          c = bg;
          const inSign =
            kind === 'offer'
              ? (Math.abs(sx) < 16 && Math.abs(sy) < 70) || (Math.abs(sy) < 16 && Math.abs(sx) < 70)
              : kind === 'need'
                ? (Math.abs(sx) < 16 && sy > -75 && sy < 25) || sx * sx + (sy - 58) * (sy - 58) < 18 * 18
                : [-45, 0, 45].some((gx) =>
                    [-45, 0, 45].some((gy) => (sx - gx) ** 2 + (sy - gy) ** 2 < 15 * 15),
                  );
          if (inSign) c = white;
        }
      }
      const o = row + 1 + x * 3;
      px[o] = c[0];
      px[o + 1] = c[1];
      px[o + 2] = c[2];
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour RGB
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(px, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
