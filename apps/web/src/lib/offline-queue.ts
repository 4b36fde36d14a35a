/**
 * Posts written offline (issue 15): kept on this device (IndexedDB, see outbox-store.ts) with the
 * Idempotency-Key made when the draft was confirmed, shown as 待发送, and sent when the connection
 * returns. The key goes with every attempt, so a retry — a second tab, a reload mid-send, an answer
 * lost on the way back — gets the same post from the server, never a second one.
 *
 * Pure logic over a small store interface: the unit tests run it on a Map, the app on IndexedDB.
 */
import type { CreatePostBody, PostView } from '@medrelay/contracts';
import { ApiError, NetworkError } from './api-client.ts';

export type QueuedState =
  /** Waiting for the connection. */
  | 'pending'
  /** The session expired (or another account is logged in here): log in as the owner to send it. */
  | 'needs_login'
  /** The server refused it for good (a rule, a field): the person edits or discards it. */
  | 'failed';

export interface QueuedPost {
  /** The Idempotency-Key, also the item's id in the store. */
  key: string;
  body: CreatePostBody;
  /** The account that wrote it: never sent from another account logged in on the same phone. */
  ownerId: string;
  /** ISO time it was queued. */
  queuedAt: string;
  state: QueuedState;
  /** The server's error code when state is failed, and its details (a field, a limit) for the message. */
  error?: string;
  errorDetails?: Record<string, unknown>;
}

export interface QueueStore {
  all(): Promise<QueuedPost[]>;
  put(post: QueuedPost): Promise<void>;
  remove(key: string): Promise<void>;
}

export type Send = (post: { body: CreatePostBody; key: string }) => Promise<PostView>;

export interface FlushResult {
  sent: PostView[];
  /** Still waiting: the connection is still down or the server is busy; try again later. */
  waiting: number;
  needsLogin: number;
  failed: number;
}

/** A queue in memory (tests; a browser without IndexedDB keeps drafts for the open page only). */
export function memoryStore(): QueueStore {
  const items = new Map<string, QueuedPost>();
  return {
    all: async () => [...items.values()].map((p) => structuredClone(p)),
    put: async (post) => void items.set(post.key, structuredClone(post)),
    remove: async (key) => void items.delete(key),
  };
}

export async function enqueue(
  store: QueueStore,
  post: { key: string; body: CreatePostBody; ownerId: string },
  now = new Date(),
): Promise<QueuedPost> {
  const queued: QueuedPost = { ...post, queuedAt: now.toISOString(), state: 'pending' };
  await store.put(queued);
  return queued;
}

/** Oldest first, so posts go out in the order they were written. */
export async function listQueued(store: QueueStore): Promise<QueuedPost[]> {
  return (await store.all()).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
}

/** Is this error the connection (or a busy server) rather than an answer about the post itself? */
const retryable = (err: unknown) =>
  err instanceof NetworkError ||
  (err instanceof ApiError && (err.status >= 500 || err.status === 429 || err.status === 408));

/**
 * Sends what is waiting, oldest first, as the logged-in account `userId` (null: logged out).
 * A sent post leaves the queue; a 401 (or another account) keeps it as needs_login; a refusal keeps it
 * as failed with the server's code; trouble with the connection stops the run and keeps the rest.
 * Items marked needs_login are tried again once their owner is logged in.
 */
export async function flushQueue(store: QueueStore, send: Send, userId: string | null): Promise<FlushResult> {
  const result: FlushResult = { sent: [], waiting: 0, needsLogin: 0, failed: 0 };
  const items = await listQueued(store);
  let stopped = false;
  for (const item of items) {
    if (item.state === 'failed') {
      result.failed++;
      continue;
    }
    if (stopped) {
      result.waiting++;
      continue;
    }
    if (!userId || userId !== item.ownerId) {
      if (item.state !== 'needs_login') await store.put({ ...item, state: 'needs_login' });
      result.needsLogin++;
      continue;
    }
    try {
      const post = await send({ body: item.body, key: item.key });
      await store.remove(item.key);
      result.sent.push(post);
    } catch (err) {
      if (retryable(err)) {
        stopped = true;
        if (item.state !== 'pending') await store.put({ ...item, state: 'pending' });
        result.waiting++;
      } else if (err instanceof ApiError && err.status === 401) {
        await store.put({ ...item, state: 'needs_login' });
        result.needsLogin++;
      } else {
        const code = err instanceof ApiError ? err.code : 'unknown';
        const details = err instanceof ApiError ? err.details : {};
        await store.put({ ...item, state: 'failed', error: code, errorDetails: details });
        result.failed++;
      }
    }
  }
  return result;
}

/**
 * One run at a time in this page: a flush asked for while one is running waits for it and then runs
 * once more (something may have been queued meanwhile), instead of sending the same item twice at once.
 */
export function singleFlight<T>(run: () => Promise<T>): () => Promise<T> {
  let current: Promise<T> | undefined;
  let again: Promise<T> | undefined;
  return () => {
    if (!current) {
      current = run().finally(() => {
        current = undefined;
      });
      return current;
    }
    again ??= current
      .catch(() => undefined)
      .then(() => {
        again = undefined;
        current = run().finally(() => {
          current = undefined;
        });
        return current;
      });
    return again;
  };
}

/** Was this attempt to publish cut off by the connection, so the post belongs in the queue? */
export const shouldQueue = (err: unknown, online: boolean): boolean => !online || err instanceof NetworkError;
