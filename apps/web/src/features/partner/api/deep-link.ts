import { useQuery } from '@tanstack/react-query';
import { API_BASE, api, withQuery } from '../../../lib/api-client.ts';
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

/**
 * The partner's link as a WeChat mini program code (小程序码), as an object URL for an <img>; null
 * where this platform runs no mini program (the server answers 404 wechat_unavailable).
 */
export const useMiniProgramCode = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...partnerKey(id), 'mini-program-code'],
    queryFn: async ({ signal }) => {
      const res = await fetch(`${API_BASE}/partners/${id}/deep-link/wxacode`, { signal });
      if (!res.ok) return null;
      return URL.createObjectURL(await res.blob());
    },
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
