import type { CreatePostBody, PostView } from '@medrelay/contracts';
import { describe, expect, test } from 'vitest';
import { ApiError, NetworkError } from './api-client.ts';
import {
  enqueue,
  flushQueue,
  listQueued,
  memoryStore,
  type QueueStore,
  type Send,
  shouldQueue,
  singleFlight,
} from './offline-queue.ts';

const body = (note: string) => ({ kind: 'need', note }) as unknown as CreatePostBody;
const OWNER = 'user-1';

/**
 * A stand-in for POST /posts that keeps the server's promise: one post per Idempotency-Key, the same
 * post for a retry. `fail` makes the next calls throw instead.
 */
function server() {
  const byKey = new Map<string, PostView>();
  const calls: string[] = [];
  const fail: unknown[] = [];
  const send: Send = async ({ key }) => {
    calls.push(key);
    const err = fail.shift();
    if (err) throw err;
    let post = byKey.get(key);
    if (!post) {
      post = { id: `post-${byKey.size + 1}` } as PostView;
      byKey.set(key, post);
    }
    return post;
  };
  return { send, calls, fail, posts: () => byKey.size };
}

async function queued(store: QueueStore, ...keys: string[]) {
  let t = Date.parse('2026-11-30T02:00:00Z');
  for (const key of keys)
    await enqueue(store, { key, body: body(key), ownerId: OWNER }, new Date((t += 60_000)));
}

describe('offline post queue', () => {
  test('a queued post is sent once with its key, and leaves the queue', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a');
    expect(await listQueued(store)).toMatchObject([{ key: 'key-a', state: 'pending', ownerId: OWNER }]);
    const result = await flushQueue(store, api.send, OWNER);
    expect(result.sent).toEqual([{ id: 'post-1' }]);
    expect(api.calls).toEqual(['key-a']);
    expect(await listQueued(store)).toEqual([]);
    // Nothing left: a second flush sends nothing.
    await flushQueue(store, api.send, OWNER);
    expect(api.calls).toEqual(['key-a']);
  });

  test('posts go out oldest first', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-b', 'key-a', 'key-c');
    await flushQueue(store, api.send, OWNER);
    expect(api.calls).toEqual(['key-b', 'key-a', 'key-c']);
  });

  test('still offline: the post stays pending and the rest are not tried', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a', 'key-b');
    api.fail.push(new NetworkError());
    const result = await flushQueue(store, api.send, OWNER);
    expect(result).toMatchObject({ sent: [], waiting: 2 });
    expect(api.calls).toEqual(['key-a']);
    expect((await listQueued(store)).map((p) => p.state)).toEqual(['pending', 'pending']);
  });

  test('a lost answer then a retry: the same key, one post on the server', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a');
    // The server made the post, but the answer never arrived (the connection dropped again).
    const lost: Send = async (p) => {
      await api.send(p);
      throw new NetworkError();
    };
    await flushQueue(store, lost, OWNER);
    expect(await listQueued(store)).toHaveLength(1);
    const result = await flushQueue(store, api.send, OWNER);
    expect(result.sent).toEqual([{ id: 'post-1' }]);
    expect(api.calls).toEqual(['key-a', 'key-a']);
    expect(api.posts()).toBe(1);
  });

  test('a busy server (5xx, 429) keeps the post for later', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a');
    api.fail.push(new ApiError(503, 'internal_error'));
    expect(await flushQueue(store, api.send, OWNER)).toMatchObject({ waiting: 1 });
    api.fail.push(new ApiError(429, 'rate_limited'));
    expect(await flushQueue(store, api.send, OWNER)).toMatchObject({ waiting: 1 });
    expect(await flushQueue(store, api.send, OWNER)).toMatchObject({ waiting: 0, sent: [{ id: 'post-1' }] });
  });

  test('the session expired: kept as needs_login, sent once the owner is back', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a');
    api.fail.push(new ApiError(401, 'unauthenticated'));
    expect(await flushQueue(store, api.send, OWNER)).toMatchObject({ needsLogin: 1 });
    expect(await listQueued(store)).toMatchObject([{ key: 'key-a', state: 'needs_login' }]);
    // Logged out: nothing is sent.
    expect(await flushQueue(store, api.send, null)).toMatchObject({ needsLogin: 1 });
    expect(api.calls).toEqual(['key-a']);
    // Logged in again as the owner: sent with the same key.
    expect(await flushQueue(store, api.send, OWNER)).toMatchObject({ sent: [{ id: 'post-1' }] });
    expect(api.calls).toEqual(['key-a', 'key-a']);
    expect(await listQueued(store)).toEqual([]);
  });

  test('another account logged in on the same phone never sends the owner’s post', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a');
    expect(await flushQueue(store, api.send, 'someone-else')).toMatchObject({ needsLogin: 1, sent: [] });
    expect(api.calls).toEqual([]);
    expect(await listQueued(store)).toMatchObject([{ state: 'needs_login' }]);
  });

  test('a refusal is kept as failed with the server’s code and not sent again', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a', 'key-b');
    api.fail.push(new ApiError(422, 'quota_same_medicine', { hours: 24 }));
    const result = await flushQueue(store, api.send, OWNER);
    expect(result).toMatchObject({ failed: 1, sent: [{ id: 'post-1' }] });
    expect(await listQueued(store)).toMatchObject([
      { key: 'key-a', state: 'failed', error: 'quota_same_medicine', errorDetails: { hours: 24 } },
    ]);
    await flushQueue(store, api.send, OWNER);
    expect(api.calls).toEqual(['key-a', 'key-b']);
  });

  test('two flushes at once in a page: each post is sent by one of them only', async () => {
    const store = memoryStore();
    const api = server();
    await queued(store, 'key-a', 'key-b');
    const flush = singleFlight(() => flushQueue(store, api.send, OWNER));
    await Promise.all([flush(), flush(), flush()]);
    expect(api.calls).toEqual(['key-a', 'key-b']);
    expect(api.posts()).toBe(2);
  });

  test('singleFlight runs once more for a call made during a run (something may have been queued)', async () => {
    let runs = 0;
    let release: () => void = () => undefined;
    const flush = singleFlight(
      () =>
        new Promise<number>((resolve) => {
          runs++;
          release = () => resolve(runs);
        }),
    );
    const first = flush();
    const second = flush();
    const third = flush();
    expect(second).toBe(third);
    release();
    expect(await first).toBe(1);
    await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
    release();
    expect(await second).toBe(2);
    expect(runs).toBe(2);
  });

  test('only a cut connection sends a post to the queue', () => {
    expect(shouldQueue(new NetworkError(), true)).toBe(true);
    expect(shouldQueue(new ApiError(422, 'validation_failed'), false)).toBe(true);
    expect(shouldQueue(new ApiError(422, 'validation_failed'), true)).toBe(false);
    expect(shouldQueue(new ApiError(500, 'internal_error'), true)).toBe(false);
  });
});
