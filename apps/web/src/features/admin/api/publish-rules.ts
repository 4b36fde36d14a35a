import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { moderationKey, type Rules } from './types.ts';

export const publishRules = ({ rules, note }: { rules: unknown; note: string }) =>
  api<Rules>('/moderation/rules', { method: 'PUT', body: { rules, note } });

export function usePublishRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: publishRules,
    onSuccess: () => void qc.invalidateQueries({ queryKey: moderationKey }),
  });
}
