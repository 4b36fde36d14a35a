import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type Store, schema } from '../../platform/db/index.ts';
import { freshStore } from '../../testing/template-db.ts';
import { NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

// DATABASE_READ_URL: the square and statistics read from a replica. Here the "replica" is a second
// database that the test copies rows into, standing for streaming replication with a lag.
let replica: Store;
let t: TestApp;
beforeAll(async () => {
  replica = await freshStore(inject('dbTemplate'));
  t = await testApp({ deps: { readStore: replica } });
});
afterAll(async () => {
  await t.close();
  await replica.close();
});

const replicate = async () => {
  const users = await t.store.db.select().from(schema.users);
  await replica.db.insert(schema.users).values(users).onConflictDoNothing();
  const posts = await t.store.db.select().from(schema.posts);
  const items = await t.store.db.select().from(schema.postItems);
  await replica.db.delete(schema.postItems);
  await replica.db.delete(schema.posts);
  if (posts.length) await replica.db.insert(schema.posts).values(posts);
  if (items.length) await replica.db.insert(schema.postItems).values(items);
};

describe('with a read replica', () => {
  test('the square and the statistics read the replica; a new post page falls back to the primary', async () => {
    const anon = t.as.anonymous();
    expect((await anon.get('/api/v1/health')).json()).toMatchObject({ readReplica: true });
    const resident = await t.as.resident();
    const post = await resident.createNeed({ at: NANSHAN });

    // Not replicated yet: the square does not show it, the poster's link to it still works.
    expect((await anon.get('/api/v1/posts?kind=need')).json().items).toEqual([]);
    expect((await anon.get('/api/v1/stats/summary')).json().totals.posts).toBe(0);
    const page = await anon.get(`/api/v1/posts/${post.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.json().id).toBe(post.id);

    await replicate();
    expect((await anon.get('/api/v1/posts?kind=need')).json().items.map((p: { id: string }) => p.id)).toEqual(
      [post.id],
    );
    expect((await anon.get('/api/v1/stats/summary')).json().totals.posts).toBe(1);

    // Writes always go to the primary: resolving works although the replica still says open.
    expect((await resident.post(`/api/v1/posts/${post.id}/resolve`)).statusCode).toBe(200);
    expect((await anon.get(`/api/v1/posts/${post.id}`)).json().status).toBe('open');
    await replicate();
    expect((await anon.get('/api/v1/posts?kind=need')).json().items).toEqual([]);
  });
});
