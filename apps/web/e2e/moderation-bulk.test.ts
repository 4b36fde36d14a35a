import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiResident,
  expectAccessible,
  launchBrowser,
  loginInBrowser,
  phoneContext,
  type Server,
  screenshot,
  startServer,
  watchErrors,
} from './harness.ts';

// Issue 18, bulk actions: one account's obvious spam taken down in one decision from the queue, with
// the author banned; another author's held post stays for its own decision.

const MODERATOR = '13900139051';
const HERE = { lat: 22.5329, lng: 113.9455 };
const SPAM = [
  { medicineId: 'ibuprofen-tablet', note: '布洛芬有多的，卫星 abc12345' },
  { medicineId: 'antigen-test-single', note: '抗原还有几个，加我qq 5566778' },
  { medicineId: 'acetaminophen-tablet', note: '泰诺林还有，🐧 5566778' },
];

let server: Server;
let browser: Browser;
let page: Page;
let errors: string[];
let spam: string[] = [];
let other = '';

const statusOf = async (id: string) =>
  ((await (await fetch(`${server.base}/api/v1/posts/${id}`)).json()) as { status?: string }).status;
beforeAll(async () => {
  server = await startServer();
  const spammer = await apiResident(server, '13700137051', '651');
  const honest = await apiResident(server, '13700137052', '652');
  spam = [];
  for (const { medicineId, note } of SPAM) {
    spam.push(
      (await spammer.post({ kind: 'need', items: [{ medicineId, quantity: 2 }], location: HERE, note })).id,
    );
  }
  other = (
    await honest.post({
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
      location: HERE,
      note: '布洛芬 jiage 好商量',
    })
  ).id;
  const { accounts, moderation } = server.running;
  if (!moderation) throw new Error('moderation is not enabled');
  await accounts.findOrCreate(MODERATOR);
  await moderation.setRole(null, MODERATOR, 'moderator');
  browser = await launchBrowser();
  page = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(page);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('bulk removal in the moderation queue (issue 18)', () => {
  test('a held post shows how many of its author’s posts are held; a lone one offers no bulk action', async () => {
    for (const id of [...spam, other]) expect(await statusOf(id)).toBe('review');
    await loginInBrowser(page, server.outbox, MODERATOR);
    await page.goto('/admin');
    const first = page.locator(`.queue-item[data-post-id="${spam[0]}"]`);
    await first.getByText('该作者：3 条待审').waitFor();
    expect(await page.locator(`.queue-item[data-post-id="${other}"] .queue-author`).count()).toBe(0);
  });

  test('one decision removes all three with one reason and bans the author; the other post stays', async () => {
    const first = page.locator(`.queue-item[data-post-id="${spam[0]}"]`);
    await first.getByRole('button', { name: '全部移除…' }).click();
    await first.getByRole('heading', { name: '一次移除该作者的 3 条待审信息' }).waitFor();
    await first.getByLabel('移除原因（发布者会看到）').selectOption('off_platform_contact');
    await first.getByLabel('同时封禁该账户（其他信息也会下架）').check();
    await screenshot(page, 'admin-queue-bulk');
    await expectAccessible(page, 'admin queue (bulk removal form)');
    await first.getByRole('button', { name: '移除这 3 条' }).click();
    await page.getByText('已移除该作者的 3 条待审信息并封禁账户，另下架了 0 条。').waitFor();
    for (const id of spam)
      await page.locator(`.queue-item[data-post-id="${id}"]`).waitFor({ state: 'detached' });
    for (const id of spam) expect(await statusOf(id)).toBe('removed');
    expect(await statusOf(other)).toBe('review');
    await page.locator(`.queue-item[data-post-id="${other}"]`).waitFor();
    // The shortcut's "last reason" is the one just given, so the next spam is one key away.
    await page.getByText(/按上次原因移除（站外联系方式）/).waitFor();
    expect(errors).toEqual([]);
  });
});
