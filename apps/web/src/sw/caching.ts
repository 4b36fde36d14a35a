/**
 * Which requests the service worker may keep a copy of. Pure functions over URLs so the rules are unit
 * tested (caching.test.ts): a copy in the browser's cache outlives a logout, so nothing personal is
 * ever kept — only the public square feed and the app's own files.
 */

/** The square's feed pages (GET /api/v1/posts with its filters and cursor): public, read offline. */
export function isSquareFeed(url: URL, method = 'GET'): boolean {
  return method === 'GET' && url.pathname === '/api/v1/posts';
}

/**
 * Endpoints never cached, whatever a future route rule says: the account, contact reveals, auth and
 * anything else under /me. The feed rule above is narrow; this is the guard kept in front of it.
 */
export function isPersonal(url: URL): boolean {
  const p = url.pathname;
  return (
    /^\/api\/v1\/(me|auth|sessions?|login|logout|admin|partner|moderation)(\/|$)/.test(p) ||
    /\/contact(\/|$)/.test(p) ||
    /\/reveal/.test(p)
  );
}

/**
 * A page of the app (a navigation) that the cached index.html answers offline; never the API, the
 * API docs, the partners' embedded square or the server's own pages.
 */
export function isAppNavigation(url: URL): boolean {
  return !/^\/(api|openapi\.json|docs|embed|health|metrics|wechat)(\/|$)/.test(url.pathname);
}

/** The feed rule as the service worker applies it: the square, and never a personal endpoint. */
export const cacheableFeed = (url: URL, method = 'GET'): boolean =>
  isSquareFeed(url, method) && !isPersonal(url);
