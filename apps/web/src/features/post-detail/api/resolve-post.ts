import type { MyPostView } from '@medrelay/contracts';
import type { NEED_OUTCOMES, OFFER_OUTCOMES } from '@medrelay/contracts/outcomes';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';

export type Outcome = (typeof NEED_OUTCOMES)[number] | (typeof OFFER_OUTCOMES)[number];

/** 已解决 with how it ended; `reopen` takes it back within the undo window. */
export const resolveWithOutcome = ({ id, outcome }: { id: string; outcome?: Outcome }) =>
  api<MyPostView>(withQuery(`/posts/${id}/resolve`, { outcome }), { method: 'POST' });
export const reopenPost = ({ id }: { id: string }) =>
  api<MyPostView>(`/posts/${id}/reopen`, { method: 'POST' });

function useOwnerChange<V extends { id: string }>(fn: (v: V) => Promise<MyPostView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: (_data, _err, { id }) => {
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
      void qc.invalidateQueries({ queryKey: ['feed'] });
      void qc.invalidateQueries({ queryKey: ['post', id] });
    },
  });
}

export const useResolveWithOutcome = () => useOwnerChange(resolveWithOutcome);
export const useReopenPost = () => useOwnerChange(reopenPost);
