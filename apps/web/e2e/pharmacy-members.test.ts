import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { creditCheckCharacter } from '../../server/src/modules/pharmacies/index.ts';
import {
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 12, members and coupons, in Chromium: a resident joins a pharmacy as a member and sees the
// card with its QR code; the pharmacy adds points by the typed member code, issues a coupon that
// the resident claims, and downloads the counter poster, which must be an A4 PDF that renders.

const OWNER = '13800138221';
const ADMIN = '13900139222';
const RESIDENT = '13700137223';
const NAME = '福田康民大药房';
const first17 = '91440304MA5F8K3Q2';

let server: Server;
let browser: Browser;
let owner: Page;
let resident: Page;
let ownerErrors: string[];
let residentErrors: string[];
let pharmacyId = '';
let memberCode = '';
let claimLink = '';
// Pixels of ink on a good render of this poster: the name's 7 characters about 1,600 white ones on the
// green header, the headline's 8 about 3,200 dark ones. A broken font (pdf-lib's subset once kept 1
// or 3 of them) draws a fraction of that.
const NAME_INK = 1000;
const HEADLINE_INK = 2200;

const call = (page: Page, method: string, url: string, body?: unknown) =>
  page.evaluate(
    async ([m, u, b]) => {
      const res = await fetch(u as string, {
        method: m as string,
        headers: { 'content-type': 'application/json' },
        body: b === undefined ? undefined : JSON.stringify(b),
      });
      return { status: res.status, json: (await res.json().catch(() => null)) as Record<string, unknown> };
    },
    [method, url, body] as const,
  );

beforeAll(async () => {
  server = await startServer();
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  browser = await launchBrowser();
  owner = await (await phoneContext(browser, server.base)).newPage();
  resident = await (await phoneContext(browser, server.base)).newPage();
  ownerErrors = watchErrors(owner);
  residentErrors = watchErrors(resident);

  // The pharmacy's application and approval are the first slice's test; here they are set-up.
  await loginInBrowser(owner, server.outbox, OWNER);
  const applied = await call(owner, 'POST', '/api/v1/pharmacies', {
    name: NAME,
    contactName: '王店长',
    contactPhone: '13900000223',
    creditCode: first17 + creditCheckCharacter(first17),
    licenceNumber: '粤DA030412345',
    address: '深圳市福田区福华路 100 号',
    location: { lat: 22.5405, lng: 114.0553 },
    hours: Array.from({ length: 7 }, () => [{ open: '08:00', close: '22:00' }]),
    services: ['medical_insurance'],
  });
  expect(applied.status, JSON.stringify(applied.json)).toBe(201);
  pharmacyId = applied.json.id as string;
  const admin = await (await phoneContext(browser, server.base)).newPage();
  await loginInBrowser(admin, server.outbox, ADMIN);
  const decided = await call(admin, 'POST', `/api/v1/admin/partners/${pharmacyId}/decision`, {
    decision: 'approved',
  });
  expect(decided.status).toBe(200);
  await admin.close();

  await loginInBrowser(resident, server.outbox, RESIDENT);
  const verified = await call(resident, 'POST', '/api/v1/me/verification', {
    name: '张三',
    idNumber: idNumber('440304', '19880808', '456'),
  });
  expect(verified.status).toBe(200);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pharmacy members and coupons in a phone-sized Chromium', () => {
  test('a resident opens the join link, joins, and sees the member card with its QR code', async () => {
    await resident.goto(`/pharmacies/${pharmacyId}/join`);
    await resident.getByRole('heading', { name: `${NAME} 会员卡` }).waitFor();
    await expectAccessible(resident, 'join page');
    await resident.getByRole('button', { name: '加入会员' }).click();
    const code = resident.locator('.member-card .member-code');
    await code.waitFor();
    memberCode = ((await code.textContent()) ?? '').trim();
    expect(memberCode).toMatch(/^M\d{9}$/);
    // The QR code and the barcode are drawn (SVG with content), each named for screen readers.
    const qr = resident.getByRole('img', { name: `会员码二维码：${memberCode}` });
    await qr.locator('svg path').first().waitFor();
    const bars = resident.getByRole('img', { name: `会员码条形码：${memberCode}` });
    expect(await bars.locator('rect').count()).toBeGreaterThan(10);
    await resident.getByText('还没有积分记录。').waitFor();
    await screenshot(resident, 'pharmacy-member-card');
    await expectAccessible(resident, 'member card');
  });

  test('the pharmacy adds points by the typed member code; the card shows them', async () => {
    await owner.goto(`/partner/${pharmacyId}`);
    await owner.getByRole('heading', { name: '柜台扫码' }).waitFor();
    await owner.getByLabel('扫码或输入码').fill(memberCode.toLowerCase());
    await owner.getByRole('button', { name: '识别' }).click();
    await owner.getByText(`会员 ${memberCode}，积分`).waitFor();
    await owner.getByLabel('积分数').fill('20');
    await owner.getByLabel('原因').fill('购药积分');
    await owner.getByRole('button', { name: '加积分' }).click();
    await owner.getByText('已记录，当前积分 20').waitFor();
    await owner.evaluate(() => {
      document.getElementById('counter-title')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await screenshot(owner, 'pharmacy-counter');
    await expectAccessible(owner, 'pharmacy counter');

    // The pharmacy's own page leads to the card.
    await resident.goto(`/pharmacies/${pharmacyId}`);
    await resident.getByRole('link', { name: /会员卡：扫码即会员/ }).click();
    await resident.getByLabel('积分余额').getByText('20').waitFor();
    await resident.getByText('购药积分').waitFor();
  });

  test('the pharmacy issues a coupon; the resident claims it by the link and sees its code', async () => {
    await owner.getByLabel('券名称').fill('满30减5');
    await owner.getByLabel('减多少元').fill('5');
    await owner.getByLabel('最低消费（元，0 为无门槛）').fill('30');
    await owner.getByLabel('发放数量').fill('50');
    await owner.getByRole('button', { name: '发券' }).click();
    const link = owner.getByLabel('「满30减5」领取链接');
    await link.waitFor();
    claimLink = await link.inputValue();
    expect(claimLink).toContain(`/pharmacies/${pharmacyId}/coupons/`);
    await owner.getByText('已领 0 · 已用 0 · 剩余 50').waitFor();
    await owner.evaluate(() => {
      document.getElementById('coupons-title')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await screenshot(owner, 'pharmacy-coupons');
    await expectAccessible(owner, 'pharmacy coupons');

    await resident.goto(new URL(claimLink).pathname);
    await resident.getByRole('heading', { name: '领取优惠券' }).waitFor();
    await resident.getByText('立减 5 元').waitFor();
    await expectAccessible(resident, 'coupon page');
    await resident.getByRole('button', { name: '领取', exact: true }).click();
    await resident.getByText('领取成功').waitFor();
    const couponCode = ((await resident.getByLabel('券码').textContent()) ?? '').trim();
    expect(couponCode).toMatch(/^C\d{9}$/);
    await screenshot(resident, 'pharmacy-coupon');
    await expectAccessible(resident, 'coupon claimed');

    // At the counter the coupon code is recognised and used once.
    await owner.getByLabel('扫码或输入码').fill(couponCode);
    await owner.getByRole('button', { name: '识别' }).click();
    await owner.getByText('优惠券：满30减5').waitFor();
    await owner.getByLabel('本次消费金额（元，可不填）').fill('35');
    await owner.getByRole('button', { name: '核销优惠券' }).click();
    await owner.getByText('已核销，减 5 元').waitFor();
    await resident.goto(`/pharmacies/${pharmacyId}/member`);
    await resident.getByText('已使用').waitFor();
  });

  test('the pharmacy downloads the counter poster: an A4 PDF with the Chinese text that renders', async () => {
    await owner.getByRole('heading', { name: '柜台海报' }).scrollIntoViewIfNeeded();
    const [download] = await Promise.all([
      owner.waitForEvent('download', { timeout: 200_000 }),
      owner.getByRole('link', { name: '下载海报（PDF）' }).click(),
    ]);
    const file = await download.path();
    const original = await readFile(file);
    const bytes = new Uint8Array(original);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const standardFontDataUrl = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;
    const doc = await pdfjs.getDocument({ data: bytes, standardFontDataUrl }).promise;
    expect(doc.numPages).toBe(1);
    const page = await doc.getPage(1);
    expect(page.view.map(Math.round)).toEqual([0, 0, 595, 842]);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain(NAME);
    expect(text).toContain('扫码成为本店会员');
    // It renders: PDF.js draws the page in Chromium onto a canvas, Chinese glyphs from the embedded
    // font included (a missing font would draw nothing where the headline is).
    const viewer = await owner.context().newPage();
    const lib = createRequire(import.meta.url).resolve('pdfjs-dist/build/pdf.min.mjs');
    // A page of its own (served by the test, not the app) that loads PDF.js and the poster.
    const files: Record<string, [string, Buffer]> = {
      '/pdf.min.mjs': ['text/javascript', await readFile(lib)],
      '/pdf.worker.min.mjs': [
        'text/javascript',
        await readFile(lib.replace('pdf.min.mjs', 'pdf.worker.min.mjs')),
      ],
      '/poster.pdf': ['application/pdf', original],
      '/': [
        'text/html',
        Buffer.from(`<!doctype html><html lang="zh-CN"><title>poster</title><body style="margin:0">
<canvas id="c" style="width:100%"></canvas>
<script type="module">
import * as pdfjsLib from '/pdf.min.mjs';
pdfjsLib.GlobalWorkerOptions.workerSrc = '/pdf.worker.min.mjs';
const pdf = await pdfjsLib.getDocument('/poster.pdf').promise;
const page = await pdf.getPage(1);
const viewport = page.getViewport({ scale: 1 });
const canvas = document.getElementById('c');
canvas.width = viewport.width;
canvas.height = viewport.height;
const ctx = canvas.getContext('2d');
await page.render({ canvasContext: ctx, canvas, viewport }).promise;
// Ink where the text is: white on the green header (the name), dark in the headline's band.
const count = (y, h, test) => {
  const px = ctx.getImageData(0, y, canvas.width, h).data;
  let n = 0;
  for (let i = 0; i < px.length; i += 4) if (test(px[i], px[i + 1], px[i + 2])) n++;
  return n;
};
document.body.dataset.name = String(count(30, 70, (r, g, b) => r > 200 && g > 200 && b > 200));
document.body.dataset.ink = String(count(150, 80, (r) => r < 100));
</script>`),
      ],
    };
    await viewer.route('http://poster.test/**', (route) => {
      const found = files[new URL(route.request().url()).pathname];
      return found
        ? route.fulfill({ status: 200, contentType: found[0], body: found[1] })
        : route.fulfill({ status: 404, body: '' });
    });
    await viewer.setViewportSize({ width: 595, height: 842 });
    await viewer.goto('http://poster.test/');
    await viewer.waitForFunction(() => document.body.dataset.ink !== undefined, null, { timeout: 60_000 });
    const { name, ink } = await viewer.evaluate(() => ({
      name: Number(document.body.dataset.name),
      ink: Number(document.body.dataset.ink),
    }));
    expect(name, 'the pharmacy name is drawn').toBeGreaterThan(NAME_INK);
    expect(ink, 'the headline is drawn').toBeGreaterThan(HEADLINE_INK);
    await screenshot(viewer, 'pharmacy-poster');
    await viewer.close();

    await owner.locator('.figures').getByText('会员').first().waitFor();
    // Members 1, coupons claimed 1 and used 1 from the steps above.
    expect(await owner.locator('.figures').textContent()).toMatch(/会员1.*领券1用券1/);
    await owner.evaluate(() => {
      document.getElementById('figures-title')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await screenshot(owner, 'pharmacy-figures');
    await expectAccessible(owner, 'pharmacy figures');
    expect(ownerErrors).toEqual([]);
    expect(residentErrors).toEqual([]);
  }, 300_000);
});
