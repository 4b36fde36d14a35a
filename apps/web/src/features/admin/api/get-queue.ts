import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { moderationKey, type QueueItem } from './types.ts';

export const queueKey = [...moderationKey, 'queue'] as const;

export const getQueue = (signal?: AbortSignal) =>
  api<{ items: QueueItem[] }>('/moderation/queue', { signal });

/** Posts held by the rules (`review`) or hidden by reports (`hidden`), oldest first. */
export const useQueue = () =>
  useQuery({ queryKey: queueKey, queryFn: ({ signal }) => getQueue(signal), staleTime: 10_000 });
