import type {
  DeliveryAction,
  DeliveryInput,
  OrderingInput,
  OrderingView,
  OrderPaymentView,
  OrdersReply,
  OrderView,
  PayReply,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { pharmacyKey } from '../api/pharmacies.ts';

// Orders move on while the resident watches: the status page and the queue look again every 10 s.
const POLL_MS = 10_000;

export const useOrdering = (pharmacyId: string, enabled = true) =>
  useQuery({
    queryKey: ['pharmacy', pharmacyId, 'ordering'],
    queryFn: ({ signal }) => api<OrderingView>(`/pharmacies/${pharmacyId}/ordering`, { signal }),
    enabled: enabled && Boolean(pharmacyId),
  });

const orderKey = (id: string) => ['me', 'pharmacy-orders', id] as const;
const myOrdersKey = ['me', 'pharmacy-orders'] as const;

export const useMyOrder = (id: string) =>
  useQuery({
    queryKey: orderKey(id),
    queryFn: ({ signal }) => api<OrderView>(`/me/pharmacy-orders/${id}`, { signal }),
    refetchInterval: POLL_MS,
  });

export const useMyOrders = () =>
  useQuery({
    queryKey: myOrdersKey,
    queryFn: ({ signal }) => api<OrdersReply>('/me/pharmacy-orders', { signal }),
  });

export function useRequestDelivery(pharmacyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: DeliveryInput) =>
      api<OrderView>(`/pharmacies/${pharmacyId}/deliveries`, { method: 'POST', body }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: pharmacyKey(pharmacyId) });
      void qc.invalidateQueries({ queryKey: myOrdersKey });
    },
  });
}

export function useCancelOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<OrderView>(`/me/pharmacy-orders/${id}/cancel`, { method: 'POST' }),
    onSuccess: (order) => qc.setQueryData(orderKey(id), order),
    onSettled: () => qc.invalidateQueries({ queryKey: myOrdersKey }),
  });
}

export function usePayOrder(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<PayReply>(`/me/pharmacy-orders/${id}/pay`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: orderKey(id) }),
  });
}

export function useCheckPayment(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<OrderPaymentView>(`/me/pharmacy-orders/${id}/pay/check`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: orderKey(id) }),
  });
}

// The pharmacy's side.
const base = (id: string) => `/partners/${id}/pharmacy`;
const wsKey = (id: string, part: string) => ['partner', id, 'pharmacy', part] as const;

export const useDeliveryQueue = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'deliveries'),
    queryFn: ({ signal }) => api<OrdersReply>(`${base(partnerId)}/deliveries`, { signal }),
    refetchInterval: POLL_MS,
  });

export function useDeliveryAction(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, action }: { orderId: string; action: DeliveryAction }) =>
      api<OrderView>(`${base(partnerId)}/deliveries/${orderId}/${action}`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: wsKey(partnerId, 'deliveries') }),
  });
}

export const useDeliveryDetail = (partnerId: string, orderId: string | undefined) =>
  useQuery({
    queryKey: wsKey(partnerId, `delivery-${orderId}`),
    queryFn: ({ signal }) => api<OrderView>(`${base(partnerId)}/deliveries/${orderId}`, { signal }),
    enabled: Boolean(orderId),
  });

export const usePayments = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'payments'),
    queryFn: ({ signal }) =>
      api<{ items: (OrderPaymentView & { orderId: string })[] }>(`${base(partnerId)}/payments`, { signal }),
  });

export function useRefund(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ orderId, amountFen, key }: { orderId: string; amountFen: number; key: string }) =>
      api<OrderPaymentView>(`${base(partnerId)}/orders/${orderId}/refund`, {
        method: 'POST',
        body: { amountFen },
        headers: { 'idempotency-key': key },
      }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: wsKey(partnerId, 'payments') });
      void qc.invalidateQueries({ queryKey: wsKey(partnerId, 'deliveries') });
    },
  });
}

export const useOrderingSettings = (partnerId: string) =>
  useQuery({
    queryKey: wsKey(partnerId, 'ordering'),
    queryFn: ({ signal }) => api<OrderingView>(`${base(partnerId)}/ordering`, { signal }),
  });

export function useSaveOrdering(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: OrderingInput) =>
      api<OrderingView>(`${base(partnerId)}/ordering`, { method: 'PUT', body }),
    onSuccess: (reply) => qc.setQueryData(wsKey(partnerId, 'ordering'), reply),
  });
}

/** 12.80 from 1280 fen: money is integer fen everywhere, shown as yuan with two decimals. */
export const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
