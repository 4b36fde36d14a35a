import type {
  PharmacyAdminView,
  PharmacyApplyInput,
  PharmacyProfileInput,
  ReservationsReply,
  StockReply,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

const base = (id: string) => `/partners/${id}/pharmacy`;
const key = (id: string, part: string) => ['partner', id, 'pharmacy', part] as const;

export const useMyPharmacy = (id: string) =>
  useQuery({
    queryKey: key(id, 'profile'),
    queryFn: ({ signal }) => api<PharmacyAdminView>(base(id), { signal }),
  });

export const useStock = (id: string) =>
  useQuery({
    queryKey: key(id, 'stock'),
    queryFn: ({ signal }) => api<StockReply>(`${base(id)}/stock`, { signal }),
  });

export type StockStatus = 'in_stock' | 'low' | 'out';

export function useSetStock(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: { medicineId: string; status: StockStatus; quantity?: number }[]) =>
      api<StockReply>(`${base(id)}/stock`, { method: 'PUT', body: { items } }),
    onSuccess: (reply) => qc.setQueryData(key(id, 'stock'), reply),
  });
}

export function useImportStockCsv(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (csv: string) => api<StockReply>(`${base(id)}/stock/csv`, { method: 'POST', body: { csv } }),
    onSuccess: (reply) => qc.setQueryData(key(id, 'stock'), reply),
  });
}

export const useQueue = (id: string) =>
  useQuery({
    queryKey: key(id, 'queue'),
    queryFn: ({ signal }) => api<ReservationsReply>(`${base(id)}/reservations`, { signal }),
  });

export type QueueAction = 'confirm' | 'decline' | 'ready' | 'no-show';

export function useQueueAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ reservationId, action }: { reservationId: string; action: QueueAction }) =>
      api<void>(`${base(id)}/reservations/${reservationId}/${action}`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: key(id, 'queue') }),
  });
}

export function useHandover(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (code: string) =>
      api<{ id: string; status: string }>(`${base(id)}/handover`, { method: 'POST', body: { code } }),
    onSettled: () => qc.invalidateQueries({ queryKey: key(id, 'queue') }),
  });
}

export function useApplyPharmacy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PharmacyApplyInput) => api<PharmacyAdminView>('/pharmacies', { method: 'POST', body }),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['my-partners'] }),
  });
}

export function useUpdateProfile(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: PharmacyProfileInput) => api<PharmacyAdminView>(base(id), { method: 'PATCH', body }),
    onSuccess: (reply) => qc.setQueryData(key(id, 'profile'), reply),
  });
}

export interface Pharmacist {
  userId: string;
  phoneMasked: string;
  certificateNumber: string;
  createdAt: string;
}

export const usePharmacists = (id: string) =>
  useQuery({
    queryKey: key(id, 'pharmacists'),
    queryFn: ({ signal }) => api<{ items: Pharmacist[] }>(`${base(id)}/pharmacists`, { signal }),
  });

export function useAddPharmacist(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { phone: string; certificateNumber: string }) =>
      api<{ items: Pharmacist[] }>(`${base(id)}/pharmacists`, { method: 'POST', body }),
    onSuccess: (reply) => qc.setQueryData(key(id, 'pharmacists'), reply),
  });
}
