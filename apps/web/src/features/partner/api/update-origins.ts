import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { PartnerView } from './types.ts';

/** The origins allowed to frame the embedded square (owner only). */
export const setAllowedOrigins = (id: string, allowedOrigins: string[]) =>
  api<PartnerView>(`/partners/${id}`, { method: 'PATCH', body: { allowedOrigins } });

export function useSetAllowedOrigins(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (origins: string[]) => setAllowedOrigins(id, origins),
    onSuccess: (partner) => qc.setQueryData(partnerKey(id), partner),
  });
}
