import type {
  AudienceDefinition,
  AudienceMemberView,
  AudienceSendView,
  SuppressedCount,
  TagRule,
  TagView,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';

// Segments' endpoints (tags, members, audiences, sends): one hook per request.

const ws = (partnerId: string) => `/partners/${partnerId}/community`;
const key = (partnerId: string, ...rest: string[]) => ['community', partnerId, 'audience', ...rest] as const;

export const useTags = (partnerId: string) =>
  useQuery({
    queryKey: key(partnerId, 'tags'),
    queryFn: ({ signal }) => api<{ items: TagView[] }>(`${ws(partnerId)}/tags`, { signal }),
  });

export const useAudienceMembers = (partnerId: string, page: number) =>
  useQuery({
    queryKey: key(partnerId, 'members', String(page)),
    queryFn: ({ signal }) =>
      api<{ items: AudienceMemberView[]; total: number }>(`${ws(partnerId)}/audience-members?page=${page}`, {
        signal,
      }),
  });

export function useCreateTag(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { name: string; rule?: TagRule }) =>
      api<TagView>(`${ws(partnerId)}/tags`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId) }),
  });
}

export function useDeleteTag(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tagId: string) => api<void>(`${ws(partnerId)}/tags/${tagId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId) }),
  });
}

export function useTagMembers(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { tagId: string; add?: string[]; remove?: string[] }) =>
      api<TagView>(`${ws(partnerId)}/tags/${v.tagId}/members`, {
        method: 'PUT',
        body: { add: v.add ?? [], remove: v.remove ?? [] },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId) }),
  });
}

export const usePreviewAudience = (partnerId: string) =>
  useMutation({
    mutationFn: (def: AudienceDefinition) =>
      api<SuppressedCount>(`${ws(partnerId)}/audiences/preview`, { method: 'POST', body: def }),
  });

export function useSendToAudience(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { audience: AudienceDefinition; title: string; body: string; marketing: boolean }) =>
      api<AudienceSendView>(`${ws(partnerId)}/audience-sends`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'sends') }),
  });
}

export const useAudienceSends = (partnerId: string, enabled: boolean) =>
  useQuery({
    queryKey: key(partnerId, 'sends'),
    enabled,
    queryFn: ({ signal }) =>
      api<{ items: AudienceSendView[] }>(`${ws(partnerId)}/audience-sends`, { signal }),
  });
