import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type Me, meKey } from './get-me.ts';

export const login = (body: { phone: string; code: string }) =>
  api<Me>('/auth/login', { method: 'POST', body });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      qc.setQueryData(meKey, me);
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
    },
  });
}
