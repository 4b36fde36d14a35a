import { useEffect, useState } from 'react';

/** The service worker's cache of square pages (src/sw/sw.ts FEED_CACHE). */
const FEED_CACHE = 'medrelay-square-feed';

/**
 * When the data shown offline was fetched: the newest Date header among the square pages the service
 * worker kept (the server stamps every answer). Undefined without a cache or before any visit.
 */
export async function newestCachedAt(): Promise<Date | undefined> {
  if (typeof caches === 'undefined' || !(await caches.has(FEED_CACHE))) return undefined;
  const cache = await caches.open(FEED_CACHE);
  let newest: number | undefined;
  for (const request of await cache.keys()) {
    const date = (await cache.match(request))?.headers.get('date');
    const at = date ? Date.parse(date) : Number.NaN;
    if (Number.isFinite(at) && (newest === undefined || at > newest)) newest = at;
  }
  return newest === undefined ? undefined : new Date(newest);
}

/** The cached data's time, read again each time the page goes offline. */
export function useCachedDataTime(offline: boolean): Date | undefined {
  const [at, setAt] = useState<Date | undefined>();
  useEffect(() => {
    if (!offline) return;
    let live = true;
    newestCachedAt().then(
      (d) => live && setAt(d),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [offline]);
  return at;
}
