import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { creditCheckCharacter } from '../../server/src/modules/pharmacies/index.ts';
import { DAY, HOUR } from '../../server/src/platform/clock.ts';
import {
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  offsetClock,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 12, first slice, in Chromium: a pharmacy applies with its licences, an admin approves it, it
// sets antigen test stock; a resident finds it on 附近药店, reserves and sees the pickup code; the
// pharmacy confirms and hands over by the code.

const OWNER = '13800138121';
const ADMIN = '13900139122';
const RESIDENT = '13700137123';
const NAME = '南山仁和大药房';
const ANTIGEN = '新冠病毒抗原检测试剂盒（单人份）';
const first17 = '91440305MA5F8K2Q1';
const CREDIT_CODE = first17 + creditCheckCharacter(first17);

let server: Server;
let browser: Browser;
let ownerContext: BrowserContext;
let residentContext: BrowserContext;
let owner: Page;
let resident: Page;
let errors: string[];
let pharmacyId = '';
let pickupCode = '';

/**
 * How far to move the server's clock for it to read 10:00 in China (UTC+8) on the current day. The
 * pharmacy applies with the form's daily hours, 08:00–22:00 China time, and the resident's list says
 * 营业中 only within them: on the real clock this suite failed whenever it ran between 22:00 and 08:00
 * in China (14:00–00:00 UTC).
 */
function toTenInChina(nowMs: number): number {
  const china = nowMs + 8 * HOUR;
  return Math.floor(china / DAY) * DAY + 10 * HOUR - china;
}

beforeAll(async () => {
  const clock = offsetClock();
  clock.offset = toTenInChina(Date.now());
  server = await startServer({}, clock);
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  browser = await launchBrowser();
  ownerContext = await phoneContext(browser, server.base);
  residentContext = await phoneContext(browser, server.base);
  owner = await ownerContext.newPage();
  resident = await residentContext.newPage();
  errors = watchErrors(owner);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('pharmacies in a phone-sized Chromium', () => {
  test('a pharmacy applies with its credit code and licence; an admin approves it', async () => {
    await loginInBrowser(owner, server.outbox, OWNER);
    // From the partner page, where institutions apply, a pharmacy is sent to its own form.
    await owner.goto('/partner');
    await owner.getByRole('link', { name: /药店入驻/ }).click();
    await owner.getByRole('heading', { name: '药店入驻' }).waitFor();
    await owner.getByText('将使用您当前的位置作为门店位置。').waitFor();
    await owner.getByLabel('药店名称').fill(NAME);
    await owner.getByLabel('联系人').fill('陈店长');
    await owner.getByLabel('联系电话').fill('13900000123');
    await owner.getByLabel('统一社会信用代码').fill(CREDIT_CODE);
    await owner.getByLabel('药品经营许可证编号').fill('粤DA030512345');
    await owner.getByLabel('门店地址').fill('深圳市南山区南海大道 2000 号');
    await owner.getByLabel('医保').check();
    await expectAccessible(owner, 'pharmacy application');
    await owner.getByRole('button', { name: '提交入驻申请' }).click();
    await owner.waitForURL(/\/partner\/[0-9a-f-]{36}$/);
    pharmacyId = owner.url().split('/').at(-1) ?? '';
    await owner.getByRole('heading', { name: NAME }).waitFor();

    const admin = await (await phoneContext(browser, server.base)).newPage();
    await loginInBrowser(admin, server.outbox, ADMIN);
    // The admin sees the numbers to check them against the registers before deciding.
    await admin.goto(`/partner/${pharmacyId}`);
    await admin.getByText(CREDIT_CODE).waitFor();
    await admin.getByText('粤DA030512345').waitFor();
    await admin.goto('/partner/review');
    const application = admin.locator('.application', { hasText: NAME });
    await application.getByRole('button', { name: '通过', exact: true }).click();
    await application.waitFor({ state: 'detached' });
    await admin.close();
  });

  test('the pharmacy sets antigen test stock with one tap', async () => {
    await owner.goto(`/partner/${pharmacyId}`);
    expect(await owner.locator('.partner-head .badge').textContent()).toBe('已通过');
    await owner.getByLabel('查找药品').fill('抗原检测试剂盒（单人份）');
    await owner.getByLabel(`${ANTIGEN}可预约数量`).fill('5');
    await owner.getByRole('button', { name: `${ANTIGEN} 有货` }).click();
    await owner.getByText('可预约 5').waitFor();
    await expectAccessible(owner, 'pharmacy workspace');
  });

  test('a resident finds it on 附近药店, reserves antigen tests and sees the pickup code', async () => {
    const errs = watchErrors(resident);
    await loginInBrowser(resident, server.outbox, RESIDENT);
    // Real-name verification as the Me screen does it (reserving counts per real person).
    const verified = await resident.evaluate(
      async (id) =>
        (
          await fetch('/api/v1/me/verification', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: '张三', idNumber: id }),
          })
        ).status,
      idNumber('440305', '19900101', '321'),
    );
    expect(verified).toBe(200);
    await resident.goto('/pharmacies?medicineId=antigen-test-single');
    await resident.getByRole('heading', { name: '附近药店' }).waitFor();
    const card = resident.locator('.pharmacy-card', { hasText: NAME });
    await card.waitFor();
    expect(await card.textContent()).toContain('有货');
    expect(await card.textContent()).toContain('营业中');
    await screenshot(resident, 'pharmacy-list');
    await expectAccessible(resident, 'pharmacy list');

    await card.getByRole('link', { name: NAME }).click();
    await resident.getByRole('heading', { name: NAME, level: 1 }).waitFor();
    await resident.getByRole('button', { name: `${ANTIGEN}加一` }).click();
    await resident.getByRole('button', { name: `${ANTIGEN}加一` }).click();
    await expectAccessible(resident, 'pharmacy page');
    await resident.getByRole('button', { name: '预约到店自提' }).click();
    await resident.getByRole('heading', { name: '预约成功' }).waitFor();
    pickupCode = (await resident.getByLabel('取药码').textContent()) ?? '';
    expect(pickupCode).toMatch(/^\d{6}$/);
    await screenshot(resident, 'pharmacy-reserve');
    await expectAccessible(resident, 'reservation done');

    // The pharmacy shows on the map as its own marker, and on a need's page for antigen tests.
    await resident.goto('/map');
    await resident.getByRole('button', { name: '定位到我' }).click();
    await resident.locator('.marker-pharmacy').first().waitFor();
    await resident.getByRole('link', { name: '附近药店（地图上 1 家）→' }).waitFor();
    const need = await resident.evaluate(async () => {
      const res = await fetch('/api/v1/posts', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          kind: 'need',
          items: [{ medicineId: 'antigen-test-single', quantity: 2 }],
          location: { lat: 22.533, lng: 113.931 },
          consent: true,
        }),
      });
      return (await res.json()) as { id: string };
    });
    await resident.goto(`/posts/${need.id}`);
    await resident.getByRole('heading', { name: '附近有货的药店' }).waitFor();
    await resident.locator('.nearby-stock .pharmacy-card', { hasText: NAME }).waitFor();
    expect(errs).toEqual([]);
  });

  test('the pharmacy confirms the reservation and hands it over by the code', async () => {
    await owner.goto(`/partner/${pharmacyId}`);
    const queue = owner.getByRole('list', { name: '预约队列' });
    const row = queue.locator('li', { hasText: `${ANTIGEN} × 2` });
    await row.waitFor();
    await row.getByRole('button', { name: '确认', exact: true }).click();
    await row.getByText('药店已确认').waitFor();
    // The queue's heading just below the sticky app bar.
    await owner.evaluate(() => {
      document.getElementById('queue-title')?.scrollIntoView();
      window.scrollBy(0, -72);
    });
    await screenshot(owner, 'pharmacy-queue');
    await expectAccessible(owner, 'pharmacy queue');
    await owner.getByLabel('输入顾客的取药码').fill(pickupCode);
    await owner.getByRole('button', { name: '核销取药' }).click();
    await owner.getByText('已核销，药品已交给顾客。').waitFor();
    await row.getByText('已取药').waitFor();

    await resident.goto('/pharmacies/reservations');
    await resident.getByText('已取药').waitFor();

    // The owner closes on Sundays and adds a pharmacist with a certificate number.
    await owner.getByText('门店信息与营业时间').click();
    await owner.getByLabel('周日休息').check();
    await expectAccessible(owner, 'pharmacy profile');
    await owner.getByRole('button', { name: '保存门店信息' }).click();
    await owner.getByText('已保存').waitFor();
    await owner.getByLabel('药师手机号').fill(ADMIN);
    await owner.getByLabel('执业药师注册证编号').fill('ZY44030512345');
    await owner.getByRole('button', { name: '添加药师' }).click();
    await owner.getByText('ZY44030512345').waitFor();
    await resident.goto(`/pharmacies/${pharmacyId}`);
    await resident.getByText('营业时间').click();
    await resident.locator('.hours-row', { hasText: '周日' }).getByText('休息').waitFor();
    expect(errors).toEqual([]);
  });
});
