import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiResident,
  codeFromOutbox,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  seriousViolations,
  startServer,
  watchErrors,
} from './harness.ts';

// The moderation console, end to end in Chromium against the real server on the embedded store: the
// rules hold two posts for review; a moderator logs in through the UI, finds the console from the Me
// screen, sees both posts with the signals that fired, approves one (it reaches the square) and removes
// the other with a reason (it is taken down), reads both actions in the audit log, bans a third post's
// author after a confirmation, dry-runs and publishes an edited rule; a visitor and a resident without
// the role are told they cannot enter; an admin grants the role from the console. axe on every screen;
// screenshots at 390×844.

const MODERATOR = '13900139021';
const RESIDENT = '13700137022';
// One weak signal (an off-platform QQ contact) holds a post for review; see the rules file.
const HELD_NOTE = '有需要的可以加我qq 12345678 联系';
const HONEST_NOTE = '家里有多的口罩，想换点布洛芬';

let server: Server;
let browser: Browser;
let modContext: BrowserContext;
let page: Page;
let errors: string[];
/** A resident without the role, logged in once (a phone gets one SMS code a minute). */
let resident: Page;
let approveId = '';
let removeId = '';
let honestId = '';

/** A post as anyone sees it through the public API. */
async function publicPost(id: string): Promise<{ status: string }> {
  const res = await fetch(`${server.base}/api/v1/posts/${id}`);
  return (await res.json()) as { status: string };
}

async function inSquare(id: string): Promise<boolean> {
  const res = await fetch(`${server.base}/api/v1/posts?limit=50`);
  return ((await res.json()) as { items: { id: string }[] }).items.some((p) => p.id === id);
}

const queueItem = (id: string) => page.locator(`.queue-item[data-post-id="${id}"]`);

beforeAll(async () => {
  server = await startServer();
  const poster = await apiResident(server, '13700137031', '631');
  // Different medicines, so the one-post-per-medicine quota does not refuse the second.
  const held = [
    await poster.post({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      location: { lat: 22.5329, lng: 113.9455 },
      note: HELD_NOTE,
    }),
    await poster.post({
      kind: 'need',
      items: [{ medicineId: 'antigen-test-single', quantity: 2 }],
      location: { lat: 22.5329, lng: 113.9455 },
      note: HELD_NOTE,
    }),
  ];
  approveId = held[0]?.id ?? '';
  removeId = held[1]?.id ?? '';
  const neighbour = await apiResident(server, '13700137032', '632');
  honestId = (
    await neighbour.post({
      kind: 'need',
      items: [{ medicineId: 'acetaminophen-tablet', quantity: 4 }],
      location: { lat: 22.5368, lng: 113.9412 },
      note: HONEST_NOTE,
    })
  ).id;

  // The first moderator is made by whoever runs the server (npm run admin:grant), not through the API.
  const { accounts, moderation } = server.running;
  if (!moderation) throw new Error('moderation is not enabled');
  await accounts.findOrCreate(MODERATOR);
  await moderation.setRole(null, MODERATOR, 'moderator');

  browser = await launchBrowser();
  modContext = await phoneContext(browser, server.base);
  page = await modContext.newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('the moderation console in a phone-sized Chromium', () => {
  test('the rules held both posts for review and kept the honest one', async () => {
    expect((await publicPost(approveId)).status).toBe('review');
    expect((await publicPost(removeId)).status).toBe('review');
    expect((await publicPost(honestId)).status).toBe('open');
    expect(await inSquare(approveId)).toBe(false);
  });

  test('a visitor who is not logged in is asked to log in', async () => {
    const context = await phoneContext(browser, server.base);
    const visitor = await context.newPage();
    const visitorErrors = watchErrors(visitor);
    await visitor.goto('/admin');
    await visitor.getByText('请先登录').waitFor();
    expect(await visitor.getByRole('link', { name: '去登录' }).getAttribute('href')).toBe('/me');
    expect(await visitor.getByRole('tab').count()).toBe(0);
    await expectAccessible(visitor, 'admin (logged out)');
    expect(visitorErrors).toEqual([]);
    await context.close();
  });

  test('a resident without the role sees "no permission", and the API agrees', async () => {
    resident = await (await phoneContext(browser, server.base)).newPage();
    const residentErrors = watchErrors(resident);
    await loginInBrowser(resident, server.outbox, RESIDENT);
    expect(await resident.getByRole('link', { name: '审核后台' }).count()).toBe(0);
    await resident.goto('/admin');
    await resident.getByText('没有权限').waitFor();
    expect(await resident.getByRole('tab').count()).toBe(0);
    const status = await resident.evaluate(() => fetch('/api/v1/moderation/queue').then((r) => r.status));
    expect(status).toBe(403);
    await screenshot(resident, 'admin-no-permission');
    await expectAccessible(resident, 'admin (no permission)');
    expect(residentErrors).toEqual([]);
  });

  test('the moderator logs in and finds the console on the Me screen', async () => {
    await loginInBrowser(page, server.outbox, MODERATOR);
    await page.getByRole('link', { name: '审核后台' }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByRole('heading', { name: '审核后台', level: 1 }).waitFor();
    expect(await page.getByRole('tab', { name: '待审队列' }).getAttribute('aria-selected')).toBe('true');
    // Moderators are not admins: no roles tab.
    expect(await page.getByRole('tab', { name: '角色' }).count()).toBe(0);
  });

  test('the queue shows both held posts with the signals that fired', async () => {
    await queueItem(approveId).waitFor();
    await queueItem(removeId).waitFor();
    expect(await page.locator('.queue-item').count()).toBe(2);
    const first = queueItem(approveId);
    expect(await first.getByText('待审核', { exact: true }).count()).toBe(1);
    expect(await first.locator('.queue-note').textContent()).toBe(HELD_NOTE);
    expect(await first.locator('.card-title').textContent()).toContain('布洛芬片 × 4 片');
    expect(await first.locator('.signal-category').allTextContents()).toContain('站外联系');
    const signalIds = await first.locator('.signal-id').allTextContents();
    expect(signalIds.some((id) => id.startsWith('contact.'))).toBe(true);
    expect(await first.locator('.queue-facts').textContent()).toContain('站外联系方式');
    expect(await page.getByRole('heading', { name: /待审队列/ }).textContent()).toContain('2 条');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-queue');
    await expectAccessible(page, 'admin queue');
  });

  test('approving a post publishes it on the square', async () => {
    await queueItem(approveId).getByRole('button', { name: '通过' }).click();
    await page.getByText(/^已通过：布洛芬片 × 4 片/).waitFor();
    await queueItem(approveId).waitFor({ state: 'detached' });
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^已通过/);
    expect((await publicPost(approveId)).status).toBe('open');
    expect(await inSquare(approveId)).toBe(true);
  });

  test('removing a post asks for a reason, then takes it down', async () => {
    const item = queueItem(removeId);
    await item.getByRole('button', { name: '移除' }).click();
    await item.getByRole('button', { name: '确认移除' }).click();
    await item.getByText('请选择一个原因。').waitFor();
    await expectAccessible(page, 'admin queue (remove form)');
    await item.getByLabel('移除原因（发布者会看到）').selectOption('off_platform_contact');
    await item.getByLabel('内部备注（选填）').fill('留QQ号引导站外联系');
    await item.getByRole('button', { name: '确认移除' }).click();
    await page.getByText(/^已移除：新冠病毒抗原检测试剂盒/).waitFor();
    await item.waitFor({ state: 'detached' });
    await page.getByText('队列是空的').waitFor();
    expect((await publicPost(removeId)).status).toBe('removed');
    expect(await inSquare(removeId)).toBe(false);
    const queue = await page.evaluate(() => fetch('/api/v1/moderation/queue').then((r) => r.json()));
    expect((queue as { items: unknown[] }).items).toEqual([]);
    await expectAccessible(page, 'admin queue (empty)');
  });

  test('the audit log shows both actions, newest first, with who, what, when and why', async () => {
    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.locator('.audit-entry').first().waitFor();
    const entries = page.locator('.audit-entry');
    // Role changes made from the command line are audited too (by 系统, the system).
    const actions = await entries.evaluateAll((els) => els.map((el) => el.getAttribute('data-action')));
    expect(actions.slice(0, 2)).toEqual(['remove', 'approve']);
    const removal = entries.nth(0);
    expect(await removal.textContent()).toContain('站外联系方式');
    expect(await removal.textContent()).toContain('留QQ号引导站外联系');
    expect(await removal.locator('dd').first().textContent()).toBe('我');
    expect(await removal.getByRole('link').getAttribute('href')).toBe(`/posts/${removeId}`);
    expect(await removal.locator('time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await entries.nth(1).getByRole('link').getAttribute('href')).toBe(`/posts/${approveId}`);
    expect(page.url()).toContain('tab=audit');
    await screenshot(page, 'admin-audit');
    await expectAccessible(page, 'admin audit log');
  });

  test('banning an author is confirmed first, then takes the account and its posts down', async () => {
    const spammer = await apiResident(server, '13700137033', '633');
    const held = await spammer.post({
      kind: 'need',
      items: [{ medicineId: 'pulse-oximeter', quantity: 1 }],
      location: { lat: 22.5401, lng: 113.9388 },
      note: HELD_NOTE,
    });
    await page.getByRole('tab', { name: '待审队列' }).click();
    await page.getByRole('button', { name: '刷新' }).click();
    const item = queueItem(held.id);
    await item.waitFor();
    await item.getByRole('button', { name: '封禁作者' }).click();
    await item.getByText(/^封禁后，该账户和它实名核验过的身份都不能再使用本平台/).waitFor();
    await item.getByLabel('封禁原因').selectOption('trading');
    await expectAccessible(page, 'admin queue (ban confirmation)');
    await item.getByRole('button', { name: '确认封禁' }).click();
    await page.getByText('已封禁作者的账户和实名身份，下架了 1 条信息。').waitFor();
    await item.waitFor({ state: 'detached' });
    expect((await publicPost(held.id)).status).toBe('removed');
    const audit = await page.evaluate(() => fetch('/api/v1/moderation/audit').then((r) => r.json()));
    expect((audit as { items: { action: string; details: unknown }[] }).items[0]).toMatchObject({
      action: 'ban',
      details: { postId: held.id, removedPosts: 1, identityBanned: true },
    });
  });

  test('a dry run shows what an edited rule would do to recent posts; bad edits are explained', async () => {
    await page.getByRole('tab', { name: '规则' }).click();
    await page.getByText('当前第 1 版').waitFor();
    const editor = page.getByLabel('规则（JSON）');
    const rules = JSON.parse(await editor.inputValue()) as { patterns: Record<string, unknown>[] };

    // Not JSON: said in the browser, nothing sent.
    await editor.fill('{ "patterns": [');
    await page.getByRole('button', { name: '试运行' }).click();
    await page.getByText(/^不是有效的 JSON/).waitFor();

    // JSON, but a broken pattern: the server's issues, path by path.
    const broken = structuredClone(rules);
    broken.patterns.push({ id: 'contact.broken', category: 'contact', pattern: '(', note: 'e2e' });
    await editor.fill(JSON.stringify(broken, null, 2));
    await page.getByRole('button', { name: '试运行' }).click();
    await page.getByText('规则集格式有误。').waitFor();
    expect(await page.locator('.rule-issues').textContent()).toContain('contact.broken');

    // A rule that holds every post mentioning 口罩: the honest post would go to review.
    const edited = structuredClone(rules);
    edited.patterns.push({
      id: 'contact.e2e_mask',
      category: 'contact',
      pattern: '口罩',
      weight: 'weak',
      note: 'e2e: hold masks for review',
    });
    await editor.fill(JSON.stringify(edited, null, 2));
    await page.getByRole('button', { name: '试运行' }).click();
    const result = page.locator('.dry-run');
    await result.waitFor();
    expect(await result.textContent()).toContain('1 条信息的结果会改变');
    // Exactly the last 7 days of posts, every state, and the model the edited rules run with.
    expect(await result.textContent()).toMatch(/最近 7 天（.+ 至 .+）发布的 \d+ 条信息，所有状态/);
    expect(await result.locator('.dry-run-model').textContent()).toMatch(/使用模型：trade-nb\./);
    expect(await result.locator('.dry-run-transitions').textContent()).toBe('直接发布 → 待审核：1 条');
    expect(await result.locator('.queue-note').allTextContents()).toEqual([HONEST_NOTE]);
    // Below the sticky header, with the buttons that ran it just above.
    await result.evaluate((el) => window.scrollBy(0, el.getBoundingClientRect().top - 130));
    await screenshot(page, 'admin-rules');
    await expectAccessible(page, 'admin rules (dry run)');
    // The dry run changed nothing.
    expect((await publicPost(honestId)).status).toBe('open');
  });

  test('publishing the edited rules needs a note and makes version 2', async () => {
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText('请写一句发布说明。').waitFor();
    await page.getByLabel('发布说明', { exact: true }).fill('e2e：提到口罩的信息先审核');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText(/^已发布为第 2 版/).waitFor();
    await page.getByText('当前第 2 版').waitFor();
    // The version records the model and the figures of the dry run it passed.
    expect(await page.locator('.rules-tested').textContent()).toMatch(
      /发布前试运行：最近 7 天的 \d+ 条信息，1 条结果改变（模型 trade-nb\./,
    );
    const active = await page.evaluate(() => fetch('/api/v1/moderation/rules').then((r) => r.json()));
    expect((active as { version: number }).version).toBe(2);
  });

  test('publishing over rules another moderator changed meanwhile is refused, keeping the draft', async () => {
    const editor = page.getByLabel('规则（JSON）');
    const draft = JSON.parse(await editor.inputValue()) as { note?: string };
    await editor.fill(JSON.stringify({ ...draft, note: 'e2e: 本人的修改' }, null, 2));
    // Meanwhile another moderator publishes version 3 (same session here; the server only sees versions).
    const other = await page.evaluate(async (rules) => {
      const res = await fetch('/api/v1/moderation/rules', {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ rules, note: '另一位审核员的修改', baseVersion: 2 }),
      });
      return res.status;
    }, draft);
    expect(other).toBe(200);
    await page.getByLabel('发布说明', { exact: true }).fill('e2e：基于第 2 版的修改');
    await page.getByRole('button', { name: '发布新版本' }).click();
    await page.getByText(/规则刚被其他审核员更新过/).waitFor();
    await page.getByText('当前第 3 版').waitFor();
    expect(await editor.inputValue()).toContain('e2e: 本人的修改');
    const active = await page.evaluate(() => fetch('/api/v1/moderation/rules').then((r) => r.json()));
    expect((active as { version: number; note: string }).note).toBe('另一位审核员的修改');
  });

  test('an admin grants the moderator role from the console', async () => {
    const { moderation } = server.running;
    await moderation?.setRole(null, MODERATOR, 'admin');
    await page.goto('/admin?tab=roles');
    await page.getByRole('tab', { name: '角色' }).waitFor();
    await page.getByLabel('手机号').fill('13700137099');
    await page.getByRole('button', { name: '设置角色' }).click();
    await page.getByText('这个手机号还没有登录过').waitFor();
    await page.getByLabel('手机号').fill(RESIDENT);
    await page.getByRole('radio', { name: '审核员' }).check();
    await page.getByRole('button', { name: '设置角色' }).click();
    await page.getByText('已将 137****7022 设为审核员。').waitFor();
    await expectAccessible(page, 'admin roles');

    // The resident, already logged in, can now open the console.
    await resident.goto('/me');
    await resident.getByRole('link', { name: '审核后台' }).click();
    await resident.getByRole('tab', { name: '待审队列' }).waitFor();
    await resident.getByText('队列是空的').waitFor();

    await page.getByRole('tab', { name: '审计日志' }).click();
    await page.locator('.audit-entry').first().waitFor();
    expect(await page.locator('.audit-entry').first().getAttribute('data-action')).toBe('set_role');
  });

  test('the browser console stayed clean', () => {
    expect(errors).toEqual([]);
  });
});
