import { useSyncExternalStore } from 'react';
import { L } from '../../../lib/leaflet-global.ts';

// The map on screen, learnt from Leaflet's own init hook, so that the pharmacies' layer joins whatever
// map a screen shows without that screen (or lib/leaflet-map.ts) knowing about pharmacies.
let current: L.Map | undefined;
const listeners = new Set<() => void>();
const set = (next: L.Map | undefined) => {
  current = next;
  for (const l of listeners) l();
};

L.Map.addInitHook(function (this: L.Map) {
  set(this);
  this.on('unload', () => {
    if (current === this) set(undefined);
  });
});

/** The Leaflet map created last and not yet removed. */
export const useShownMap = (): L.Map | undefined =>
  useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => current,
  );
