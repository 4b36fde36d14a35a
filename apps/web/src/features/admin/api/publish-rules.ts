import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../../lib/api-client.ts';
import { moderationKey, type Rules } from './types.ts';

/** `baseVersion`: the version the edit started from; the server refuses if someone published since. */
export const publishRules = ({
  rules,
  note,
  baseVersion,
}: {
  rules: unknown;
  note: string;
  baseVersion: number;
}) => api<Rules>('/moderation/rules', { method: 'PUT', body: { rules, note, baseVersion } });

export function usePublishRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: publishRules,
    onSuccess: () => void qc.invalidateQueries({ queryKey: moderationKey }),
    // Someone else published meanwhile: show their version; the moderator's draft stays in the editor.
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'rules_changed')
        void qc.invalidateQueries({ queryKey: moderationKey });
    },
  });
}
