import type {
  ChartView,
  EntryValue,
  EntryView,
  FollowupPatientDetail,
  FollowupPatientView,
  GrantView,
  GuidanceView,
  HealthPart,
  HealthReadView,
  HealthRecordView,
  MeasurementKind,
  MeasurementValue,
  MeasurementView,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, withQuery } from '../../lib/api-client.ts';

const recordKey = ['me', 'health'] as const;

export const useHealthRecord = (enabled = true) =>
  useQuery({
    queryKey: recordKey,
    queryFn: ({ signal }) => api<HealthRecordView>('/me/health', { signal }),
    enabled,
  });

export function useHealthConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<HealthRecordView>('/me/health/consent', { method: 'POST', body: { agree: true } }),
    onSuccess: (data) => qc.setQueryData(recordKey, data),
  });
}

export function useWithdrawHealthConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api<HealthRecordView>('/me/health', { method: 'DELETE' }),
    onSuccess: (data) => {
      qc.setQueryData(recordKey, data);
      void qc.invalidateQueries({ queryKey: ['me', 'health'] });
    },
  });
}

export function useAddEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (value: EntryValue) =>
      api<EntryView>('/me/health/entries', { method: 'POST', body: { value } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['me', 'health'] }),
  });
}

export function useRemoveEntry() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/me/health/entries/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['me', 'health'] }),
  });
}

export function useAddMeasurement() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (value: MeasurementValue) =>
      api<MeasurementView>('/me/health/measurements', { method: 'POST', body: { value } }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['me', 'health'] }),
  });
}

export const useChart = (kind: MeasurementKind, days: number, enabled = true) =>
  useQuery({
    queryKey: ['me', 'health', 'chart', kind, days],
    queryFn: ({ signal }) => api<ChartView>(withQuery('/me/health/measurements', { kind, days }), { signal }),
    enabled,
  });

export const useIngredients = () =>
  useQuery({
    queryKey: ['care', 'ingredients'],
    queryFn: ({ signal }) =>
      api<{ version: string; items: { id: string; name: { zh: string; en: string } }[] }>(
        '/care/ingredients',
        {
          signal,
        },
      ),
    staleTime: 60 * 60_000,
  });

export const useGuidance = (medicineId: string, q: { ageYears?: number; weightKg?: number }) =>
  useQuery({
    queryKey: ['care', 'guidance', medicineId, q.ageYears ?? '', q.weightKg ?? ''],
    queryFn: ({ signal }) =>
      api<GuidanceView>(
        withQuery(`/care/guidance/${medicineId}`, { ageYears: q.ageYears, weightKg: q.weightKg }),
        {
          signal,
        },
      ),
    enabled: Boolean(medicineId),
  });

const sharesKey = ['me', 'health', 'shares'] as const;

export const useShares = () =>
  useQuery({
    queryKey: sharesKey,
    queryFn: ({ signal }) => api<{ items: GrantView[] }>('/me/health/shares', { signal }),
  });

export const useReads = () =>
  useQuery({
    queryKey: ['me', 'health', 'reads'],
    queryFn: ({ signal }) => api<{ items: HealthReadView[] }>('/me/health/reads', { signal }),
  });

export function useShare() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { pharmacyId: string; parts: HealthPart[]; days: number }) =>
      api<GrantView>('/me/health/shares', { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: sharesKey }),
  });
}

export function useRevokeShare() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<GrantView>(`/me/health/shares/${id}/revoke`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: sharesKey }),
  });
}

/** Approved pharmacies near a point, to choose one to share with. */
export const useNearbyPharmacies = (near: { lat: number; lng: number } | undefined) =>
  useQuery({
    queryKey: ['care', 'nearby-pharmacies', near ? `${near.lat.toFixed(3)},${near.lng.toFixed(3)}` : ''],
    queryFn: ({ signal }) =>
      api<{ items: { id: string; name: string; distanceKm?: number | null }[] }>(
        withQuery('/pharmacies', {
          near: near ? `${near.lat.toFixed(4)},${near.lng.toFixed(4)}` : '',
          radiusKm: 10,
        }),
        { signal },
      ),
    enabled: Boolean(near),
  });

export const usePharmacyName = (id: string) =>
  useQuery({
    queryKey: ['pharmacy', id],
    queryFn: ({ signal }) => api<{ id: string; name: string }>(`/pharmacies/${id}`, { signal }),
    enabled: Boolean(id),
  });

// The pharmacist's side.
export const useMyPharmaciesAsPharmacist = (enabled = true) =>
  useQuery({
    queryKey: ['me', 'pharmacist-of'],
    queryFn: ({ signal }) =>
      api<{ items: { partnerId: string; name: string }[] }>('/me/pharmacist-of', { signal }),
    enabled,
  });

const careBase = (pharmacyId: string) => `/partners/${pharmacyId}/care`;

export const usePatients = (pharmacyId: string, condition: string, overdue: boolean) =>
  useQuery({
    queryKey: ['partner', pharmacyId, 'care', overdue ? 'overdue' : 'patients', condition],
    queryFn: ({ signal }) =>
      api<{ items: FollowupPatientView[] }>(
        overdue
          ? `${careBase(pharmacyId)}/overdue`
          : withQuery(`${careBase(pharmacyId)}/patients`, { condition: condition || undefined }),
        { signal },
      ),
    enabled: Boolean(pharmacyId),
  });

export const usePatient = (pharmacyId: string, userId: string) =>
  useQuery({
    queryKey: ['partner', pharmacyId, 'care', 'patient', userId],
    queryFn: ({ signal }) =>
      api<FollowupPatientDetail>(`${careBase(pharmacyId)}/patients/${userId}`, { signal }),
    enabled: Boolean(pharmacyId && userId),
  });

export const usePatientChart = (
  pharmacyId: string,
  userId: string,
  kind: MeasurementKind,
  enabled: boolean,
) =>
  useQuery({
    queryKey: ['partner', pharmacyId, 'care', 'patient', userId, 'chart', kind],
    queryFn: ({ signal }) =>
      api<ChartView>(
        withQuery(`${careBase(pharmacyId)}/patients/${userId}/measurements`, { kind, days: 90 }),
        {
          signal,
        },
      ),
    enabled,
  });

export function useFollowupActions(pharmacyId: string, userId: string) {
  const qc = useQueryClient();
  const refresh = () => qc.invalidateQueries({ queryKey: ['partner', pharmacyId, 'care'] });
  return {
    setEvery: useMutation({
      mutationFn: (everyDays: number) =>
        api<FollowupPatientView>(`${careBase(pharmacyId)}/patients/${userId}/followup`, {
          method: 'PUT',
          body: { everyDays },
        }),
      onSettled: refresh,
    }),
    addNote: useMutation({
      mutationFn: (note: string) =>
        api<FollowupPatientDetail>(`${careBase(pharmacyId)}/patients/${userId}/contacts`, {
          method: 'POST',
          body: { note },
        }),
      onSettled: refresh,
    }),
  };
}
