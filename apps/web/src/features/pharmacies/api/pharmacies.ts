import type { PharmaciesReply, PharmacyView, ReservationsReply, ReservationView } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../../lib/api-client.ts';
import type { LatLng } from '../../../lib/coordinates.ts';

const round = (v: number) => Math.round(v * 10_000) / 10_000;

/** Approved pharmacies near a point; with a medicine, only those whose fresh status has it. */
export function useNearbyPharmacies(
  near: LatLng | undefined,
  opts: { radiusKm?: number; medicineId?: string } = {},
) {
  const q = near ? `${round(near.lat)},${round(near.lng)}` : '';
  return useQuery({
    queryKey: ['pharmacies', q, opts.radiusKm ?? 5, opts.medicineId ?? ''],
    queryFn: ({ signal }) =>
      api<PharmaciesReply>(
        withQuery('/pharmacies', { near: q, radiusKm: opts.radiusKm, medicineId: opts.medicineId }),
        {
          signal,
        },
      ),
    enabled: Boolean(near),
  });
}

export const pharmacyKey = (id: string) => ['pharmacy', id] as const;

export const usePharmacy = (id: string) =>
  useQuery({
    queryKey: pharmacyKey(id),
    queryFn: ({ signal }) => api<PharmacyView>(`/pharmacies/${id}`, { signal }),
  });

const myReservationsKey = ['me', 'pharmacy-reservations'] as const;

export const useMyReservations = () =>
  useQuery({
    queryKey: myReservationsKey,
    queryFn: ({ signal }) => api<ReservationsReply>('/me/pharmacy-reservations', { signal }),
  });

export function useReserve(pharmacyId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (items: { medicineId: string; quantity: number }[]) =>
      api<ReservationView>(`/pharmacies/${pharmacyId}/reservations`, { method: 'POST', body: { items } }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: pharmacyKey(pharmacyId) });
      void qc.invalidateQueries({ queryKey: myReservationsKey });
    },
  });
}

export function useCancelReservation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<void>(`/me/pharmacy-reservations/${id}/cancel`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: myReservationsKey }),
  });
}
