import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import { myPartnersKey } from './get-my-partners.ts';
import { partnerKey } from './get-partner.ts';
import type { PartnerStatus, PartnerView } from './types.ts';

const reviewKey = ['admin-partners'] as const;

export const getPartnersByStatus = (status: PartnerStatus, signal?: AbortSignal) =>
  api<{ items: PartnerView[] }>(withQuery('/admin/partners', { status }), { signal });

/** Applications and partners by status, for platform admins. */
export const usePartnersByStatus = (status: PartnerStatus, enabled = true) =>
  useQuery({
    queryKey: [...reviewKey, status],
    queryFn: ({ signal }) => getPartnersByStatus(status, signal),
    enabled,
  });

export type Decision = 'approved' | 'rejected' | 'suspended';

export function useDecide() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision }: { id: string; decision: Decision }) =>
      api<PartnerView>(`/admin/partners/${id}/decision`, { method: 'POST', body: { decision } }),
    onSettled: (_data, _err, { id }) => {
      void qc.invalidateQueries({ queryKey: reviewKey });
      void qc.invalidateQueries({ queryKey: partnerKey(id) });
      void qc.invalidateQueries({ queryKey: myPartnersKey });
    },
  });
}
