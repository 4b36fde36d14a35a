import type { FeedReply } from '@medrelay/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { api, type Query, withQuery } from '../../../lib/api-client.ts';

export const getPosts = (query: Query, cursor?: string, signal?: AbortSignal) =>
  api<FeedReply>(withQuery('/posts', { ...query, cursor }), { signal });

export const feedKey = (query: Query) => ['feed', query] as const;

/** The square, page by page with the server's keyset cursor. */
export function useFeed(query: Query, enabled = true) {
  return useInfiniteQuery({
    queryKey: feedKey(query),
    queryFn: ({ pageParam, signal }) => getPosts(query, pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}
