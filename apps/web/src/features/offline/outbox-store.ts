import { createStore, del, entries, set } from 'idb-keyval';
import { memoryStore, type QueuedPost, type QueueStore } from '../../lib/offline-queue.ts';

/**
 * The outbox in IndexedDB (idb-keyval, its own database so nothing else shares it): it outlives a
 * reload, a closed tab and a restarted phone. Without IndexedDB (some private modes) the drafts are
 * kept for the open page only.
 */
export function browserStore(): QueueStore {
  if (typeof indexedDB === 'undefined') return memoryStore();
  const db = createStore('medrelay-outbox', 'posts');
  return {
    all: async () => (await entries<string, QueuedPost>(db)).map(([, value]) => value),
    put: (post) => set(post.key, post, db),
    remove: (key) => del(key, db),
  };
}
