import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { DeliveryView } from './types.ts';

const deliveriesKey = (id: string) => [...partnerKey(id), 'deliveries'] as const;

export const getDeliveries = (id: string, signal?: AbortSignal) =>
  api<{ items: DeliveryView[] }>(`/partners/${id}/deliveries`, { signal });

/** The delivery log; the dispatcher works every second, so the log follows it while it is open. */
export const useDeliveries = (id: string) =>
  useQuery({
    queryKey: deliveriesKey(id),
    queryFn: ({ signal }) => getDeliveries(id, signal),
    refetchInterval: 5_000,
  });

export function useRedeliver(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (deliveryId: number) =>
      api<undefined>(`/partners/${id}/deliveries/${deliveryId}/redeliver`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: deliveriesKey(id) }),
  });
}
