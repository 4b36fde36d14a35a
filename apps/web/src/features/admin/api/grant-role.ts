import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { moderationKey, type Role, type RoleGrant } from './types.ts';

export const grantRole = (body: { phone: string; role: Role }) =>
  api<RoleGrant>('/admin/roles', { method: 'POST', body });

export function useGrantRole() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: grantRole,
    onSuccess: () => void qc.invalidateQueries({ queryKey: moderationKey }),
  });
}
