import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { PartnerView } from './types.ts';

/** Every query of one partner starts with this key, so that one invalidation refreshes the page. */
export const partnerKey = (id: string) => ['partner', id] as const;

export const getPartner = (id: string, signal?: AbortSignal) =>
  api<PartnerView>(`/partners/${id}`, { signal });

export const usePartner = (id: string) =>
  useQuery({ queryKey: partnerKey(id), queryFn: ({ signal }) => getPartner(id, signal) });
