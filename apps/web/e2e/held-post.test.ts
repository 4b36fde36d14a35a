import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
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

// Issue 16, item 1: "50元一瓶" in a need gave a green ✓ and no reason. Now the form warns while the
// resident types (the publishing rules through a dry run), the success screen says why the post is
// held, and the owner edits the held post from the Me page until it publishes.

const RESIDENT = '13700137061';
const PRICE_NOTE = '50元一瓶';
const CONTACT_NOTE = '有需要的可以加我qq 12345678 联系';
const HONEST_NOTE = '孩子发烧，需要布洛芬，可以在小区门口自取';

let server: Server;
let browser: Browser;
let page: Page;
let errors: string[];
let postId = '';

const statusOf = async (id: string) =>
  ((await (await fetch(`${server.base}/api/v1/posts/${id}`)).json()) as { status?: string }).status;
const warning = () => page.locator('.screening-notice');

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(page);
  await loginInBrowser(page, server.outbox, RESIDENT);
  // Real-name verification is not what this test is about: done through the API with the session.
  const verified = await page.evaluate(
    (idNumber) =>
      fetch('/api/v1/me/verification', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: '王五', idNumber }),
      }).then((r) => r.status),
    idNumber('440305', '19880808', '661'),
  );
  expect(verified).toBe(200);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('a held post says why, and its owner can edit it (issue 16)', () => {
  test('typing a price warns before publishing; taking it out clears the warning', async () => {
    await page.goto('/post/new');
    await page.getByRole('heading', { name: '发布信息' }).waitFor();
    await page.getByLabel('搜索并添加物品').fill('blf');
    await page.getByRole('button', { name: /^布洛芬片/ }).click();
    await page.getByRole('button', { name: '使用我的位置' }).click();
    await page.getByText(/已获取您的位置/).waitFor();
    const note = page.getByLabel('补充说明（选填）');
    await note.fill(HONEST_NOTE);
    await note.fill(PRICE_NOTE);
    await warning().waitFor();
    expect(await warning().getAttribute('data-outcome')).toBe('review');
    expect(await warning().textContent()).toContain('内容含价格或收钱信息');
    await expectAccessible(page, 'post form with the screening warning');
    await note.fill(HONEST_NOTE);
    await warning().waitFor({ state: 'detached' });
    await note.fill(PRICE_NOTE);
    await warning().waitFor();
  });

  test('published anyway, it is held, and the success screen says why', async () => {
    await page.getByRole('button', { name: '预览' }).click();
    // Said once more on the last step, next to 确认发布.
    await warning().waitFor();
    await page.getByLabel('我已阅读并同意以上个人信息处理方式').check();
    await page.getByRole('button', { name: '确认发布' }).click();
    await page.getByRole('heading', { name: '已提交，等待审核' }).waitFor();
    const reason = page.locator('.held-reason');
    await reason.waitFor();
    expect(await reason.textContent()).toContain('暂未公开，原因：内容含价格或收钱信息');
    expect(await page.locator('.success-mark').textContent()).toBe('!');
    postId = (await page.getByRole('link', { name: '修改信息' }).getAttribute('href'))?.split('/')[2] ?? '';
    expect(await statusOf(postId)).toBe('review');
    await screenshot(page, 'held-post-after');
    await expectAccessible(page, 'held post success screen');
  });

  test('from the Me page the owner edits it; still held, it says the new reason', async () => {
    await page.goto('/me');
    const mine = page.locator('.my-post').filter({ hasText: '审核中' });
    await mine.getByRole('link', { name: '修改信息' }).click();
    await page.getByRole('heading', { name: '修改待审核的信息' }).waitFor();
    const note = page.getByLabel('补充说明（选填）');
    expect(await note.inputValue()).toBe(PRICE_NOTE);
    await note.fill(CONTACT_NOTE);
    await warning().filter({ hasText: '内容含站外联系方式' }).waitFor();
    await expectAccessible(page, 'edit a held post');
    await page.getByRole('button', { name: '保存并重新提交' }).click();
    await page.getByRole('heading', { name: '已保存，仍需审核' }).waitFor();
    expect(await page.locator('.held-reason').textContent()).toContain('内容含站外联系方式');
    expect(await statusOf(postId)).toBe('review');
  });

  test('edited again with an honest note and one more item, it publishes on the square', async () => {
    await page.getByRole('button', { name: '再次修改' }).click();
    await page.getByLabel('再添加一种').fill('扑热息痛');
    await page.getByRole('button', { name: /^对乙酰氨基酚片/ }).click();
    const note = page.getByLabel('补充说明（选填）');
    await note.fill(HONEST_NOTE);
    await page.getByRole('button', { name: '保存并重新提交' }).click();
    await page.getByRole('heading', { name: '已通过，信息已在广场展示' }).waitFor();
    expect(await statusOf(postId)).toBe('open');
    const post = (await (await fetch(`${server.base}/api/v1/posts/${postId}`)).json()) as {
      note: string;
      items: { medicineId: string }[];
    };
    expect(post.note).toBe(HONEST_NOTE);
    expect(post.items.map((i) => i.medicineId)).toEqual(['ibuprofen-tablet', 'acetaminophen-tablet']);
    await page.goto('/me');
    await page.locator('.my-post').first().waitFor();
    expect(await page.getByRole('link', { name: '修改信息' }).count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
