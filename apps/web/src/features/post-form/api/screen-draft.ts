import type { Kind } from '@medrelay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { api } from '../../../lib/api-client.ts';

export interface Screening {
  outcome: 'allowed' | 'review' | 'blocked';
  /** Reason codes for the resident (price, trade, off_platform_contact…), never the rule. */
  reasons: string[];
  redFlags: string[];
}

export const screenDraft = (
  body: { kind: Kind; note: string; medicineIds?: string[] },
  signal?: AbortSignal,
) => api<Screening>('/posts/screen', { method: 'POST', body, signal });

// Long enough that a steady typist sends one request per pause, short enough to warn before 发布.
export const SCREEN_DEBOUNCE_MS = 600;

function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

/**
 * What the publishing rules would do with this note (issue 16), asked once typing pauses
 * (`debounceMs`; 0 for a note that is not being typed). Only for a logged-in resident: the server
 * screens for accounts, and a visitor logs in before publishing anyway.
 */
export function useScreening(
  draft: { kind: Kind; note: string; medicineIds: string[] },
  opts: { enabled: boolean; debounceMs?: number },
) {
  const note = draft.note.trim();
  const key = useDebounced(
    JSON.stringify([draft.kind, note, [...draft.medicineIds].sort()]),
    opts.debounceMs ?? SCREEN_DEBOUNCE_MS,
  );
  const [kind, settledNote, medicineIds] = JSON.parse(key) as [Kind, string, string[]];
  return useQuery({
    queryKey: ['screen', key],
    queryFn: ({ signal }) => screenDraft({ kind, note: settledNote, medicineIds }, signal),
    enabled: opts.enabled && settledNote.length > 0,
    staleTime: 60_000,
    retry: false,
    placeholderData: keepPreviousData,
  });
}
