/**
 * MedRelay's service worker (built by vite-plugin-pwa in injectManifest mode to /sw.js):
 * - precaches the app shell and the resident's screens (vite.config.ts offlineShell) so the app opens
 *   offline; other screens are kept once opened;
 * - answers every page of the app offline with the cached index.html;
 * - keeps the last square feed pages (NetworkFirst, 4 s timeout) so the square reads offline after a
 *   visit; nothing personal is cached (see caching.ts);
 * - waits for the page's word before taking over (no forced reload mid-form, see lib/pwa.ts);
 * - shows Web Push notifications (push.ts).
 */
import { CacheableResponsePlugin } from 'workbox-cacheable-response';
import { ExpirationPlugin } from 'workbox-expiration';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { registerRoute } from 'workbox-routing';
import { CacheFirst, NetworkFirst } from 'workbox-strategies';
import { cacheableFeed, isAppNavigation } from './caching.ts';
import { installPush, type PushScope } from './push.ts';

// The worker's global scope, as much of it as is used here (the project compiles against the DOM lib).
interface Extendable {
  waitUntil(promise: Promise<unknown>): void;
}
declare const self: {
  __WB_MANIFEST: (string | { url: string; revision: string | null })[];
  location: Location;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'activate', listener: (event: Extendable) => void): void;
};

export const FEED_CACHE = 'medrelay-square-feed';

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

registerRoute(
  ({ url, request }) =>
    request.mode === 'navigate' && url.origin === self.location.origin && isAppNavigation(url),
  createHandlerBoundToURL('/index.html'),
);

registerRoute(
  ({ url, request }) => url.origin === self.location.origin && cacheableFeed(url, request.method),
  new NetworkFirst({
    cacheName: FEED_CACHE,
    networkTimeoutSeconds: 4,
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 30, maxAgeSeconds: 7 * 24 * 3600 }),
    ],
  }),
);

// The screens not precached (admin, partner and pharmacy workspaces, stats, English) once opened:
// their files are named after their content, so a kept copy is never stale.
registerRoute(
  ({ url, request }) =>
    request.method === 'GET' && url.origin === self.location.origin && url.pathname.startsWith('/assets/'),
  new CacheFirst({
    cacheName: 'medrelay-screens',
    plugins: [
      new CacheableResponsePlugin({ statuses: [200] }),
      new ExpirationPlugin({ maxEntries: 80, maxAgeSeconds: 30 * 24 * 3600 }),
    ],
  }),
);

// A new version waits until the page says so (the "有新版本，刷新" prompt); the first one takes
// the open page at once so it works offline from the first visit.
self.addEventListener('message', (event) => {
  if (event.data && (event.data as { type?: unknown }).type === 'SKIP_WAITING') void self.skipWaiting();
});
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

installPush(self as unknown as PushScope);
