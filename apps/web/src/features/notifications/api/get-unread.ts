import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../../lib/api-client.ts';

export const unreadKey = ['notifications', 'unread'] as const;

const POLL_MS = 30_000;

export const getUnread = (signal?: AbortSignal) =>
  api<{ unread: number }>('/me/notifications/unread', { signal });

/**
 * The bell's count: every 30 s while the page is visible and again when the tab comes back. Only for
 * a logged-in resident; a 401 (logged out elsewhere) or a server without the route stops the polling.
 */
export function useUnread(enabled: boolean) {
  return useQuery({
    queryKey: unreadKey,
    queryFn: ({ signal }) => getUnread(signal),
    enabled,
    staleTime: 10_000,
    refetchInterval: (query) =>
      query.state.error instanceof ApiError && query.state.error.status < 500 ? false : POLL_MS,
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
  });
}
