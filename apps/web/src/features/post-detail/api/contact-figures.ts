import type { PostResponses, RevealQuota } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** What is left of my reveal limits: said before a reveal is spent. */
export const useRevealQuota = (enabled: boolean) =>
  useQuery({
    queryKey: ['reveal-quota'],
    queryFn: ({ signal }) => api<RevealQuota>('/me/reveal-quota', { signal }),
    enabled,
  });

/** How many people already responded to a post: a count, never who. */
export const usePostResponses = (postId: string) =>
  useQuery({
    queryKey: ['post-responses', postId],
    queryFn: ({ signal }) => api<PostResponses>(`/posts/${postId}/responses`, { signal }),
  });
