import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemo } from '../../server/src/cli/demo-seed.ts';
import {
  apiResident,
  codeFromOutbox,
  expectAccessible,
  idNumber,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  seriousViolations,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 4, end to end in Chromium against the real server on the embedded store: a resident logs in
// with the code from the SMS outbox, verifies, posts a need, finds it nearest-first, filters by region
// and by item, opens it, resolves it and it is gone; a second resident offers, the first reveals the
// number; English, elder mode, map and stats; axe on every screen; screenshots at 390×844.

const ALICE = '13800138001';
const BOB = '13900139002';
/** Bob is about 2 km north-east of Alice. */
const BOB_AT = { latitude: 22.5468, longitude: 113.9462 };

let server: Server;
let browser: Browser;
let alice: BrowserContext;
let page: Page;
let errors: string[];
let needId = '';
let offerId = '';

async function verify(p: Page, name: string, id: string) {
  await p.getByRole('heading', { name: '实名核验' }).waitFor();
  await p.getByLabel('真实姓名').fill(name);
  await p.getByLabel('身份证号').fill(id);
  await p.getByRole('button', { name: '提交核验' }).click();
  await p.getByText('已实名', { exact: true }).waitFor();
}

/** The post ids in the square's list, in order. */
async function feedIds(p: Page): Promise<string[]> {
  await p.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
  const hrefs = await p
    .locator('.feed article a.stretched-link')
    .evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.replace('/posts/', ''));
}

async function waitForFeed(p: Page) {
  await p.locator('.feed, .state').first().waitFor();
  await p.locator('[aria-busy="true"]').waitFor({ state: 'detached' });
}

beforeAll(async () => {
  server = await startServer();
  // The demo posts (marked 演示) make the square and the stats look like a living platform.
  await seedDemo(server.running as unknown as Parameters<typeof seedDemo>[0]);
  // Scenery near Alice: needs about 1.5 km and 4 km away, posted by another resident.
  const carol = await apiResident(server, '13700137003', '311');
  await carol.post({
    kind: 'need',
    items: [{ medicineId: 'antigen-test-single', quantity: 2 }],
    location: { lat: 22.5329, lng: 113.9455 },
    note: '想借两支抗原，明天上班前测一下。',
  });
  await carol.post({
    kind: 'need',
    items: [{ medicineId: 'ibuprofen-tablet', quantity: 6 }],
    location: { lat: 22.5329, lng: 113.9695 },
    flags: ['chronic'],
  });
  browser = await launchBrowser();
  alice = await phoneContext(browser, server.base);
  page = await alice.newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the H5 app in a phone-sized Chromium', () => {
  test('a resident logs in with the SMS code and verifies', async () => {
    await page.goto('/me');
    await expectAccessible(page, 'me (logged out)');
    await loginInBrowser(page, server.outbox, ALICE);
    await verify(page, '王小明', idNumber('440305', '19850612', '123'));
    await page.getByText('138****8001').waitFor();
  });

  test('posts a need; a server error is shown next to its field; a double tap makes one post', async () => {
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '发布' }).click();
    await page.getByRole('heading', { name: '发布信息' }).waitFor();
    await page.getByLabel('搜索并添加物品').fill('blf');
    await page.getByRole('button', { name: /^布洛芬片/ }).click();
    const more = page.getByRole('button', { name: '增加布洛芬片的数量' });
    for (let i = 0; i < 3; i++) await more.click();
    expect(await page.getByLabel('布洛芬片的数量', { exact: true }).inputValue()).toBe('4');
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await page.getByText(/已获取您的位置/).waitFor();
    await page.getByRole('radio', { name: '为家人' }).click();
    await page.getByLabel('老人').check();
    await page.getByLabel('补充说明（选填）').fill('父亲发烧两天，想借几片布洛芬，可在小区门口自取。');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'post-form');
    await expectAccessible(page, 'post form');

    // The server's answer, by code, next to the field it names (here: a cap the client did not know).
    await page.route('**/api/v1/posts', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({
          error: {
            code: 'quantity_over_cap',
            message: 'The quantity is above the limit for this item.',
            details: { field: 'items[0].quantity', cap: 3 },
          },
        }),
      }),
    );
    await page.getByRole('button', { name: '预览' }).click();
    await page.getByLabel('我已阅读并同意以上个人信息处理方式').check();
    await page.getByRole('button', { name: '确认发布' }).click();
    const fieldError = page.locator('[data-field="items[0]"] .field-error');
    await fieldError.waitFor();
    expect(await fieldError.textContent()).toBe('超过了每次的上限（最多 3）。');
    expect(await page.getByText('The quantity is above').count()).toBe(0);
    await page.unroute('**/api/v1/posts');

    await page.getByRole('button', { name: '预览' }).click();
    await page.getByRole('heading', { name: '确认发布内容' }).waitFor();
    const consent = page.getByLabel('我已阅读并同意以上个人信息处理方式');
    if (!(await consent.isChecked())) await consent.check();
    await page.getByRole('button', { name: '确认发布' }).dblclick();
    await page.getByRole('heading', { name: '发布成功' }).waitFor();
    await page.getByRole('link', { name: '查看这条信息' }).click();
    await page.waitForURL(/\/posts\/[0-9a-f-]{36}$/);
    needId = new URL(page.url()).pathname.split('/').pop() ?? '';

    const mine = await page.evaluate(() => fetch('/api/v1/me/posts').then((r) => r.json()));
    expect((mine as { items: unknown[] }).items).toHaveLength(1);
  });

  test('the post page shows the red-flag notice from the catalogue', async () => {
    await page.getByRole('heading', { name: '出现以下情况请立即拨打120或就医' }).waitFor();
    expect(await page.locator('.red-flags li').count()).toBeGreaterThan(0);
    await page.getByText('布洛芬片 × 4 片').first().waitFor();
    await page.getByRole('heading', { name: '这是我发布的信息' }).waitFor();
    await screenshot(page, 'post-detail');
    await expectAccessible(page, 'post detail');
  });

  test('the square, nearest first from the browser position, starts with my need', async () => {
    await page.goto('/square?kind=need&sort=distance');
    await waitForFeed(page);
    const ids = await feedIds(page);
    expect(ids[0]).toBe(needId);
    const distances = await page.locator('.feed article .card-foot').evaluateAll((els) =>
      els.map((el) => {
        const m = /约 ([\d.]+) (米|公里)/.exec(el.textContent ?? '');
        return m ? Number(m[1]) / (m[2] === '米' ? 1000 : 1) : Number.NaN;
      }),
    );
    expect(distances.length).toBeGreaterThanOrEqual(3);
    expect(distances.every((d) => Number.isFinite(d))).toBe(true);
    expect([...distances].sort((a, b) => a - b)).toEqual(distances);
    await screenshot(page, 'square');
    await expectAccessible(page, 'square');
  });

  test('filters by region (province → city → district) and by item', async () => {
    await page.getByRole('button', { name: '筛选' }).click();
    await page.getByLabel('省份').selectOption('440000');
    await page.getByLabel('城市').selectOption('440300');
    await page.getByLabel('区县').selectOption('440305');
    await waitForFeed(page);
    expect(await feedIds(page)).toContain(needId);
    const places = await page.locator('.feed article .card-foot').allTextContents();
    expect(places.every((t) => t.includes('南山区'))).toBe(true);
    expect(page.url()).toContain('region=440305');

    await page.getByLabel('区县').selectOption('440304');
    await waitForFeed(page);
    expect(await feedIds(page)).not.toContain(needId);
    await page.getByLabel('区县').selectOption('');
    await waitForFeed(page);
    expect(await feedIds(page)).toContain(needId);

    // Item search finds brand aliases: 美林 is a children's ibuprofen suspension, not my tablets.
    await page.getByLabel('药品或物品').fill('美林');
    await page.getByRole('button', { name: /^布洛芬混悬液/ }).click();
    await waitForFeed(page);
    expect(await feedIds(page)).not.toContain(needId);
    await page.getByRole('button', { name: '换一个' }).click();
    await page.getByLabel('药品或物品').fill('blf');
    await page.getByRole('button', { name: /^布洛芬片/ }).click();
    await waitForFeed(page);
    const ids = await feedIds(page);
    expect(ids[0]).toBe(needId);
    const titles = await page.locator('.feed article .card-title').allTextContents();
    expect(titles.every((t) => t.includes('布洛芬片'))).toBe(true);
    expect(page.url()).toContain('medicineId=ibuprofen-tablet');
  });

  test('a deep link presets the square', async () => {
    await page.goto('/square?kind=need&region=440300&medicineId=ibuprofen-tablet&sort=distance');
    await waitForFeed(page);
    expect((await feedIds(page))[0]).toBe(needId);
    const chips = await page.locator('.active-filters button').allTextContents();
    expect(chips.join(' ')).toContain('布洛芬片');
    expect(chips.join(' ')).toContain('深圳市');
    expect(await page.getByRole('radio', { name: '离我最近' }).getAttribute('aria-checked')).toBe('true');
    expect(await page.getByRole('tab', { name: '求药' }).getAttribute('aria-selected')).toBe('true');
  });

  test('scrolling to the end loads the next page with the cursor', async () => {
    await page.goto('/square?kind=need&sort=time');
    await waitForFeed(page);
    const firstPage = await feedIds(page);
    expect(firstPage).toHaveLength(20);
    await page.locator('.feed-end').scrollIntoViewIfNeeded();
    await page.waitForFunction(() => document.querySelectorAll('.feed article').length > 20);
    const both = await feedIds(page);
    expect(both.slice(0, 20)).toEqual(firstPage);
    expect(new Set(both).size).toBe(both.length);
  });

  test('a banner tells of posts that arrived after the list was loaded', async () => {
    await page.goto('/square?kind=need&sort=time');
    await waitForFeed(page);
    const dave = await apiResident(server, '13600136004', '412');
    const fresh = await dave.post({
      kind: 'need',
      items: [{ medicineId: 'antigen-test-single', quantity: 1 }],
      location: { lat: 22.54, lng: 113.93 },
    });
    // The banner looks every 30 s and whenever the page becomes visible again; the latter is quicker here.
    await page.waitForTimeout(5500);
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.evaluate(() => window.dispatchEvent(new Event('visibilitychange')));
    const banner = page.getByRole('button', { name: '有 1 条新信息，点击查看' });
    await banner.waitFor();
    await banner.click();
    await waitForFeed(page);
    expect((await feedIds(page))[0]).toBe(fresh.id);
  });

  test('resolving the need takes it off the square', async () => {
    await page.goto(`/posts/${needId}`);
    await page.getByRole('button', { name: '已解决' }).click();
    await page.getByLabel('在药店买到了').check();
    await page.getByRole('button', { name: '确认已解决' }).click();
    await page.getByText('已标记为解决').waitFor();
    await page.goto('/square?kind=need&sort=distance');
    await waitForFeed(page);
    expect(await feedIds(page)).not.toContain(needId);
    await page.goto('/me');
    await page.getByRole('heading', { name: '我的发布' }).waitFor();
    await page.locator('.my-post').first().waitFor();
    expect(await page.locator('.my-post .badge').allTextContents()).toContain('已解决');
  });

  test('a second resident offers medicine and the first reveals the contact', async () => {
    const bobContext = await phoneContext(browser, server.base, BOB_AT);
    const bob = await bobContext.newPage();
    const bobErrors = watchErrors(bob);
    await loginInBrowser(bob, server.outbox, BOB);
    await verify(bob, '李华', idNumber('440304', '19900101', '456'));

    await bob.goto('/post/new?kind=offer');
    await bob.getByLabel('搜索并添加物品').fill('扑热息痛');
    await bob.getByRole('button', { name: /^对乙酰氨基酚片/ }).click();
    await bob.getByRole('button', { name: '增加对乙酰氨基酚片的数量' }).click();
    const nextYear = `${new Date().getFullYear() + 1}-06-30`;
    await bob.getByLabel('对乙酰氨基酚片的有效期至').fill(nextYear);
    await bob.getByRole('button', { name: '按地区选' }).click();
    await bob.getByLabel('省份').selectOption('440000');
    await bob.getByLabel('城市').selectOption('440300');
    await bob.getByLabel('区县').selectOption('440305');
    await bob.getByText('位置：广东省 深圳市 南山区').waitFor();
    await bob.getByRole('button', { name: '预览' }).click();
    await bob.getByLabel('我已阅读并同意以上个人信息处理方式').check();
    await bob.getByRole('button', { name: '确认发布' }).click();
    await bob.getByRole('heading', { name: '发布成功' }).waitFor();
    await bob.getByRole('link', { name: '查看这条信息' }).click();
    await bob.waitForURL(/\/posts\//);
    offerId = new URL(bob.url()).pathname.split('/').pop() ?? '';

    await page.goto('/square?kind=offer&sort=distance');
    await waitForFeed(page);
    expect(await feedIds(page)).toContain(offerId);
    await page.locator(`.feed a[href="/posts/${offerId}"]`).click();
    await page.getByText('139****9002').waitFor();
    await page.getByRole('button', { name: '查看完整电话' }).click();
    await page.getByText(/^今天还可查看 \d+ 次$/).waitFor();
    await page.getByRole('button', { name: '确认查看' }).click();
    const revealed = page.getByTestId('revealed-phone');
    await revealed.waitFor();
    // Shown in groups (139 0013 9002), with 拨打 and 复制 beside it.
    expect((await revealed.textContent())?.replace(/ /g, '')).toBe(BOB);
    await expectAccessible(page, 'post detail (offer, revealed)');

    await bob.goto('/me');
    await bob.getByText('1 人查看过您的电话').waitFor();
    expect(bobErrors).toEqual([]);
    await bobContext.close();
  });

  test('a post can be reported to the moderators', async () => {
    await page.goto(`/posts/${offerId}`);
    await page.getByRole('button', { name: '举报这条信息' }).click();
    await page.getByLabel('买卖或加价').check();
    await page.getByRole('button', { name: '提交举报' }).click();
    const outcome = page.locator('.report .notice, .report .field-error').first();
    await outcome.waitFor();
    // Until the server registers the moderation routes, the app says reporting is not open yet.
    const probe = await fetch(`${server.base}/api/v1/posts/${offerId}/reports`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const routeMissing =
      probe.status === 404 &&
      Boolean(((await probe.json()) as { error: { details: { path?: string } } }).error.details.path);
    expect(await outcome.textContent()).toContain(routeMissing ? '举报功能暂未开放' : '已收到举报');
  });

  test('a poster who keeps the phone private is reached by a message in the app', async () => {
    const erin = await apiResident(server, '13500135005', '513');
    const relay = await erin.post({
      kind: 'need',
      items: [{ medicineId: 'pulse-oximeter', quantity: 1 }],
      location: { lat: 22.536, lng: 113.935 },
      contactMode: 'relay',
      forWhom: 'family',
      flags: ['elderly', 'chronic'],
    });
    await page.goto(`/posts/${relay.id}`);
    await page.getByText('对方选择不公开电话').waitFor();
    await page.getByRole('button', { name: '给对方留言' }).click();
    await page.getByLabel('给发布者留言').fill('我家有一个血氧仪，明天上午可以送到小区门口。');
    await page.getByRole('button', { name: '发送' }).click();
    await page.waitForURL(/\/messages\//);
    await page.getByText('我家有一个血氧仪').waitFor();
    await expectAccessible(page, 'message thread');
  });

  test('the map shows the same query with clustered markers and a card on tap', async () => {
    await page.goto('/map?kind=need');
    await page.locator('.map-cluster, .map-marker').first().waitFor();
    await page.getByText('底图暂时无法加载').waitFor();
    await screenshot(page, 'map');
    await expectAccessible(page, 'map');

    await page.goto('/map?kind=offer&region=440305&medicineId=acetaminophen-tablet');
    const marker = page.locator('.map-marker[title*="对乙酰氨基酚片"]').first();
    await marker.waitFor();
    await marker.click();
    await page.locator('.map-sheet article').waitFor();
    expect(await page.locator('.map-sheet').textContent()).toContain('对乙酰氨基酚片');
  });

  test('the statistics show the top cities and items as charts', async () => {
    await page.goto('/stats');
    await page.getByRole('heading', { name: '互助统计' }).waitFor();
    await page.locator('.chart canvas').first().waitFor();
    // Top cities and items (4), and how the need resolved above was met.
    expect(await page.locator('.chart canvas').count()).toBe(5);
    expect(await page.locator('.chart table').allTextContents()).toContainEqual(
      expect.stringContaining('深圳市'),
    );
    expect(await page.locator('.outcomes .chart table').textContent()).toContain('在药店买到了');
    await screenshot(page, 'stats');
    await expectAccessible(page, 'stats');
  });

  test('the Me screen lists my posts with their state', async () => {
    await page.goto('/me');
    await page.locator('.my-post').first().waitFor();
    await screenshot(page, 'me');
    await expectAccessible(page, 'me');
  });

  test('English can be switched on and stays on', async () => {
    await page.goto('/square?kind=need');
    await waitForFeed(page);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'Needs' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.reload();
    await page.getByRole('tab', { name: 'Needs' }).waitFor();
    await waitForFeed(page);
    await page.getByRole('radio', { name: 'Nearest' }).waitFor();
    await screenshot(page, 'square-en');
    await expectAccessible(page, 'square (English)');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('tab', { name: '求药' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
  });

  test('elder mode enlarges text and targets and stays on', async () => {
    const before = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    await page.getByRole('button', { name: '大字' }).click();
    await page.reload();
    await waitForFeed(page);
    const after = await page.evaluate(() =>
      Number.parseFloat(getComputedStyle(document.documentElement).fontSize),
    );
    expect(after).toBeGreaterThan(before);
    expect(await page.getByRole('button', { name: '大字' }).getAttribute('aria-pressed')).toBe('true');
    const tab = await page.getByRole('tab', { name: '求药' }).boundingBox();
    expect(tab?.height ?? 0).toBeGreaterThanOrEqual(56);
    await screenshot(page, 'elder-mode');
    await expectAccessible(page, 'square (elder mode)');
    await page.getByRole('button', { name: '大字' }).click();
  });

  test('offline, the square says so and keeps what it had', async () => {
    await page.goto('/square?kind=need');
    await waitForFeed(page);
    await alice.setOffline(true);
    // "离线 · 数据更新于 HH:mm" (the time of the square pages the service worker kept).
    const bar = page.locator('.offline-bar').getByText(/^离线 · /);
    await bar.waitFor();
    expect(await page.locator('.feed article').count()).toBeGreaterThan(0);
    await alice.setOffline(false);
    await bar.waitFor({ state: 'detached' });
  });

  test('the browser console stayed clean', () => {
    expect(errors).toEqual([]);
  });
});
