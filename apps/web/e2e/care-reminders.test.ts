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

// Issue 13, reminders and consultations in Chromium: a resident sets a dose reminder, the scheduler
// sends the dose and the resident marks it taken (the chart counts it); the resident asks a pharmacy,
// whose pharmacist answers in a second browser context; the resident sees the answer and rates it.

const OWNER = '13800138141';
const ADMIN = '13900139142';
const PHARMACIST = '13600136143';
const RESIDENT = '13700137144';
const NAME = '南山安心大药房';
const first17 = '91440305MA5F8K4Q3';

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
  await running.accounts.findOrCreate(PHARMACIST);
  const day = [{ open: '00:00', close: '24:00' }];
  const applied = await owner('POST', '/pharmacies', {
    name: NAME,
    contactName: '王店长',
    contactPhone: '13900000141',
    creditCode: first17 + creditCheckCharacter(first17),
    licenceNumber: '粤DA030554341',
    address: '深圳市南山区南海大道 2002 号',
    location: { lat: NANSHAN.latitude, lng: NANSHAN.longitude },
    hours: [day, day, day, day, day, day, day],
    services: [],
  });
  pharmacyId = applied.id as string;
  await admin('POST', `/admin/partners/${pharmacyId}/decision`, { decision: 'approved' });
  await owner('POST', `/partners/${pharmacyId}/pharmacy/pharmacists`, {
    phone: PHARMACIST,
    certificateNumber: 'ZY44030554341',
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

describe('dose reminders and pharmacist consultations in a phone-sized Chromium', () => {
  test('a resident sets a reminder; the dose arrives and is marked taken; the chart counts it', async () => {
    await loginInBrowser(resident, server.outbox, RESIDENT);
    await resident.goto('/care/reminders');
    await resident.getByRole('heading', { name: '用药提醒' }).waitFor();
    await resident.getByText('还没有用药提醒。').waitFor();
    // Opened straight from a link, the care tabs still have their words (not their i18n keys).
    expect(await resident.locator('.care-tabs').innerText()).toContain('我的档案');
    await expectAccessible(resident, 'reminders (empty)');
    await resident.getByLabel('从目录选择').selectOption('ibuprofen-tablet');
    // One dose at the start of the next minute, so the scheduler has something to send during the
    // test. Begun early enough in a minute that saving the form cannot run past the dose's minute
    // (the first occurrence would then be tomorrow's).
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 30_000) await new Promise((r) => setTimeout(r, 61_000 - intoMinute));
    const dueAt = Date.now() - (Date.now() % 60_000) + 60_000;
    const dueTime = new Date(dueAt + 8 * 3_600_000).toISOString().slice(11, 16);
    await resident.getByLabel('每天几点服用 1').fill(dueTime);
    await resident.getByRole('button', { name: '删除这个时间' }).nth(1).click();
    await resident.getByLabel('服用时机').selectOption('after');
    await resident.getByLabel('现有数量（可不填）').fill('10');
    await resident.getByRole('button', { name: '保存提醒' }).click();
    await resident.getByText(`${dueTime} · 饭后 · ×1`).waitFor();
    await resident.getByText('还剩 10').waitFor();
    await screenshot(resident, 'care-reminders');

    // The scheduler (the server's own job, also run here so the test does not wait for its timer).
    await new Promise((r) => setTimeout(r, Math.max(0, dueAt - Date.now()) + 1000));
    await server.running.reminderJob.runOnce();
    await resident.reload();
    await resident.getByRole('button', { name: '已服' }).waitFor();
    await expectAccessible(resident, 'reminders with a dose');
    await resident.getByRole('button', { name: '已服' }).click();
    await resident.getByText('还剩 9').waitFor();
    await resident.getByText('已服', { exact: true }).first().waitFor();
    await resident
      .getByRole('figure')
      .getByRole('cell', { name: '1' })
      .first()
      .waitFor({ state: 'attached' });
    await screenshot(resident, 'care-reminders-taken');

    // The notification's page: the dose, its state, the same buttons.
    const list = await resident.evaluate(async () => (await fetch('/api/v1/me/notifications')).json());
    const notice = (list.items as { type: string; data: { reminderId: string; dueAt: string } }[]).find(
      (n) => n.type === 'dose_due',
    );
    expect(notice).toBeTruthy();
    await resident.goto(`/care/doses/${notice?.data.reminderId}/${notice?.data.dueAt}`);
    await resident.getByRole('heading', { name: '服药提醒' }).waitFor();
    await resident.getByText('已服', { exact: true }).waitFor();
    await expectAccessible(resident, 'dose page');
    await screenshot(resident, 'care-dose');
  }, 180_000);

  test('a resident asks the pharmacy; its pharmacist answers in another context; the resident rates it', async () => {
    // The pharmacist puts the pharmacy on duty with a promised first-response time.
    await loginInBrowser(pharmacist, server.outbox, PHARMACIST);
    await pharmacist.goto(`/partner/${pharmacyId}/consultations`);
    await pharmacist.getByRole('heading', { name: '药师咨询台' }).waitFor();
    await pharmacist.getByText('暂无待处理的咨询。').waitFor();
    await pharmacist.getByLabel('参加值班（接收值班池中的提问）').check();
    await pharmacist.getByLabel('承诺首次回复时间（分钟）').fill('20');
    await pharmacist.getByRole('button', { name: '保存设置' }).click();
    await expectAccessible(pharmacist, 'consultation desk (empty)');

    await resident.goto('/care/consultations');
    await resident.getByRole('heading', { name: '问药师' }).waitFor();
    await resident.getByLabel('向谁提问').selectOption(pharmacyId);
    await resident.getByText(`${NAME}（承诺 20 分钟内回复）`).waitFor({ state: 'attached' });
    await resident.getByLabel('您的问题').fill('布洛芬和感冒药可以一起吃吗？');
    await expectAccessible(resident, 'ask a pharmacist');
    await screenshot(resident, 'care-consult-ask');
    await resident.getByRole('button', { name: '提交问题' }).click();
    await resident.waitForURL(/\/care\/consultations\/[0-9a-f-]{36}$/);
    await resident.getByText('等待回复').waitFor();
    await resident.getByText(/药师承诺在 .* 前回复/).waitFor();

    await pharmacist.reload();
    await pharmacist.getByText('布洛芬和感冒药可以一起吃吗？').waitFor();
    await expectAccessible(pharmacist, 'consultation desk');
    await pharmacist
      .getByLabel('回复', { exact: true })
      .fill('很多感冒药含对乙酰氨基酚，可与布洛芬间隔服用，但不要重复同一成分。');
    await pharmacist.getByLabel('模板名称').fill('感冒药搭配');
    await pharmacist.getByRole('button', { name: '存为模板' }).click();
    await pharmacist.getByRole('option', { name: '感冒药搭配' }).waitFor({ state: 'attached' });
    await screenshot(pharmacist, 'care-consult-desk');
    await pharmacist.getByRole('button', { name: '发送回复' }).click();
    await pharmacist.getByText('已回复').waitFor();

    await resident.reload();
    await resident.getByText('很多感冒药含对乙酰氨基酚').waitFor();
    await resident.getByRole('button', { name: '5 星' }).click();
    await resident.getByText('您的评价：5 星').waitFor();
    await expectAccessible(resident, 'consultation thread');
    await screenshot(resident, 'care-consult-thread');
    const bell = await resident.evaluate(async () => (await fetch('/api/v1/me/notifications')).json());
    expect((bell.items as { type: string }[]).some((n) => n.type === 'consultation_answered')).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);
});
