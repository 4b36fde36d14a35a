import type { NotificationView } from '@medrelay/contracts';
import { useInfiniteQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, withQuery } from '../../../lib/api-client.ts';
import { unreadKey } from './get-unread.ts';

export interface NotificationsReply {
  items: NotificationView[];
  nextCursor: string | null;
  unread: number;
}

export const notificationsKey = ['notifications', 'list'] as const;

export const getNotifications = (cursor?: string, signal?: AbortSignal) =>
  api<NotificationsReply>(withQuery('/me/notifications', { cursor, limit: 20 }), { signal });

/** My inbox, newest first, page by page; each page also brings the unread count for the bell. */
export function useNotifications() {
  const qc = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: notificationsKey,
    queryFn: ({ pageParam, signal }) => getNotifications(pageParam, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    refetchOnWindowFocus: true,
  });
  const unread = query.data?.pages[0]?.unread;
  useEffect(() => {
    if (unread !== undefined) qc.setQueryData(unreadKey, { unread });
  }, [unread, qc]);
  return query;
}
