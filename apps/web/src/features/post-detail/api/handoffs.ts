import type { HandoffView } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** Part of my offer, to a relay thread (confirmed later by the receiver's code) or outside the app. */
export const giveHandoff = ({
  postId,
  ...body
}: {
  postId: string;
  medicineId: string;
  quantity: number;
  threadId?: string;
}) => api<HandoffView>(`/posts/${postId}/handoffs`, { method: 'POST', body });

export const confirmHandoff = ({ id, code }: { id: string; code: string; postId: string }) =>
  api<HandoffView>(`/handoffs/${id}/confirm`, { method: 'POST', body: { code } });

const offerHandoffsKey = (postId: string) => ['handoffs', postId] as const;

/** What my offer has given so far, and the hand-offs waiting for the receiver's code. */
export const useOfferHandoffs = (postId: string) =>
  useQuery({
    queryKey: offerHandoffsKey(postId),
    queryFn: ({ signal }) => api<{ items: HandoffView[] }>(`/posts/${postId}/handoffs`, { signal }),
  });

function useHandoffChange<V extends { postId: string }>(fn: (v: V) => Promise<HandoffView>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: (_data, _err, { postId }) => {
      // The remaining quantity shows on the post, in the square and in my list; at zero the offer resolved.
      void qc.invalidateQueries({ queryKey: offerHandoffsKey(postId) });
      void qc.invalidateQueries({ queryKey: ['post', postId] });
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
      void qc.invalidateQueries({ queryKey: ['feed'] });
    },
  });
}

export const useGiveHandoff = () => useHandoffChange(giveHandoff);
export const useConfirmHandoff = () => useHandoffChange(confirmHandoff);
