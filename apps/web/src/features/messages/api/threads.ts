import type { ThreadView } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export type ThreadSummary = Omit<ThreadView, 'messages'>;

export const getThreads = (signal?: AbortSignal) =>
  api<{ items: ThreadSummary[] }>('/me/threads', { signal });
export const getThread = (id: string, signal?: AbortSignal) => api<ThreadView>(`/threads/${id}`, { signal });
/** The first message to a poster who keeps the phone private; opens (or continues) my thread with them. */
export const messagePost = ({ postId, text }: { postId: string; text: string }) =>
  api<ThreadView>(`/posts/${postId}/messages`, { method: 'POST', body: { text } });
export const replyInThread = ({ threadId, text }: { threadId: string; text: string }) =>
  api<ThreadView>(`/threads/${threadId}/messages`, { method: 'POST', body: { text } });

export const useThreads = (enabled = true) =>
  useQuery({ queryKey: ['threads'], queryFn: ({ signal }) => getThreads(signal), enabled });

// A conversation is polled while open: there is no push channel to the browser yet.
export const useThread = (id: string) =>
  useQuery({
    queryKey: ['thread', id],
    queryFn: ({ signal }) => getThread(id, signal),
    refetchInterval: 15_000,
  });

function useSend<V>(fn: (v: V) => Promise<ThreadView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (thread) => {
      qc.setQueryData(['thread', thread.id], thread);
      void qc.invalidateQueries({ queryKey: ['threads'] });
    },
  });
}

export const useMessagePost = () => useSend(messagePost);
export const useReply = () => useSend(replyInThread);
