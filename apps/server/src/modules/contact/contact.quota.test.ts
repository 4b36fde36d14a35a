import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

describe('before revealing a number', () => {
  test('a helper learns how many reveals are left today and this hour; seeing a number again spends none', async () => {
    const [owner, helper] = [await t.as.resident(), await t.as.resident()];
    const post = await owner.createOffer();
    const fresh = await helper.get('/api/v1/me/reveal-quota');
    expect(fresh.statusCode, fresh.body).toBe(200);
    expect(fresh.headers['cache-control']).toBe('no-store');
    expect(fresh.json()).toEqual({ leftToday: 10, leftThisHour: 3, perDay: 10, perHour: 3 });
    await helper.post(`/api/v1/posts/${post.id}/contact`);
    await helper.post(`/api/v1/posts/${post.id}/contact`);
    expect((await helper.get('/api/v1/me/reveal-quota')).json()).toMatchObject({
      leftToday: 9,
      leftThisHour: 2,
    });
    expect((await t.as.anonymous().get('/api/v1/me/reveal-quota')).statusCode).toBe(401);
  });

  test('anyone sees how many people already responded to a post, never who', async () => {
    const owner = await t.as.resident();
    const post = await owner.createOffer({ medicineId: 'ibuprofen-tablet' });
    const count = async () => (await t.as.anonymous().get(`/api/v1/posts/${post.id}/responses`)).json();
    expect(await count()).toEqual({ count: 0 });
    const [first, second] = [await t.as.resident(), await t.as.resident()];
    await first.post(`/api/v1/posts/${post.id}/contact`);
    // The same person revealing and writing is one response.
    await first.post(`/api/v1/posts/${post.id}/messages`, { text: '我想要两片' });
    await second.post(`/api/v1/posts/${post.id}/messages`, { text: '还有吗？' });
    expect(await count()).toEqual({ count: 2 });
    const unknown = await t.as
      .anonymous()
      .get('/api/v1/posts/00000000-0000-4000-8000-000000000000/responses');
    expect(unknown.statusCode).toBe(404);
  });
});
