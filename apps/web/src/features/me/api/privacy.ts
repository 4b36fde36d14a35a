import { useMutation, useQueryClient } from '@tanstack/react-query';
import { API_BASE, api } from '../../../lib/api-client.ts';
import { meKey } from './get-me.ts';

/** PIPL right of access: the browser downloads the JSON itself (the session cookie goes along). */
export const EXPORT_URL = `${API_BASE}/me/export`;

/** PIPL right to erasure: the account and its personal data go; posts stay only as anonymous counts. */
export const eraseAccount = () => api<void>('/me', { method: 'DELETE' });

export function useEraseAccount() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: eraseAccount,
    onSuccess: () => {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ queryKey: ['my-posts'] });
      qc.removeQueries({ queryKey: ['threads'] });
      void qc.invalidateQueries({ queryKey: ['feed'] });
    },
  });
}
