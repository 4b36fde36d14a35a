import type { CreatePostBody, PostView } from '@medrelay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * The Idempotency-Key belongs to one confirmed draft: a double tap or a retry after a lost answer sends
 * the same key and gets the same post back, never a second one.
 */
export const createPost = ({ body, key }: { body: CreatePostBody; key: string }) =>
  api<PostView>('/posts', { method: 'POST', body, headers: { 'idempotency-key': key } });

export function useCreatePost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createPost,
    onSuccess: (post) => {
      qc.setQueryData(['post', post.id], post);
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
    },
  });
}
