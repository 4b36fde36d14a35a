import { sql } from 'drizzle-orm';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { creditCheckCharacter } from '../../server/src/modules/pharmacies/index.ts';
import { type FakeWechatPay, startFakeWechatPay } from '../../server/src/platform/vendors/wechat-pay-fake.ts';
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

// Issue 12, 送药到家 in Chromium: the pharmacy sets its delivery radius, fee, online payment and a
// price; a resident asks for delivery to her door and pays online (WeChat Pay, a local fake that
// checks the signatures); the pharmacy accepts, prepares, sends it out and marks it delivered while
// the resident watches each status; a second order is cancelled and shows its refund.

const OWNER = '13800138221';
const ADMIN = '13900139222';
const RESIDENT = '13700137223';
const NAME = '南山康宁大药房';
const ANTIGEN = '新冠病毒抗原检测试剂盒（单人份）';
const first17 = '91440305MA5F8K3R2';

let server: Server;
let wx: FakeWechatPay;
let browser: Browser;
let owner: Page;
let resident: Page;
let pharmacyId = '';
let orderId = '';

/** A same-origin API call from the page, with its session (as the app's own fetches are). */
const call = (page: Page, method: string, url: string, body?: unknown) =>
  page.evaluate(
    async ({ method, url, body }) => {
      const res = await fetch(`/api/v1${url}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.status, json: res.status === 204 ? null : await res.json() };
    },
    { method, url, body },
  );

/** The resident paid in WeChat: the fake sends its signed, encrypted notice to the server. */
async function payInWechat(id: string) {
  const status = await wx.send(
    wx.pay(id.replaceAll('-', '')),
    `${server.base}/api/v1/payments/wechat/notify`,
  );
  expect(status).toBe(204);
}

beforeAll(async () => {
  wx = await startFakeWechatPay();
  const o = wx.options;
  server = await startServer({
    PUBLIC_URL: 'http://127.0.0.1',
    PAYMENT_PROVIDER: 'wechat-pay',
    WECHAT_PAY_MCH_ID: o.mchid,
    WECHAT_PAY_APP_ID: o.appid,
    WECHAT_PAY_SERIAL_NO: o.serialNo,
    WECHAT_PAY_PRIVATE_KEY: o.privateKeyPem,
    WECHAT_PAY_API_V3_KEY: o.apiV3Key,
    WECHAT_PAY_PLATFORM_SERIAL: o.platformSerial,
    WECHAT_PAY_PLATFORM_PUBLIC_KEY: o.platformPublicKeyPem,
    WECHAT_PAY_ENDPOINT: o.endpoint ?? '',
  });
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  browser = await launchBrowser();
  owner = await (await phoneContext(browser, server.base)).newPage();
  resident = await (await phoneContext(browser, server.base)).newPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await wx?.close();
});

describe('送药到家 in a phone-sized Chromium', () => {
  test('an approved pharmacy sets its delivery radius, fee, online payment and a price', async () => {
    const errors = watchErrors(owner);
    await loginInBrowser(owner, server.outbox, OWNER);
    const applied = await call(owner, 'POST', '/pharmacies', {
      name: NAME,
      contactName: '周店长',
      contactPhone: '13900000223',
      creditCode: first17 + creditCheckCharacter(first17),
      licenceNumber: '粤DA030554321',
      address: '深圳市南山区科苑路 15 号',
      location: { lat: 22.5329, lng: 113.9305 },
      hours: Array.from({ length: 7 }, () => [{ open: '00:00', close: '24:00' }]),
      services: ['delivery'],
    });
    expect(applied.status).toBe(201);
    pharmacyId = applied.json.id;
    const admin = await (await phoneContext(browser, server.base)).newPage();
    await loginInBrowser(admin, server.outbox, ADMIN);
    const decided = await call(admin, 'POST', `/admin/partners/${pharmacyId}/decision`, {
      decision: 'approved',
    });
    expect(decided.status).toBe(200);
    await admin.close();
    const stocked = await call(owner, 'PUT', `/partners/${pharmacyId}/pharmacy/stock`, {
      items: [{ medicineId: 'antigen-test-single', status: 'in_stock', quantity: 20 }],
    });
    expect(stocked.status).toBe(200);

    await owner.goto(`/partner/${pharmacyId}`);
    const settings = owner.locator('section', { has: owner.getByRole('heading', { name: '送药与价格' }) });
    await settings.getByLabel('配送范围（公里，0 为不配送）').fill('5');
    await settings.getByLabel('配送费（元）').fill('5');
    await settings.getByLabel('接受在线支付（微信支付）').check();
    await settings.getByLabel(`${ANTIGEN}的价格`).fill('12.80');
    await expectAccessible(owner, 'delivery and prices');
    await settings.getByRole('button', { name: '保存', exact: true }).click();
    await settings.getByText('已保存').waitFor();
    const saved = await call(owner, 'GET', `/pharmacies/${pharmacyId}/ordering`);
    expect(saved.json).toMatchObject({ deliveryRadiusKm: 5, deliveryFeeFen: 500, onlinePayment: true });
    expect(saved.json.prices).toEqual([{ medicineId: 'antigen-test-single', priceFen: 1280 }]);
    expect(errors).toEqual([]);
  });

  test('a resident asks for delivery to her door, pays online and sees the order waiting', async () => {
    const errors = watchErrors(resident);
    await loginInBrowser(resident, server.outbox, RESIDENT);
    const verified = await call(resident, 'POST', '/me/verification', {
      name: '王五',
      idNumber: idNumber('440305', '19880808', '223'),
    });
    expect(verified.status).toBe(200);
    // She opened MedRelay from the mini program once, so WeChat Pay knows her openid.
    const me = await server.running.accounts.findOrCreate(RESIDENT);
    await server.running.store.db.execute(
      sql`UPDATE users SET wechat_openid = 'oE2eDeliveryResident0001' WHERE id = ${me.id}`,
    );

    await resident.goto(`/pharmacies/${pharmacyId}`);
    const panel = resident.locator('.delivery-panel');
    await panel.getByRole('heading', { name: '送药到家' }).waitFor();
    await panel.getByText('本店为 5 公里内的居民送药。').waitFor();
    await panel.getByRole('button', { name: `送药：${ANTIGEN}加一` }).click();
    await panel.getByRole('button', { name: `送药：${ANTIGEN}加一` }).click();
    await panel.getByText('将送到您当前的位置。').waitFor();
    await panel.getByLabel('详细地址').fill('科技园南区 3 栋 1201');
    await panel.getByLabel('收药电话').fill('13812345678');
    await panel.getByLabel('在线支付（微信支付）').check();
    await panel.getByText('合计 ¥30.60').waitFor();
    await expectAccessible(resident, 'delivery request');
    await panel.scrollIntoViewIfNeeded();
    await screenshot(resident, 'pharmacy-delivery-request');
    await panel.getByRole('button', { name: '提交送药订单' }).click();
    await resident.waitForURL(/\/pharmacies\/orders\/[0-9a-f-]{36}$/);
    orderId = resident.url().split('/').at(-1) ?? '';
    await resident.getByRole('heading', { name: '送药订单' }).waitFor();
    await resident.locator('.order-now').getByText('待药店接单').waitFor();

    // Outside WeChat the payment sheet cannot open; the signed order is made and she pays in WeChat.
    await resident.getByRole('button', { name: '在线支付', exact: true }).click();
    await resident.getByText('请在微信中打开本页完成支付').waitFor();
    expect(wx.orders.get(orderId.replaceAll('-', ''))?.total).toBe(3060);
    await payInWechat(orderId);
    await resident.reload();
    await resident.getByText('已支付 ¥30.60').waitFor();
    await expectAccessible(resident, 'order status');
    await screenshot(resident, 'pharmacy-delivery-order');
    expect(errors).toEqual([]);
  });

  test('the pharmacy accepts, prepares, sends it out and marks it delivered; the resident sees each status', async () => {
    await owner.goto(`/partner/${pharmacyId}`);
    const queue = owner.getByRole('list', { name: '送药队列' });
    const row = queue.locator('li', { hasText: `${ANTIGEN} × 2` });
    await row.waitFor();
    // The list keeps the phone masked; it is shown on request, for the rider.
    expect(await row.textContent()).not.toContain('13812345678');
    await row.getByText('已在线支付').waitFor();
    await expectAccessible(owner, 'delivery queue');
    const steps = [
      ['接单', '药店已接单'],
      ['开始备药', '正在备药'],
      ['出发配送', '配送中'],
      ['已送达', '已送达'],
    ] as const;
    for (const [button, status] of steps) {
      await row.getByRole('button', { name: button, exact: true }).click();
      await row.locator('.badge', { hasText: status }).waitFor();
      if (button === '出发配送') {
        await row.getByRole('button', { name: '查看电话' }).click();
        await row.getByRole('link', { name: '13812345678' }).waitFor();
        await owner.evaluate(() => {
          document.getElementById('deliveries-title')?.scrollIntoView();
          window.scrollBy(0, -72);
        });
        await screenshot(owner, 'pharmacy-delivery-queue');
      }
      await resident.reload();
      await resident.locator('.order-now').getByText(status).waitFor();
    }
    await resident.locator('.order-steps li.done', { hasText: '已送达' }).waitFor();
  });

  test('a second order is cancelled before it is prepared and shows its refund', async () => {
    await resident.goto(`/pharmacies/${pharmacyId}`);
    const panel = resident.locator('.delivery-panel');
    await panel.getByRole('button', { name: `送药：${ANTIGEN}加一` }).click();
    await panel.getByLabel('详细地址').fill('科技园南区 3 栋 1201');
    await panel.getByLabel('收药电话').fill('13812345678');
    await panel.getByLabel('在线支付（微信支付）').check();
    await panel.getByRole('button', { name: '提交送药订单' }).click();
    await resident.waitForURL(/\/pharmacies\/orders\/[0-9a-f-]{36}$/);
    const second = resident.url().split('/').at(-1) ?? '';
    expect(second).not.toBe(orderId);
    await resident.getByRole('button', { name: '在线支付', exact: true }).click();
    await resident.getByText('请在微信中打开本页完成支付').waitFor();
    await payInWechat(second);
    await resident.reload();
    await resident.getByText('已支付 ¥17.80').waitFor();
    await resident.getByRole('button', { name: '取消订单' }).click();
    await resident.locator('.order-now').getByText('已取消').waitFor();
    await resident.getByText('已退款 ¥17.80').waitFor();
    expect(wx.refunds.size).toBe(1);
    await expectAccessible(resident, 'cancelled order');
    await screenshot(resident, 'pharmacy-delivery-refund');

    await resident.goto('/pharmacies/orders');
    await resident.getByRole('heading', { name: '我的送药订单' }).waitFor();
    await resident.getByRole('link', { name: NAME }).first().waitFor();
    await expectAccessible(resident, 'my delivery orders');
  });

  test('a pickup reservation is paid online from 我的预约', async () => {
    const reserved = await call(resident, 'POST', `/pharmacies/${pharmacyId}/reservations`, {
      items: [{ medicineId: 'antigen-test-single', quantity: 1 }],
    });
    expect(reserved.status).toBe(201);
    await resident.goto('/pharmacies/reservations');
    await resident.getByRole('link', { name: '订单与支付' }).first().click();
    await resident.locator('.order-now').getByText('待药店确认').waitFor();
    await resident.getByRole('button', { name: '在线支付', exact: true }).click();
    await resident.getByText('请在微信中打开本页完成支付').waitFor();
    await payInWechat(reserved.json.id);
    await resident.reload();
    await resident.getByText('已支付 ¥12.80').waitFor();
    await expectAccessible(resident, 'pickup order page');
    // The pharmacy sees it beside its queue, with its refund button.
    await owner.goto(`/partner/${pharmacyId}`);
    const pickups = owner.getByRole('list', { name: '到店自提的在线支付' });
    await pickups.getByText('已在线支付').waitFor();
    await pickups.getByRole('button', { name: '退款 ¥12.80' }).waitFor();
  });

  test('elder mode and English on the order page', async () => {
    await resident.goto(`/pharmacies/orders/${orderId}`);
    await resident.locator('.order-now').getByText('已送达').waitFor();
    await resident.getByRole('button', { name: '大字' }).click();
    await screenshot(resident, 'pharmacy-delivery-order-elder');
    await expectAccessible(resident, 'order page (elder mode)');
    await resident.getByRole('button', { name: 'English' }).click();
    await resident.getByRole('heading', { name: 'Delivery order' }).waitFor();
    await resident.locator('.order-now').getByText('Delivered').waitFor();
    await resident.getByText('Paid ¥30.60').waitFor();
    await expectAccessible(resident, 'order page (English)');
  });
});
