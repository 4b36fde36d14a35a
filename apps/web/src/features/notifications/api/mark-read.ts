import type { InfiniteData } from '@tanstack/react-query';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type NotificationsReply, notificationsKey } from './get-notifications.ts';
import { unreadKey } from './get-unread.ts';

/** Without ids, everything is marked read. The answer is the new unread count. */
export const markRead = (ids?: string[]) =>
  api<{ unread: number }>('/me/notifications/read', { method: 'POST', body: ids ? { ids } : {} });

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: markRead,
    onMutate: (ids) => {
      // Shown read at once; the server's count follows.
      const now = new Date().toISOString();
      qc.setQueryData<InfiniteData<NotificationsReply>>(notificationsKey, (old) =>
        old
          ? {
              ...old,
              pages: old.pages.map((p) => ({
                ...p,
                items: p.items.map((n) =>
                  !n.readAt && (!ids || ids.includes(n.id)) ? { ...n, readAt: now } : n,
                ),
              })),
            }
          : old,
      );
    },
    onSuccess: (reply) => qc.setQueryData(unreadKey, reply),
    onError: () => qc.invalidateQueries({ queryKey: ['notifications'] }),
  });
}
