import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { DeepLink } from './types.ts';

export interface DeepLinkParams {
  kind: 'need' | 'offer';
  region?: string;
  medicineId?: string;
  radiusKm?: number;
}

export const getDeepLink = (id: string, params: DeepLinkParams, signal?: AbortSignal) =>
  api<DeepLink>(withQuery(`/partners/${id}/deep-link`, { ...params }), { signal });

/** The link with the partner's `ref` and its QR code, once the form has been submitted. */
export const useDeepLink = (id: string, params: DeepLinkParams | undefined) =>
  useQuery({
    queryKey: [...partnerKey(id), 'deep-link', params],
    queryFn: ({ signal }) => getDeepLink(id, params as DeepLinkParams, signal),
    enabled: Boolean(params),
    staleTime: Number.POSITIVE_INFINITY,
  });
