/**
 * The page's view of the offline outbox: what is queued (for the 待发送 list), adding a post written
 * offline, sending when the connection returns, discarding a refused one. One flush at a time in the
 * page; other tabs may flush too — the Idempotency-Key makes the server answer them with the same post.
 */
import type { CreatePostBody, PostView } from '@medrelay/contracts';
import { useSyncExternalStore } from 'react';
import {
  enqueue,
  type FlushResult,
  flushQueue,
  listQueued,
  type QueuedPost,
  type Send,
  singleFlight,
} from '../../lib/offline-queue.ts';
import { browserStore } from './outbox-store.ts';

const store = browserStore();
let items: QueuedPost[] = [];
const listeners = new Set<() => void>();

async function refresh(): Promise<void> {
  items = await listQueued(store);
  for (const l of listeners) l();
}
void refresh().catch(() => undefined);

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

/** The queued posts, oldest first. */
export const useOutbox = (): QueuedPost[] => useSyncExternalStore(subscribe, () => items);

export async function queuePost(post: { key: string; body: CreatePostBody; ownerId: string }) {
  const queued = await enqueue(store, post);
  await refresh();
  return queued;
}

export async function discardQueued(key: string): Promise<void> {
  await store.remove(key);
  await refresh();
}

let pending: { send: Send; userId: string | null } | undefined;
const run = singleFlight(async (): Promise<FlushResult> => {
  const args = pending;
  if (!args) return { sent: [], waiting: 0, needsLogin: 0, failed: 0 };
  try {
    return await flushQueue(store, args.send, args.userId);
  } finally {
    await refresh();
  }
});

/** Sends what is waiting as `userId` (null: logged out); see flushQueue. */
export function flushOutbox(send: Send, userId: string | null): Promise<FlushResult> {
  pending = { send, userId };
  return run();
}

export type { PostView, QueuedPost };
