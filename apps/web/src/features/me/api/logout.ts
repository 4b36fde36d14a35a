import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { meKey } from './get-me.ts';

export const logout = () => api<void>('/auth/logout', { method: 'POST' });

export function useLogout() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: logout,
    onSuccess: () => {
      qc.setQueryData(meKey, null);
      qc.removeQueries({ queryKey: ['my-posts'] });
      qc.removeQueries({ queryKey: ['contact'] });
    },
  });
}
