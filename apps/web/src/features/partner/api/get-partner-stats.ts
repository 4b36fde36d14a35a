import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { RegionalStats } from './types.ts';

export const getPartnerStats = (id: string, signal?: AbortSignal) =>
  api<RegionalStats>(`/partners/${id}/stats`, { signal });

export const usePartnerStats = (id: string) =>
  useQuery({
    queryKey: [...partnerKey(id), 'stats'],
    queryFn: ({ signal }) => getPartnerStats(id, signal),
    staleTime: 60_000,
  });
