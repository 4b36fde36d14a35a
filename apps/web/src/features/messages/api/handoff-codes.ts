import type { HandoffView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/**
 * Codes waiting for me as a receiver (the same query as on the post page): the giver may start a
 * hand-off while the thread is open, so it is polled like the thread.
 */
export const useHandoffCodes = (enabled: boolean) =>
  useQuery({
    queryKey: ['my-handoff-codes'],
    queryFn: ({ signal }) => api<{ items: HandoffView[] }>('/me/handoffs', { signal }),
    enabled,
    refetchInterval: 15_000,
  });
