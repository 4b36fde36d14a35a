import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { DryRunReply } from './types.ts';

export const dryRunRules = (rules: unknown) =>
  api<DryRunReply>('/moderation/rules/dry-run', { method: 'POST', body: { rules } });

/** What the candidate rules would decide for recent posts, against what the active rules decide. */
export const useDryRunRules = () => useMutation({ mutationFn: dryRunRules });
