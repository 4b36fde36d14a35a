import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { creditCheckCharacter } from '../../server/src/modules/pharmacies/index.ts';
import {
  apiSession,
  codeFromOutbox,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  NANSHAN,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 13, the health record in Chromium: a resident consents, records a fever and SpO2, adds a
// compound cold medicine and acetaminophen tablets and is warned of the duplicate ingredient; shares
// the record with a pharmacy, whose pharmacist (a second browser context) sees it; the resident sees
// the read in the log.

const OWNER = '13800138131';
const ADMIN = '13900139132';
const PHARMACIST = '13600136133';
const RESIDENT = '13700137134';
const NAME = '南山康宁大药房';
const first17 = '91440305MA5F8K3Q2';

let server: Server;
let browser: Browser;
let residentContext: BrowserContext;
let pharmacistContext: BrowserContext;
let resident: Page;
let pharmacist: Page;
let errors: string[];
let pharmacyId = '';

beforeAll(async () => {
  server = await startServer();
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  const owner = await apiSession(server, OWNER);
  const admin = await apiSession(server, ADMIN);
  // The pharmacist has an account (they log in by the UI below); the owner adds them by phone.
  await running.accounts.findOrCreate(PHARMACIST);
  const day = [{ open: '00:00', close: '24:00' }];
  const applied = await owner('POST', '/pharmacies', {
    name: NAME,
    contactName: '陈店长',
    contactPhone: '13900000131',
    creditCode: first17 + creditCheckCharacter(first17),
    licenceNumber: '粤DA030554321',
    address: '深圳市南山区南海大道 2001 号',
    location: { lat: NANSHAN.latitude, lng: NANSHAN.longitude },
    hours: [day, day, day, day, day, day, day],
    services: [],
  });
  pharmacyId = applied.id as string;
  await admin('POST', `/admin/partners/${pharmacyId}/decision`, { decision: 'approved' });
  await owner('POST', `/partners/${pharmacyId}/pharmacy/pharmacists`, {
    phone: PHARMACIST,
    certificateNumber: 'ZY44030554321',
  });
  browser = await launchBrowser();
  residentContext = await phoneContext(browser, server.base);
  pharmacistContext = await phoneContext(browser, server.base);
  resident = await residentContext.newPage();
  pharmacist = await pharmacistContext.newPage();
  errors = watchErrors(resident);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the health record in a phone-sized Chromium', () => {
  test('a resident consents separately, then records a fever and SpO2', async () => {
    await loginInBrowser(resident, server.outbox, RESIDENT);
    await resident.goto('/care');
    await resident.getByRole('heading', { name: '记录健康信息前，请单独同意' }).waitFor();
    await expectAccessible(resident, 'health consent');
    await screenshot(resident, 'care-consent');
    await resident.getByRole('button', { name: '我已阅读，同意保存我的健康信息' }).click();

    await resident.getByRole('heading', { name: '记录测量' }).waitFor();
    await resident.getByLabel('体温（℃）').fill('60');
    await resident.getByRole('button', { name: '保存' }).click();
    // An impossible reading is refused in words, and nothing is kept.
    await resident.getByText('这个测量值不可能出现').waitFor();
    await resident.getByLabel('体温（℃）').fill('39.2');
    await resident.getByRole('button', { name: '保存' }).click();
    await resident.getByText('39.2 ℃').first().waitFor();
    await resident.getByText('体温 ≥ 39 ℃').waitFor();
    await resident.getByLabel('测量项目').selectOption('spo2');
    await resident.getByLabel('血氧饱和度（%）').fill('95');
    await resident.getByRole('button', { name: '保存' }).click();
    await resident.getByText('95%').first().waitFor();
    await resident.getByText('血氧趋势（近 30 天）').waitFor();
    await resident.getByLabel('选择疾病').selectOption('hypertension');
    await resident.getByRole('button', { name: '添加' }).first().click();
    await resident.getByText('高血压').first().waitFor();
    await expectAccessible(resident, 'health record');
    await screenshot(resident, 'care-record');
  });

  test('a compound cold medicine and acetaminophen tablets: the duplicate-ingredient warning', async () => {
    const search = resident.getByLabel('从药品目录选择');
    await search.fill('感冒灵');
    await resident.getByRole('button', { name: /感冒灵颗粒/ }).click();
    await resident.getByRole('button', { name: '删除 感冒灵颗粒' }).waitFor();
    await search.fill('对乙酰氨基酚片');
    await resident.getByRole('button', { name: /^对乙酰氨基酚片/ }).click();
    await resident.getByRole('button', { name: '删除 对乙酰氨基酚片' }).waitFor();
    await resident
      .getByRole('listitem')
      .filter({ hasText: '对乙酰氨基酚片' })
      .getByRole('link', { name: '用药指导' })
      .click();
    await resident.getByRole('heading', { name: '对乙酰氨基酚片' }).waitFor();
    const warning = resident.getByRole('alert').filter({ hasText: '重复成分' });
    await expect(warning.textContent()).resolves.toContain('感冒灵颗粒 也含有对乙酰氨基酚');
    await resident.getByText('两次间隔至少 4 小时').waitFor();
    await resident.getByText('24 小时内最多 4 次').waitFor();
    await resident.getByRole('link', { name: '拨打 120' }).waitFor();
    await expectAccessible(resident, 'medication guidance');
    await screenshot(resident, 'care-guidance-duplicate');
  });

  test('the resident shares with the pharmacy; its pharmacist sees the record; the read is in the log', async () => {
    // From the Me page to the record, then to shares, choosing the pharmacy among those nearby.
    await resident.goto('/me');
    await resident.getByRole('link', { name: '健康档案与用药指导' }).click();
    await resident.getByRole('link', { name: '共享与查阅记录' }).click();
    await resident.getByRole('button', { name: '查找附近药店' }).click();
    await resident.getByRole('button', { name: `选择 ${NAME}` }).click();
    await resident.waitForURL(new RegExp(`pharmacy=${pharmacyId}`));
    await resident.getByRole('heading', { name: `药店: ${NAME}` }).waitFor();
    await resident.getByRole('button', { name: '共享', exact: true }).click();
    await resident.getByText('生效中').waitFor();
    // The form closes; the nearby pharmacies are back for another share.
    await resident.getByRole('button', { name: `选择 ${NAME}` }).waitFor();
    await expectAccessible(resident, 'health shares');
    await screenshot(resident, 'care-shares');

    await loginInBrowser(pharmacist, server.outbox, PHARMACIST);
    await pharmacist.goto('/care');
    await pharmacist.getByRole('link', { name: '慢病随访（药师）' }).click();
    await pharmacist.getByText(NAME).waitFor();
    const card = pharmacist.getByRole('listitem').filter({ hasText: '137****7134' });
    await card.getByText('高血压').waitFor();
    await expectAccessible(pharmacist, 'follow-up list');
    await card.getByRole('button', { name: /查看/ }).click();
    await pharmacist.getByText('感冒灵颗粒、对乙酰氨基酚片').waitFor();
    await pharmacist.getByText('体温趋势（近 90 天）').waitFor();
    await pharmacist.getByLabel('随访间隔（天）').fill('14');
    await pharmacist.getByRole('button', { name: '保存随访计划' }).click();
    await pharmacist.getByText('每 14 天随访一次').waitFor();
    await pharmacist.getByLabel('本次联系记录').fill('已电话提醒：不要同时服用感冒灵和对乙酰氨基酚片');
    await pharmacist.getByRole('button', { name: '记录联系' }).click();
    await pharmacist.getByText('已电话提醒').waitFor();
    await expectAccessible(pharmacist, 'follow-up patient');
    await screenshot(pharmacist, 'care-follow-up-patient');

    await resident.reload();
    const read = resident.getByText(`${NAME} 的药师`).first();
    await read.waitFor();
    await read.scrollIntoViewIfNeeded();
    await screenshot(resident, 'care-read-log');
    expect(errors).toEqual([]);
  });

  test('withdrawing the consent deletes the record; the pharmacist no longer sees the person', async () => {
    await resident.goto('/care');
    await resident.getByRole('button', { name: '撤回同意并删除健康档案' }).click();
    await expectAccessible(resident, 'withdraw consent');
    await resident.getByRole('button', { name: '确认删除' }).click();
    await resident.getByRole('heading', { name: '记录健康信息前，请单独同意' }).waitFor();
    await pharmacist.goto('/care/follow-up');
    await pharmacist.getByText('还没有居民共享档案给本店').waitFor();
    expect(errors).toEqual([]);
  });
});
