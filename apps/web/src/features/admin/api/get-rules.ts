import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { moderationKey, type Rules } from './types.ts';

export const rulesKey = [...moderationKey, 'rules'] as const;

export const getRules = (signal?: AbortSignal) => api<Rules>('/moderation/rules', { signal });

/** The active rule set: its version number, the rules JSON and the note it was published with. */
export const useRules = () =>
  useQuery({ queryKey: rulesKey, queryFn: ({ signal }) => getRules(signal), staleTime: 60_000 });
