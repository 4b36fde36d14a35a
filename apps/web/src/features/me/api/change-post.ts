import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { MyPost } from './get-my-posts.ts';

// Renew and delete each change one of my posts; afterwards the square, my list and the
// post's own page must all show the new state. (已解决 asks how it ended: the post page's dialog.)
function useChange<T>(fn: (id: string) => Promise<T>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: (_data, _err, id) => {
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['post', id] });
    },
  });
}

export const renewPost = (id: string) => api<MyPost>(`/posts/${id}/renew`, { method: 'POST' });
export const deletePost = (id: string) => api<void>(`/posts/${id}`, { method: 'DELETE' });

export const useRenewPost = () => useChange(renewPost);
export const useDeletePost = () => useChange(deletePost);
