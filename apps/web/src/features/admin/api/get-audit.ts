import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type AuditEntry, moderationKey } from './types.ts';

export const auditKey = [...moderationKey, 'audit'] as const;

export const getAudit = (signal?: AbortSignal) =>
  api<{ items: AuditEntry[] }>('/moderation/audit', { signal });

/** Every moderator and admin action, newest first (the latest 200). */
export const useAudit = () =>
  useQuery({ queryKey: auditKey, queryFn: ({ signal }) => getAudit(signal), staleTime: 10_000 });
