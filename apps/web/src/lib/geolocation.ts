import { useSyncExternalStore } from 'react';
import type { LatLng } from './coordinates.ts';

export type LocationState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'ok'; position: LatLng; accuracyM: number }
  | { status: 'error'; reason: 'denied' | 'unavailable' | 'timeout' | 'unsupported' };

// Shared by the square, the map and the post form so the browser asks once. Kept in memory only:
// an exact position is personal data and is never written to storage.
let state: LocationState = { status: 'idle' };
let pending: Promise<LocationState> | undefined;
const listeners = new Set<() => void>();

const set = (next: LocationState) => {
  state = next;
  for (const l of listeners) l();
};

export function locate(): Promise<LocationState> {
  if (state.status === 'ok') return Promise.resolve(state);
  if (pending) return pending;
  if (!('geolocation' in navigator)) {
    set({ status: 'error', reason: 'unsupported' });
    return Promise.resolve(state);
  }
  set({ status: 'locating' });
  pending = new Promise<LocationState>((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        set({
          status: 'ok',
          position: { lat: pos.coords.latitude, lng: pos.coords.longitude },
          accuracyM: pos.coords.accuracy,
        });
        resolve(state);
      },
      (err) => {
        const reason = err.code === 1 ? 'denied' : err.code === 3 ? 'timeout' : 'unavailable';
        set({ status: 'error', reason });
        resolve(state);
      },
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 5 * 60_000 },
    );
  }).finally(() => {
    pending = undefined;
  });
  return pending;
}

const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useMyLocation(): LocationState {
  return useSyncExternalStore(subscribe, () => state);
}

export const positionOf = (s: LocationState): LatLng | undefined =>
  s.status === 'ok' ? s.position : undefined;
