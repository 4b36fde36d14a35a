import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  apiSession,
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

// Issue 14, a quiz in Chromium: an operator builds a question bank and a quiz whose first tier is
// two participants for 10 points; two verified residents answer it in their browsers; the window
// closes (the server's clock runs with the real one plus an offset the test moves) and the
// settlement credits 5 points to each, which each resident sees; the operator reads the figures.

const OPERATOR = '13800138421';
const ADMIN = '13900139422';
const RESIDENT_A = '13700137423';
const RESIDENT_B = '13700137424';
const MIN = 60_000;
const QUIZ = '居家用药知识答题';

const clock = offsetClock();
let server: Server;
let browser: Browser;
let operator: Page;
let a: Page;
let b: Page;
let errors: string[];
let partnerId = '';

/** "YYYY-MM-DDTHH:mm" in China time, `minutes` from now: what the datetime-local field takes. */
const chinaLocal = (minutes: number) =>
  new Date(Date.now() + minutes * MIN + 8 * 60 * MIN).toISOString().slice(0, 16);

beforeAll(async () => {
  server = await startServer({}, clock);
  const { running } = server;
  if (!running.moderation) throw new Error('moderation is not enabled');
  await running.accounts.findOrCreate(ADMIN);
  await running.moderation.setRole(null, ADMIN, 'admin');
  // The institution exists and is approved (the partner pages have their own browser tests).
  const asOperator = await apiSession(server, OPERATOR);
  const applied = await asOperator('POST', '/partners', {
    name: '南山区桃源街道办',
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000421',
    regionCodes: ['440305'],
  });
  partnerId = String(applied.id);
  const asAdmin = await apiSession(server, ADMIN);
  await asAdmin('POST', `/admin/partners/${partnerId}/decision`, { decision: 'approved' });
  // Both residents have passed real-name verification (its screen has its own browser test).
  for (const [phone, seq] of [
    [RESIDENT_A, '423'],
    [RESIDENT_B, '424'],
  ] as const) {
    const as = await apiSession(server, phone);
    await as('POST', '/me/verification', { name: '李四', idNumber: idNumber('440304', '19790301', seq) });
  }

  // The browser logins below ask for new codes for the same phones: past the 60 s between two codes.
  clock.offset += 2 * MIN;
  browser = await launchBrowser();
  operator = await (await phoneContext(browser, server.base)).newPage();
  a = await (await phoneContext(browser, server.base)).newPage();
  b = await (await phoneContext(browser, server.base)).newPage();
  errors = watchErrors(a);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const openQuizTab = async () => {
  await operator.goto(`/partner/${partnerId}?tab=community`);
  await operator.getByRole('tab', { name: '答题活动' }).click();
};

describe('a quiz with a reward pool in a phone-sized Chromium', () => {
  test('the operator builds a bank and a quiz (2 participants → 10 points) in the community section', async () => {
    await loginInBrowser(operator, server.outbox, OPERATOR);
    await openQuizTab();
    await operator.getByLabel('题库名称').fill('居家用药知识');
    await operator.getByRole('button', { name: '新建题库' }).click();
    await operator.getByText('题库里还没有题目。').waitFor();
    await operator.getByText('添加题目', { exact: true }).first().click();
    await operator.getByLabel('题目', { exact: true }).fill('布洛芬和对乙酰氨基酚可以同时吃吗？');
    await operator.getByLabel('选项（每行一个）').fill('可以\n不建议同时服用');
    await operator.getByRole('radio', { name: '不建议同时服用' }).check();
    await operator.getByLabel('解析（交卷并结束后给答题者看）').fill('两者都是退烧药，同时服用易过量。');
    await operator.getByRole('button', { name: '添加题目', exact: true }).click();
    await operator.getByText('已添加').waitFor();
    await operator.getByText('答案：不建议同时服用').waitFor();
    await expect
      .poll(() => operator.getByLabel('选择题库').first().textContent())
      .toContain('居家用药知识（1 道题）');

    await operator.getByText('发起答题').click();
    await operator.getByLabel('活动名称').fill(QUIZ);
    await operator.getByLabel('每人抽题数量').fill('1');
    await operator.getByLabel('结束时间').fill(chinaLocal(10));
    await operator.getByLabel('每次答题限时（分钟）').fill('5');
    await operator.getByRole('button', { name: '删除第 3 档' }).click();
    await operator.getByRole('button', { name: '删除第 2 档' }).click();
    await operator.getByLabel('第 1 档参与人数').fill('2');
    await operator.getByLabel('第 1 档奖池积分').fill('10');
    await expectAccessible(operator, 'quiz workspace: bank and new quiz');
    await operator.getByRole('button', { name: '发起', exact: true }).click();
    await operator.getByText('已发起').waitFor();
    await operator.getByRole('heading', { name: QUIZ }).waitFor();
    await operator.getByText('开始 0 人 · 交卷 0 人').waitFor();
  });

  test('two verified residents answer in their browsers; the answer is not in the page before submitting', async () => {
    for (const page of [a, b]) {
      await loginInBrowser(page, server.outbox, page === a ? RESIDENT_A : RESIDENT_B);
      await page.goto('/quizzes');
      await page.getByRole('link', { name: QUIZ }).click();
      await page.waitForURL(/\/quizzes\/[0-9a-f-]{36}$/);
      await page.getByText('满 2 人参与：奖池 10 积分').waitFor();
      if (page === a) {
        await expectAccessible(a, 'quiz page before starting');
      }
      await page.getByRole('button', { name: '开始答题' }).click();
      await page.getByRole('timer').waitFor();
      expect(await page.content()).not.toContain('同时服用易过量');
      if (page === a) {
        await expectAccessible(a, 'answering a quiz');
        await screenshot(a, 'quiz-answering');
      }
      await page.getByRole('radio', { name: '不建议同时服用' }).check();
      await page.getByRole('button', { name: '交卷' }).click();
      await page.getByText('答对 1 / 1 题').waitFor();
      await page.getByText('全部答对！可参与瓜分奖池。').waitFor();
    }
    await a.getByText(/奖励将在活动结束/).waitFor();
  });

  test('the window closes: each resident sees 5 points, the operator the tier, winners and share', async () => {
    clock.offset += 11 * MIN;
    expect(await server.running.quizJob.runOnce()).toEqual({ settled: 1 });
    for (const page of [a, b]) {
      await page.reload();
      await page.getByText('获得 5 积分').waitFor();
      await page.getByText('正确答案：不建议同时服用').waitFor();
    }
    await a.getByText('两者都是退烧药，同时服用易过量。').waitFor();
    await expectAccessible(a, 'quiz result with the reward');
    await screenshot(a, 'quiz-resident');
    await b.goto('/quizzes');
    await b.getByText('南山区桃源街道办：5 积分').waitFor();
    await expectAccessible(b, 'quizzes list with my points');

    await openQuizTab();
    await operator.getByText('参与 2 人 · 达到 2 人档，奖池 10 积分 · 全对 2 人 · 每人 5 积分').waitFor();
    await expectAccessible(operator, 'quiz figures');
    await operator.getByRole('heading', { name: QUIZ }).scrollIntoViewIfNeeded();
    await screenshot(operator, 'quiz-operator');
  });

  test('elder mode and English on the result', async () => {
    await a.getByRole('link', { name: '← 答题活动' }).waitFor();
    await a.getByRole('button', { name: '大字' }).click();
    await a.getByText('获得 5 积分').waitFor();
    await screenshot(a, 'quiz-resident-elder');
    await expectAccessible(a, 'quiz result (elder mode)');
    await a.getByRole('button', { name: 'English' }).click();
    await a.getByText('You won 5 points').waitFor();
    await a.getByText('Answers and explanations').waitFor();
    await expectAccessible(a, 'quiz result (English)');
    expect(errors).toEqual([]);
  });
});
