import type { REPORT_REASONS } from '@medrelay/contracts/rules';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export type ReportReason = (typeof REPORT_REASONS)[number];

export const reportPost = ({
  postId,
  reason,
  note,
}: {
  postId: string;
  reason: ReportReason;
  note?: string;
}) =>
  api<{ reported: true; hidden: boolean }>(`/posts/${postId}/reports`, {
    method: 'POST',
    body: note ? { reason, note } : { reason },
  });

export function useReportPost() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: reportPost,
    onSuccess: (res, { postId }) => {
      if (res.hidden) {
        void qc.invalidateQueries({ queryKey: ['post', postId] });
        void qc.invalidateQueries({ queryKey: ['feed'] });
      }
    },
  });
}
