import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiResident,
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  NANSHAN,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 10 in Chromium against the real server: Alice needs ibuprofen, Bob offers some about 1 km
// away and sees her need under 可能帮到你的; Alice gets the match under the bell. The square is live
// (Carol's new post comes in through the banner, Bob's resolved offer greys out in place), an alert
// saved from the filters fires and is stopped from its notification, and the settings save.

const ALICE = '13800138011';
const BOB = '13900139012';
/** About 1 km north of Alice. */
const BOB_AT = { latitude: 22.5419, longitude: 113.9305 };

let server: Server;
let browser: Browser;
let aliceContext: BrowserContext;
let bobContext: BrowserContext;
let alice: Page;
let bob: Page;
let aliceErrors: string[];
let bobErrors: string[];
let carol: Awaited<ReturnType<typeof apiResident>>;
let dave: Awaited<ReturnType<typeof apiResident>>;
let needId = '';
let offerId = '';

/**
 * Lets the reach consumer handle what happened (matches, alerts, the live square) now rather than on
 * its next scheduled run; running it twice is harmless, each event is claimed once.
 */
async function pump(): Promise<void> {
  const reach = (server.running as unknown as { reach?: { runOnce(): Promise<number> } }).reach;
  await reach?.runOnce();
}

async function verify(p: Page, name: string, id: string) {
  await p.getByRole('heading', { name: '实名核验' }).waitFor();
  await p.getByLabel('真实姓名').fill(name);
  await p.getByLabel('身份证号').fill(id);
  await p.getByRole('button', { name: '提交核验' }).click();
  await p.getByText('已实名', { exact: true }).waitFor();
}

/** Publishes through the form at the browser's position; returns on the success screen. */
async function publish(p: Page, kind: 'need' | 'offer', search: string, name: string) {
  await p.goto(`/post/new?kind=${kind}`);
  await p.getByLabel('搜索并添加物品').fill(search);
  await p.getByRole('button', { name: new RegExp(`^${name}`) }).click();
  if (kind === 'offer') {
    await p.getByLabel(`${name}的有效期至`).fill(`${new Date().getFullYear() + 1}-06-30`);
  }
  await p.getByRole('button', { name: '使用我的位置' }).click();
  await p.getByText(/已获取您的位置/).waitFor();
  await p.getByRole('button', { name: '预览' }).click();
  const consent = p.getByLabel('我已阅读并同意以上个人信息处理方式');
  if (await consent.count()) await consent.check();
  await p.getByRole('button', { name: '确认发布' }).click();
  await p.getByRole('heading', { name: '发布成功' }).waitFor();
}

/** The bell's count as its label says it, waiting (with the consumer pumped) until it is `count`. */
async function waitForBell(p: Page, count: number) {
  const name = count ? `通知，${count} 条未读` : '通知';
  for (let i = 0; i < 20; i++) {
    await pump();
    if (await p.getByRole('link', { name, exact: true }).count()) return;
    // The bell looks every 30 s and when the tab regains focus; a reload is the quick way here.
    await p.reload();
    await p.locator('header a.bell').waitFor();
  }
  throw new Error(`the bell never said ${name}`);
}

async function waitForFeed(p: Page) {
  await p.locator('.feed, .state').first().waitFor();
  await p.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  server = await startServer();
  carol = await apiResident(server, '13700137013', '613');
  dave = await apiResident(server, '13600136014', '614');
  browser = await launchBrowser();
  aliceContext = await phoneContext(browser, server.base, NANSHAN);
  bobContext = await phoneContext(browser, server.base, BOB_AT);
  alice = await aliceContext.newPage();
  bob = await bobContext.newPage();
  aliceErrors = watchErrors(alice);
  bobErrors = watchErrors(bob);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('reaching people', () => {
  test('a need with nothing nearby yet says so under 可能帮到你的', async () => {
    await loginInBrowser(alice, server.outbox, ALICE);
    await verify(alice, '王小明', idNumber('440305', '19850612', '623'));
    // Logged in, the bell is in the top bar; nothing unread yet.
    await alice.getByRole('link', { name: '通知', exact: true }).waitFor();

    await publish(alice, 'need', 'blf', '布洛芬片');
    await alice.getByRole('heading', { name: '可能帮到你的' }).waitFor();
    await alice.getByText('10 公里内暂时没有人提供这些药品').waitFor();
    await alice.getByRole('link', { name: '查看这条信息' }).click();
    await alice.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    needId = new URL(alice.url()).pathname.split('/').pop() ?? '';
  });

  test('an offer nearby: its poster sees the need, and the need’s poster is told', async () => {
    await loginInBrowser(bob, server.outbox, BOB);
    await verify(bob, '李华', idNumber('440304', '19900101', '634'));
    await publish(bob, 'offer', 'blf', '布洛芬片');
    const matches = bob.getByRole('region', { name: '可能帮到你的' });
    await matches.locator(`a[href="/posts/${needId}"]`).waitFor();
    expect(await matches.locator('.card-foot').first().textContent()).toMatch(/约 1(\.\d)? 公里/);
    await matches.scrollIntoViewIfNeeded();
    await screenshot(bob, 'matches');
    await expectAccessible(bob, 'post form success with matches');
    await bob.getByRole('link', { name: '查看这条信息' }).click();
    await bob.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    offerId = new URL(bob.url()).pathname.split('/').pop() ?? '';

    // Alice's own post now lists Bob's offer, and the bell counts the match.
    await alice.goto(`/posts/${needId}`);
    await alice
      .getByRole('region', { name: '可能帮到你的' })
      .locator(`a[href="/posts/${offerId}"]`)
      .waitFor();
    await waitForBell(alice, 1);
    await alice.getByRole('link', { name: '通知，1 条未读', exact: true }).click();
    await alice.getByRole('heading', { name: '通知', level: 1 }).waitFor();
    const item = alice.locator('.notification').first();
    expect(await item.textContent()).toMatch(/约 1(\.\d)? 公里外有人提供布洛芬片，可能帮到您/);
    await item.getByRole('link').click();
    await alice.waitForURL(`**/posts/${offerId}`);
    await waitForBell(alice, 0);
  });

  test('the live square: a new post comes in through the banner, a resolved one greys out in place', async () => {
    await alice.goto('/square?kind=offer&sort=distance');
    await waitForFeed(alice);
    await alice.locator('#square-feed[data-live="on"]').waitFor();
    await alice.locator(`.feed a[href="/posts/${offerId}"]`).waitFor();

    const fresh = await carol.post({
      kind: 'offer',
      items: [{ medicineId: 'acetaminophen-tablet', quantity: 4, expiresOn: '2027-09-30', unopened: true }],
      location: { lat: 22.5365, lng: 113.9342 },
      note: '家里多一盒，楼下自取。',
    });
    await pump();
    const banner = alice.getByRole('button', { name: '有 1 条新信息，点击查看' });
    await banner.waitFor();
    // Nothing moved under the reader's thumb: the new post waits for the tap.
    expect(await alice.locator(`.feed a[href="/posts/${fresh.id}"]`).count()).toBe(0);
    await screenshot(alice, 'live-banner');
    await expectAccessible(alice, 'square with the new-posts banner');
    await banner.click();
    await alice.locator(`.feed a[href="/posts/${fresh.id}"]`).waitFor();
    const first = await alice.locator('.feed article a.stretched-link').first().getAttribute('href');
    expect(first).toBe(`/posts/${fresh.id}`);
    expect(await banner.count()).toBe(0);

    // Bob resolves his offer: on Alice's screen it stays where it was, marked 已解决.
    await bob.goto(`/posts/${offerId}`);
    await bob.getByRole('button', { name: '已解决' }).click();
    await bob.getByLabel('不再提供了').check();
    await bob.getByRole('button', { name: '确认已解决' }).click();
    await bob.getByText('已标记为解决').waitFor();
    await pump();
    const card = alice.locator('article.post-card', { has: alice.locator(`a[href="/posts/${offerId}"]`) });
    await card.locator('.badge', { hasText: '已解决' }).waitFor();
    expect(await card.getAttribute('class')).toContain('is-closed');
  });

  test('the live map gains a marker for a new post without a reload', async () => {
    await alice.goto('/map?kind=need');
    await alice.locator('#square-map[data-live="on"]').waitFor();
    const count = alice.locator('.map-count');
    await count.getByText('地图上显示 1 条信息').waitFor();
    await dave.post({
      kind: 'need',
      items: [{ medicineId: 'pulse-oximeter', quantity: 1 }],
      location: { lat: 22.5301, lng: 113.9402 },
      forWhom: 'family',
      flags: ['elderly'],
    });
    await pump();
    await count.getByText('地图上显示 2 条信息').waitFor();
    await alice.locator('.map-marker, .map-cluster').first().waitFor();
  });

  test('an alert saved from the filters fires, and can be stopped from its notification', async () => {
    await alice.goto('/square?kind=offer&medicineId=antigen-test-single&sort=distance&radiusKm=5');
    await waitForFeed(alice);
    await alice.getByRole('button', { name: '提醒我' }).click();
    const panel = alice.getByRole('region', { name: '有新信息时提醒我' });
    await panel.waitFor();
    await panel.getByRole('radio', { name: '3 公里' }).click();
    await panel.getByText('有人在 3 公里内提供新冠病毒抗原检测试剂盒（单人份）时告诉我').waitFor();
    await panel.getByText('以我现在的位置为中心').waitFor();
    await panel.getByRole('button', { name: '保存提醒' }).scrollIntoViewIfNeeded();
    await screenshot(alice, 'alert');
    await expectAccessible(alice, 'square with the alert panel');
    await panel.getByRole('button', { name: '保存提醒' }).click();
    await panel.getByText('提醒已保存').waitFor();

    // It is listed on the Me page.
    await alice.goto('/me');
    const mine = alice.getByRole('region', { name: '我的提醒' });
    await mine.getByText('有人在 3 公里内提供新冠病毒抗原检测试剂盒（单人份）时告诉我').waitFor();
    await mine.getByText('1/5 个').waitFor();
    await expectAccessible(alice, 'me with alerts');

    // Carol offers antigen tests about 600 m away; Dave's, 8 km away, does not count.
    await carol.post({
      kind: 'offer',
      items: [{ medicineId: 'antigen-test-single', quantity: 2, expiresOn: '2027-03-31', unopened: true }],
      location: { lat: 22.5384, lng: 113.9305 },
    });
    await dave.post({
      kind: 'offer',
      items: [{ medicineId: 'antigen-test-single', quantity: 1, expiresOn: '2027-03-31', unopened: true }],
      location: { lat: 22.605, lng: 113.9305 },
    });
    await waitForBell(alice, 1);
    await alice.goto('/notifications');
    const item = alice.locator('.notification.is-unread');
    await item.waitFor();
    expect(await item.count()).toBe(1);
    expect(await item.textContent()).toMatch(
      /您的提醒：约 (\d+ 米|\d\.\d 公里)外有人提供新冠病毒抗原检测试剂盒/,
    );
    await screenshot(alice, 'notifications');
    await expectAccessible(alice, 'notifications');

    await item.getByRole('button', { name: '取消这个提醒' }).click();
    await alice.getByText('已取消这个提醒，不会再通知您。').waitFor();
    await waitForBell(alice, 0);
    const left = await alice.evaluate(() => fetch('/api/v1/me/alerts').then((r) => r.json()));
    expect((left as { items: unknown[] }).items).toEqual([]);
  });

  test('notification settings: SMS for matches only, quiet hours, saved', async () => {
    await alice.goto('/notifications');
    await alice.getByRole('link', { name: '通知设置' }).click();
    await alice.getByRole('heading', { name: '通知设置', level: 1 }).waitFor();
    const match = alice.getByRole('group', { name: '有信息可能帮到我' });
    await match.getByLabel('推送').waitFor();
    expect(await alice.getByLabel('短信').count()).toBe(1);
    await match.getByLabel('短信').check();
    await alice.getByLabel('开始', { exact: true }).fill('23:00');
    await alice.getByRole('button', { name: '保存设置' }).click();
    await alice.getByText('设置已保存。').waitFor();
    await alice.evaluate(() => window.scrollTo(0, 0));
    await screenshot(alice, 'notification-settings');
    await expectAccessible(alice, 'notification settings');

    const saved = (await alice.evaluate(() =>
      fetch('/api/v1/me/notification-prefs').then((r) => r.json()),
    )) as {
      channels: Record<string, string[]>;
      quietHours: { start: string; end: string } | null;
    };
    expect(saved.channels.match).toContain('sms');
    expect(saved.quietHours).toEqual({ start: '23:00', end: '07:00' });
    await alice.reload();
    expect(await alice.getByRole('group', { name: '有信息可能帮到我' }).getByLabel('短信').isChecked()).toBe(
      true,
    );
  });

  test('the notification centre reads in English too', async () => {
    await alice.goto('/notifications');
    await alice.getByRole('button', { name: 'English' }).click();
    await alice.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await alice.getByText(/Your alert: someone about .* away offers COVID-19 antigen self-test/).waitFor();
    await alice.getByRole('button', { name: '中文' }).click();
    await alice.getByRole('heading', { name: '通知', level: 1 }).waitFor();
  });

  test('no page errors along the way', () => {
    expect(aliceErrors).toEqual([]);
    expect(bobErrors).toEqual([]);
  });
});
