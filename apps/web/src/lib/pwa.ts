/**
 * Registers the service worker (src/sw/sw.ts, served as /sw.js) and says when a new version is
 * waiting. A new version never takes over an open page by itself: the page shows "有新版本，刷新" and
 * swaps only when the person taps it (a form half filled in stays as it is until then).
 */

import { registerSW } from 'virtual:pwa-register';
import { useSyncExternalStore } from 'react';

let waiting = false;
let update: ((reload?: boolean) => Promise<void>) | undefined;
const listeners = new Set<() => void>();
const set = (value: boolean) => {
  waiting = value;
  for (const l of listeners) l();
};

/** Called once at start-up (main.tsx). */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  update = registerSW({
    immediate: true,
    onNeedRefresh: () => set(true),
    // An installed app stays open for days: look for a new version hourly and when it comes back to
    // the front, not only when a page loads.
    onRegisteredSW: (_url, registration) => {
      if (!registration) return;
      const check = () => {
        if (navigator.onLine) registration.update().catch(() => undefined);
      };
      setInterval(check, 60 * 60 * 1000);
      document.addEventListener('visibilitychange', () => {
        if (document.visibilityState === 'visible') check();
      });
    },
  });
}

/** Whether a new version is installed and waiting for the person's word. */
export const useUpdateWaiting = (): boolean =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => waiting,
  );

/** Lets the waiting version take over, then reloads the page into it. */
export async function applyUpdate(): Promise<void> {
  set(false);
  await update?.(true);
}
