import type { StatsSummary } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const getStats = (signal?: AbortSignal) => api<StatsSummary>('/stats/summary', { signal });

export const useStats = () =>
  useQuery({ queryKey: ['stats'], queryFn: ({ signal }) => getStats(signal), staleTime: 60_000 });
