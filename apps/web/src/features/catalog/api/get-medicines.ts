import type { MedicinesReply, MedicineView } from '@medrelay/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';

export const getMedicines = (q?: string, category?: string, signal?: AbortSignal) =>
  api<MedicinesReply>(withQuery('/medicines', { q, category }), { signal });

// The catalogue is versioned reference data that changes with a deploy, not while a page is open.
const CATALOGUE_STALE_MS = 60 * 60_000;

/** Search by name, brand alias or pinyin initials (the server does the matching: "blf" finds 布洛芬). */
export function useMedicineSearch(q: string, category?: string) {
  return useQuery({
    queryKey: ['medicines', q.trim(), category ?? ''],
    queryFn: ({ signal }) => getMedicines(q.trim() || undefined, category, signal),
    staleTime: CATALOGUE_STALE_MS,
    placeholderData: keepPreviousData,
  });
}

/** The whole catalogue, for looking medicines up by id (caps, units, red flags). */
export function useCatalogue() {
  const query = useQuery({
    queryKey: ['medicines', '', ''],
    queryFn: ({ signal }) => getMedicines(undefined, undefined, signal),
    staleTime: CATALOGUE_STALE_MS,
  });
  const byId = new Map<string, MedicineView>((query.data?.items ?? []).map((m) => [m.id, m]));
  return { ...query, byId, categories: query.data?.categories ?? [] };
}
