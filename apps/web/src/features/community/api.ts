import type {
  AnnouncementView,
  ArticleView,
  GroupPublicView,
  GroupView,
  PublicArticleView,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';

// The groups', articles' and calendar's endpoints: one hook per request.

const ws = (partnerId: string) => `/partners/${partnerId}/community`;
const key = (partnerId: string, ...rest: string[]) => ['community', partnerId, ...rest] as const;

export type ArticleKind = ArticleView['kind'];
export interface ArticleInput {
  kind: ArticleKind;
  title: string;
  summary: string;
  bodyMd: string;
  tags: string[];
  coverUrl: string | null;
}
export interface ScheduleEntry {
  id: string;
  groupId: string;
  articleId: string;
  articleTitle: string;
  sendAt: string;
  sentAt: string | null;
  recipients: number | null;
  cancelled: boolean;
}
export interface MemberRow {
  memberNo: number;
  name: string;
  nameShared: boolean;
  joinedAt: string;
}
export interface MyGroupPage {
  group: GroupPublicView;
  announcements: AnnouncementView[];
  articles: { id: string; kind: ArticleKind; title: string; summary: string; sentAt: string }[];
}

// Operators.
export const useGroups = (partnerId: string) =>
  useQuery({
    queryKey: key(partnerId, 'groups'),
    queryFn: ({ signal }) => api<{ items: GroupView[] }>(`${ws(partnerId)}/groups`, { signal }),
  });

export function useCreateGroup(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: {
      name: string;
      kind: 'neighbourhood' | 'topic';
      description: string;
      rules: string;
    }) => api<GroupView>(`${ws(partnerId)}/groups`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups') }),
  });
}

export function useUpdateGroup(partnerId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { rules?: string; description?: string; wecomRobotKey?: string | null }) =>
      api<GroupView>(`${ws(partnerId)}/groups/${groupId}`, { method: 'PATCH', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups') }),
  });
}

export const useJoinQr = (partnerId: string, groupId: string) =>
  useQuery({
    queryKey: key(partnerId, 'groups', groupId, 'qr'),
    queryFn: ({ signal }) =>
      api<{ url: string; svg: string }>(`${ws(partnerId)}/groups/${groupId}/qr`, { signal }),
  });

export const useMembers = (partnerId: string, groupId: string) =>
  useQuery({
    queryKey: key(partnerId, 'groups', groupId, 'members'),
    queryFn: ({ signal }) =>
      api<{ items: MemberRow[]; total: number }>(`${ws(partnerId)}/groups/${groupId}/members`, { signal }),
  });

export const useAnnouncements = (partnerId: string, groupId: string) =>
  useQuery({
    queryKey: key(partnerId, 'groups', groupId, 'announcements'),
    queryFn: ({ signal }) =>
      api<{ items: AnnouncementView[] }>(`${ws(partnerId)}/groups/${groupId}/announcements`, { signal }),
  });

export function useAnnounce(partnerId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { body: string; pinned: boolean; mirrorToWecom: boolean }) =>
      api<AnnouncementView>(`${ws(partnerId)}/groups/${groupId}/announcements`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups', groupId, 'announcements') }),
  });
}

export function usePin(partnerId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, pinned }: { id: string; pinned: boolean }) =>
      api<AnnouncementView>(`${ws(partnerId)}/groups/${groupId}/announcements/${id}/pin`, {
        method: 'PUT',
        body: { pinned },
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups', groupId, 'announcements') }),
  });
}

export const useSchedule = (partnerId: string, groupId: string) =>
  useQuery({
    queryKey: key(partnerId, 'groups', groupId, 'schedule'),
    queryFn: ({ signal }) =>
      api<{ items: ScheduleEntry[] }>(`${ws(partnerId)}/groups/${groupId}/schedule`, { signal }),
  });

export function useScheduleArticle(partnerId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { articleId: string; date: string; time: string }) =>
      api<ScheduleEntry>(`${ws(partnerId)}/groups/${groupId}/schedule`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups', groupId, 'schedule') }),
  });
}

export function useCancelSchedule(partnerId: string, groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api<void>(`${ws(partnerId)}/groups/${groupId}/schedule/${id}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'groups', groupId, 'schedule') }),
  });
}

export const useArticles = (partnerId: string) =>
  useQuery({
    queryKey: key(partnerId, 'articles'),
    queryFn: ({ signal }) => api<{ items: ArticleView[] }>(`${ws(partnerId)}/articles`, { signal }),
  });

export function useSaveArticle(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: ArticleInput }) =>
      api<ArticleView>(id ? `${ws(partnerId)}/articles/${id}` : `${ws(partnerId)}/articles`, {
        method: id ? 'PUT' : 'POST',
        body,
      }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'articles') }),
  });
}

export function useArticleStep(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action }: { id: string; action: 'review' | 'publish' | 'unpublish' }) =>
      api<ArticleView>(`${ws(partnerId)}/articles/${id}/actions`, { method: 'POST', body: { action } }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'articles') }),
  });
}

export const useReviewers = (partnerId: string) =>
  useQuery({
    queryKey: key(partnerId, 'reviewers'),
    queryFn: ({ signal }) =>
      api<{ items: { userId: string; profession: 'doctor' | 'pharmacist' }[] }>(
        `${ws(partnerId)}/reviewers`,
        {
          signal,
        },
      ),
  });

export function useSetReviewer(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { userId: string; profession: 'doctor' | 'pharmacist' }) =>
      api(`${ws(partnerId)}/reviewers`, { method: 'PUT', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: key(partnerId, 'reviewers') }),
  });
}

// Residents.
export const useGroupByLink = (token: string) =>
  useQuery({
    queryKey: ['group-link', token],
    queryFn: ({ signal }) => api<GroupPublicView>(`/groups/join/${token}`, { signal }),
    retry: false,
  });

export function useJoinGroup(token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { nickname: string | null; showName: boolean }) =>
      api<GroupPublicView>(`/groups/join/${token}`, { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-groups'] }),
  });
}

export const useMyGroups = (enabled = true) =>
  useQuery({
    queryKey: ['my-groups'],
    queryFn: ({ signal }) => api<{ items: GroupPublicView[] }>('/me/groups', { signal }),
    enabled,
  });

export const useMyGroup = (groupId: string) =>
  useQuery({
    queryKey: ['my-groups', groupId],
    queryFn: ({ signal }) => api<MyGroupPage>(`/me/groups/${groupId}`, { signal }),
  });

export function useLeaveGroup(groupId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>(`/me/groups/${groupId}`, { method: 'DELETE' }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-groups'] }),
  });
}

export const usePublicArticle = (articleId: string) =>
  useQuery({
    queryKey: ['article', articleId],
    queryFn: ({ signal }) => api<PublicArticleView>(`/articles/${articleId}`, { signal }),
    retry: false,
  });

/** The institution's members (the partners' list), to name reviewers from. */
export const usePartnerMembers = (partnerId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'members'],
    queryFn: ({ signal }) =>
      api<
        | { userId: string; role: string; phoneMasked: string }[]
        | { items: { userId: string; role: string; phoneMasked: string }[] }
      >(`/partners/${partnerId}/members`, { signal }).then((r) => (Array.isArray(r) ? r : r.items)),
  });
