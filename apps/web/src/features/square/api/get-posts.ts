import type { FeedReply, PostView } from '@medrelay/contracts';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
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

const POLL_MS = 30_000;

/**
 * How many posts matching the filters appeared since the list was loaded. Polls the newest page and
 * compares with the server's own timestamps, so a wrong phone clock does not matter.
 */
export function useNewPostsCount(query: Query, loaded: PostView[] | undefined, loadedAt: number) {
  const newest = loaded?.reduce((max, p) => (p.createdAt > max ? p.createdAt : max), '') ?? '';
  const known = new Set(loaded?.map((p) => p.id));
  const pollQuery = { ...query, sort: 'time', limit: 20 };
  const poll = useQuery({
    queryKey: ['feed-poll', pollQuery, loadedAt],
    queryFn: ({ signal }) => getPosts(pollQuery, undefined, signal),
    enabled: Boolean(loaded) && loadedAt > 0,
    refetchInterval: POLL_MS,
    refetchIntervalInBackground: false,
    // Coming back to the tab is a good moment to look too.
    refetchOnWindowFocus: true,
    // No request at load (the list itself is fresh then): the first look comes with the interval or a focus.
    initialData: { items: [], nextCursor: null },
    initialDataUpdatedAt: loadedAt,
    staleTime: 5_000,
  });
  const since = newest || new Date(loadedAt).toISOString();
  return (poll.data?.items ?? []).filter((p) => p.createdAt > since && !known.has(p.id)).length;
}
