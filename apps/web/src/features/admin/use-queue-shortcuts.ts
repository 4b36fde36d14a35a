import { useEffect } from 'react';

export interface QueueShortcuts {
  next(): void;
  previous(): void;
  approve(): void;
  removeWithLastReason(): void;
}

// Keys a moderator types in a text field must stay text.
const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);

/**
 * The queue's keyboard shortcuts (issue 18: a moderator clears held posts faster): J / N next,
 * K previous, A approve, R remove with the last reason used. Ignored while typing, with a modifier
 * held, or on a repeated key (holding A must not approve the whole queue).
 */
export function useQueueShortcuts(enabled: boolean, actions: QueueShortcuts): void {
  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat || e.altKey || e.ctrlKey || e.metaKey) return;
      const target = e.target as HTMLElement | null;
      if (target && (TYPING.has(target.tagName) || target.isContentEditable)) return;
      const action = {
        j: actions.next,
        n: actions.next,
        k: actions.previous,
        a: actions.approve,
        r: actions.removeWithLastReason,
      }[e.key.toLowerCase()];
      if (!action) return;
      e.preventDefault();
      action();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [enabled, actions]);
}
