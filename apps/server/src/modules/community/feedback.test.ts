import { FEEDBACK_PER_DAY, MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
let moderator: Client;
beforeAll(async () => {
  t = await testApp();
  moderator = await t.as.resident();
  await t.setRole(moderator, 'moderator');
});
afterAll(() => t.close());

const send = (who: Client, body = '希望增加儿童退烧药的分类筛选', category = 'suggestion') =>
  who.post('/api/v1/feedback', { category, body });

describe('反馈建议', () => {
  test('a resident writes; moderators see it without who wrote it, mark it read and answer; the resident is told', async () => {
    const resident = await t.as.resident();
    const sent = await send(resident);
    expect(sent.statusCode, sent.body).toBe(201);
    const id = sent.json().id;
    expect(sent.json()).toMatchObject({ status: 'new', reply: null });
    const queue = await moderator.get('/api/v1/admin/feedback?status=new');
    expect(queue.statusCode).toBe(200);
    expect(queue.json().items.map((f: { id: string }) => f.id)).toContain(id);
    expect(queue.body).not.toContain(resident.phone);
    expect(queue.body).not.toMatch(MOBILE_IN_TEXT);
    expect(queue.body).not.toMatch(/userId/);
    expect((await moderator.post(`/api/v1/admin/feedback/${id}/read`)).json().status).toBe('read');
    const answered = await moderator.post(`/api/v1/admin/feedback/${id}/answer`, {
      reply: '已加入计划，谢谢！',
    });
    expect(answered.json()).toMatchObject({ status: 'answered', reply: '已加入计划，谢谢！' });
    const mine = (await resident.get('/api/v1/me/feedback')).json().items;
    expect(mine[0]).toMatchObject({ id, status: 'answered', reply: '已加入计划，谢谢！' });
    const inbox = (await resident.get('/api/v1/me/notifications')).json().items;
    expect(inbox.find((n: { type: string }) => n.type === 'feedback_answered')).toMatchObject({
      data: { feedbackId: id },
    });
  });

  test('residents cannot read the queue or answer', async () => {
    const resident = await t.as.resident();
    const id = (await send(resident)).json().id;
    expect((await resident.get('/api/v1/admin/feedback')).statusCode).toBe(403);
    expect((await resident.post(`/api/v1/admin/feedback/${id}/answer`, { reply: 'x' })).statusCode).toBe(403);
    expect(
      (await t.as.anonymous().post('/api/v1/feedback', { category: 'other', body: '匿名的建议' })).statusCode,
    ).toBe(401);
  });

  test(`at most ${FEEDBACK_PER_DAY} a day per person: the next is refused and not stored`, async () => {
    const resident = await t.as.resident();
    for (let i = 0; i < FEEDBACK_PER_DAY; i++)
      expect((await send(resident, `第${i}条建议，谢谢`)).statusCode).toBe(201);
    const over = await send(resident, '再来一条建议');
    expect(over.statusCode).toBe(429);
    expect(over.json().error.code).toBe('feedback_limit');
    expect((await resident.get('/api/v1/me/feedback')).json().items).toHaveLength(FEEDBACK_PER_DAY);
    // Someone else is not held back.
    expect((await send(await t.as.resident())).statusCode).toBe(201);
  });
});
