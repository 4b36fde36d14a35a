import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { Member, PartnerRole } from './types.ts';

const membersKey = (id: string) => [...partnerKey(id), 'members'] as const;

export const getMembers = (id: string, signal?: AbortSignal) =>
  api<{ items: Member[] }>(`/partners/${id}/members`, { signal });

export const useMembers = (id: string) =>
  useQuery({ queryKey: membersKey(id), queryFn: ({ signal }) => getMembers(id, signal) });

/** Adds a member or changes their role (owner only); the person must have logged in once. */
export function useAddMember(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; role: PartnerRole }) =>
      api<{ items: Member[] }>(`/partners/${id}/members`, { method: 'POST', body }),
    onSuccess: (reply) => qc.setQueryData(membersKey(id), reply),
  });
}
