import type { MyPostView } from '@medrelay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface HeldPostEdit {
  note: string;
  items: { medicineId: string; quantity: number; expiresOn?: string; unopened?: boolean }[];
}

/** The owner's edit of a held post; the rules read it again (it may publish, stay held or be refused). */
export const editHeldPost = ({ id, body }: { id: string; body: HeldPostEdit }) =>
  api<MyPostView>(`/posts/${id}`, { method: 'PATCH', body });

export function useEditHeldPost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: editHeldPost,
    onSettled: (_data, _err, { id }) => {
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['post', id] });
    },
  });
}
