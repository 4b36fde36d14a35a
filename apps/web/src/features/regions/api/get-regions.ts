import type { RegionView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';

export const getRegions = (parent?: string, signal?: AbortSignal) =>
  api<{ items: RegionView[] }>(withQuery('/regions', { parent }), { signal });

/** Provinces (no parent), or the children of a province or city. Reference data: cached for the session. */
export function useRegions(parent: string | undefined, enabled = true) {
  return useQuery({
    queryKey: ['regions', parent ?? ''],
    queryFn: ({ signal }) => getRegions(parent, signal),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
    enabled,
  });
}
