import type { PostView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface MatchesReply {
  /** Open posts of the other kind for the same medicines, nearest first (vulnerable needs first for an offer). */
  items: PostView[];
  radiusKm: number;
}

export const matchesKey = (postId: string) => ['matches', postId] as const;

export const getMatches = (postId: string, signal?: AbortSignal) =>
  api<MatchesReply>(`/posts/${postId}/matches`, { signal });

export const useMatches = (postId: string, enabled = true) =>
  useQuery({
    queryKey: matchesKey(postId),
    queryFn: ({ signal }) => getMatches(postId, signal),
    enabled,
  });
