import { useSyncExternalStore } from 'react';
import { useMyLocation } from '../../lib/geolocation.ts';
import type { SquareFilters } from './square-filters.ts';

type Permission = 'unknown' | 'granted' | 'other';

// Whether the browser already lets this site read the position. Asking the Permissions API does not
// prompt; the square only goes nearest-first by default when no prompt would appear.
let permission: Permission = 'unknown';
const listeners = new Set<() => void>();
const set = (next: Permission) => {
  permission = next;
  for (const l of listeners) l();
};

function watchPermission() {
  if (typeof navigator === 'undefined' || !navigator.permissions?.query) {
    set('other');
    return;
  }
  navigator.permissions.query({ name: 'geolocation' }).then(
    (status) => {
      set(status.state === 'granted' ? 'granted' : 'other');
      status.onchange = () => set(status.state === 'granted' ? 'granted' : 'other');
    },
    () => set('other'),
  );
}

let watching = false;
const subscribe = (l: () => void) => {
  if (!watching) {
    watching = true;
    watchPermission();
  }
  listeners.add(l);
  return () => listeners.delete(l);
};

/**
 * The square's order when the link names none: nearest-first when the position is known or may be
 * read without a prompt, newest-first nationwide otherwise. `settled` is false for the moment the
 * browser takes to answer, so the list does not load newest-first and then jump.
 */
export function useDefaultSort(): { sort: SquareFilters['sort']; settled: boolean } {
  const state = useSyncExternalStore(subscribe, () => permission);
  const location = useMyLocation();
  if (location.status === 'ok' || state === 'granted') return { sort: 'distance', settled: true };
  return { sort: 'time', settled: state !== 'unknown' };
}
