import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type Me, meKey } from './get-me.ts';

export const submitVerification = (body: { name: string; idNumber: string }) =>
  api<Me>('/me/verification', { method: 'POST', body });

export function useSubmitVerification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: submitVerification,
    onSuccess: (me) => qc.setQueryData(meKey, me),
  });
}
