import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type Decision, moderationKey, type RemovalReason } from './types.ts';

export const approvePost = ({ postId, note }: { postId: string; note?: string }) =>
  api<Decision>(`/moderation/posts/${postId}/approve`, { method: 'POST', body: note ? { note } : {} });

export const removePost = ({
  postId,
  reason,
  note,
}: {
  postId: string;
  reason: RemovalReason;
  note?: string;
}) =>
  api<Decision>(`/moderation/posts/${postId}/remove`, {
    method: 'POST',
    body: note ? { reason, note } : { reason },
  });

export const banAuthor = ({ postId, reason }: { postId: string; reason: RemovalReason }) =>
  api<{ removedPosts: number }>(`/moderation/posts/${postId}/ban-author`, {
    method: 'POST',
    body: { reason },
  });

export type BulkRemoval = { removed: number; banned: boolean; alsoRemoved: number };

/** One account's held posts in one decision; all or nothing (409 post_not_pending if one was decided). */
export const bulkRemovePosts = (body: {
  postIds: string[];
  reason: RemovalReason;
  note?: string;
  banAuthor?: boolean;
}) => api<BulkRemoval>('/moderation/posts/bulk-remove', { method: 'POST', body });

// A decision changes the queue, the audit log, the square and the post's own page; a failed one
// (another moderator was quicker: invalid_transition) also means the queue is out of date.
function useDecision<V extends { postId: string }, T>(fn: (vars: V) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: (_data, _err, { postId }) => {
      void qc.invalidateQueries({ queryKey: moderationKey });
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['post', postId] });
    },
  });
}

export const useApprovePost = () => useDecision(approvePost);
export const useRemovePost = () => useDecision(removePost);
export const useBanAuthor = () => useDecision(banAuthor);

export function useBulkRemove() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: bulkRemovePosts,
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: moderationKey });
      void qc.invalidateQueries({ queryKey: ['feed'] });
    },
  });
}
