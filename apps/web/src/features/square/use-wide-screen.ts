import { useSyncExternalStore } from 'react';

// At this width a desktop browser has room for the list and the map side by side.
const WIDE = '(min-width: 1024px)';

const query = () =>
  typeof window !== 'undefined' && 'matchMedia' in window ? window.matchMedia(WIDE) : undefined;

/** True on a screen wide enough for the list and the map side by side; follows resizing. */
export function useWideScreen(): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const q = query();
      q?.addEventListener('change', onChange);
      return () => q?.removeEventListener('change', onChange);
    },
    () => query()?.matches ?? false,
  );
}
