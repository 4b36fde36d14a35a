import { useSyncExternalStore } from 'react';

// Preferences that must survive a reload. localStorage may throw (private mode, WebViews with storage
// off), and the app must still work then, only forgetting the choice.
const ELDER_KEY = 'medrelay.elderMode';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function write(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // Storage unavailable: the preference lasts for this page only.
  }
}

export const readPreference = read;

let elder = read(ELDER_KEY) === '1';
const listeners = new Set<() => void>();

function applyElder(): void {
  document.documentElement.classList.toggle('elder', elder);
}
applyElder();

export function setElderMode(on: boolean): void {
  elder = on;
  write(ELDER_KEY, on ? '1' : '0');
  applyElder();
  for (const l of listeners) l();
}

export function useElderMode(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => elder,
  );
}
