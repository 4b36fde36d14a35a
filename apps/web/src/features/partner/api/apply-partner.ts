import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { myPartnersKey } from './get-my-partners.ts';
import type { PartnerApplyBody, PartnerView } from './types.ts';

export const applyPartner = (body: PartnerApplyBody) =>
  api<PartnerView>('/partners', { method: 'POST', body });

export function useApplyPartner() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: applyPartner,
    onSuccess: () => qc.invalidateQueries({ queryKey: myPartnersKey }),
  });
}
