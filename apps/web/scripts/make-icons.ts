/**
 * Draws the app's install icons (apps/web/public/icons/*.png) from favicon.svg in Chromium: the
 * manifest's 192 and 512 px icons, a maskable 512 px icon (full-bleed background, the cross inside the
 * centre 80 % "safe zone" a launcher may crop to a circle) and Apple's 180 px touch icon.
 * Run after changing favicon.svg: `npx tsx apps/web/scripts/make-icons.ts` (the PNGs are committed).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const publicDir = path.resolve(here, '../public');
const favicon = readFileSync(path.join(publicDir, 'favicon.svg'), 'utf8');
const CROSS = 'M27 14h10v13h13v10H37v13H27V37H14V27h13z';
const maskable = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0d5468"/><path d="${CROSS}" fill="#fff" transform="translate(32 32) scale(0.72) translate(-32 -32)"/></svg>`;
// Apple draws its own rounded corners on an opaque square.
const apple = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="#0d5468"/><path d="${CROSS}" fill="#fff" transform="translate(32 32) scale(0.85) translate(-32 -32)"/></svg>`;

const icons: [string, string, number][] = [
  ['icon-192.png', favicon, 192],
  ['icon-512.png', favicon, 512],
  ['maskable-512.png', maskable, 512],
  ['apple-touch-icon-180.png', apple, 180],
];

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu'],
});
try {
  for (const [name, svg, size] of icons) {
    const page = await browser.newPage({ viewport: { width: size, height: size }, deviceScaleFactor: 1 });
    const body = svg.replace('<svg ', `<svg width="${size}" height="${size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${body}</body></html>`);
    await page.screenshot({
      path: path.join(publicDir, 'icons', name),
      omitBackground: true,
      clip: { x: 0, y: 0, width: size, height: size },
    });
    await page.close();
    console.log(`icons/${name} ${size}×${size}`);
  }
} finally {
  await browser.close();
}
