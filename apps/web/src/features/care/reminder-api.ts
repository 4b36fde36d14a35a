import type {
  AdherenceReply,
  CaregiverView,
  ConsultationView,
  DoseView,
  ReminderBody,
  ReminderView,
  SharedPartsReply,
} from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api-client.ts';

// Dose reminders, caregivers and pharmacist consultations: one fetcher and hook per endpoint.
const remindersKey = ['me', 'care', 'reminders'] as const;

export const useReminders = () =>
  useQuery({
    queryKey: remindersKey,
    queryFn: ({ signal }) => api<{ items: ReminderView[] }>('/me/care/reminders', { signal }),
  });
export const useReminder = (id: string) =>
  useQuery({
    queryKey: [...remindersKey, id],
    queryFn: ({ signal }) => api<ReminderView>(`/me/care/reminders/${id}`, { signal }),
  });
export const useAdherence = (days: number) =>
  useQuery({
    queryKey: ['me', 'care', 'adherence', days],
    queryFn: ({ signal }) => api<AdherenceReply>(`/me/care/adherence?days=${days}`, { signal }),
  });

export function useCreateReminder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ReminderBody) => api<ReminderView>('/me/care/reminders', { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: remindersKey }),
  });
}
export function useUpdateReminder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      ...body
    }: {
      id: string;
      paused?: boolean;
      endsOn?: string;
      quantity?: number | null;
    }) => api<ReminderView>(`/me/care/reminders/${id}`, { method: 'PATCH', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: remindersKey }),
  });
}
export function useDeleteReminder() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/me/care/reminders/${id}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: remindersKey }),
  });
}
export function useDoseAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      reminderId,
      dueAt,
      action,
    }: {
      reminderId: string;
      dueAt: string;
      action: 'taken' | 'skipped' | 'snooze';
    }) =>
      api<DoseView>(`/me/care/reminders/${reminderId}/doses/${encodeURIComponent(dueAt)}`, {
        method: 'POST',
        body: { action },
      }),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: remindersKey });
      qc.invalidateQueries({ queryKey: ['me', 'care', 'adherence'] });
    },
  });
}

const caregiversKey = ['me', 'care', 'caregivers'] as const;
export const useCaregivers = () =>
  useQuery({
    queryKey: caregiversKey,
    queryFn: ({ signal }) => api<{ items: CaregiverView[] }>('/me/care/caregivers', { signal }),
  });
export function useAddCaregiver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (phone: string) =>
      api<CaregiverView>('/me/care/caregivers', { method: 'POST', body: { phone } }),
    onSettled: () => qc.invalidateQueries({ queryKey: caregiversKey }),
  });
}
export function useRemoveCaregiver() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<null>(`/me/care/caregivers/${id}`, { method: 'DELETE' }),
    onSettled: () => {
      qc.invalidateQueries({ queryKey: caregiversKey });
      qc.invalidateQueries({ queryKey: ['me', 'care', 'caring'] });
    },
  });
}
export const useCaring = () =>
  useQuery({
    queryKey: ['me', 'care', 'caring'],
    queryFn: ({ signal }) => api<{ items: CaregiverView[] }>('/me/care/caring', { signal }),
  });
export function useAcceptCaring() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<CaregiverView>(`/me/care/caring/${id}/accept`, { method: 'POST' }),
    onSettled: () => qc.invalidateQueries({ queryKey: ['me', 'care', 'caring'] }),
  });
}
export const useCaredAdherence = (id: string, days: number, enabled: boolean) =>
  useQuery({
    queryKey: ['me', 'care', 'caring', id, days],
    queryFn: ({ signal }) => api<AdherenceReply>(`/me/care/caring/${id}/adherence?days=${days}`, { signal }),
    enabled,
  });

// Consultations, the resident's side.
const consultationsKey = ['me', 'care', 'consultations'] as const;
export interface ConsultationPharmacy {
  id: string;
  name: string;
  onDuty: boolean;
  responseMinutes: number;
}
export const useConsultationPharmacies = () =>
  useQuery({
    queryKey: ['care', 'consultation-pharmacies'],
    queryFn: ({ signal }) =>
      api<{ items: ConsultationPharmacy[]; poolMinutes: number | null }>('/care/consultation-pharmacies', {
        signal,
      }),
  });
export const useConsultations = () =>
  useQuery({
    queryKey: consultationsKey,
    queryFn: ({ signal }) => api<{ items: ConsultationView[] }>('/me/care/consultations', { signal }),
  });
export const useConsultation = (id: string) =>
  useQuery({
    queryKey: [...consultationsKey, id],
    queryFn: ({ signal }) => api<ConsultationView>(`/me/care/consultations/${id}`, { signal }),
    refetchInterval: 10_000,
  });
export function useAskPharmacist() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { pharmacyId?: string; question: string; sharedParts: string[] }) =>
      api<ConsultationView>('/me/care/consultations', { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: consultationsKey }),
  });
}
export function useConsultationStep() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, step, body }: { id: string; step: 'messages' | 'rating' | 'close'; body?: unknown }) =>
      api<ConsultationView>(`/me/care/consultations/${id}/${step}`, { method: 'POST', body }),
    onSuccess: (data) => qc.setQueryData([...consultationsKey, data.id], data),
    onSettled: () => qc.invalidateQueries({ queryKey: consultationsKey }),
  });
}

// The pharmacist's desk.
export type QueueItem = ConsultationView & { assignedToMe: boolean };
const deskKey = (partnerId: string) => ['partner', partnerId, 'consultations'] as const;
export const useDeskQueue = (partnerId: string) =>
  useQuery({
    queryKey: deskKey(partnerId),
    queryFn: ({ signal }) =>
      api<{ items: QueueItem[] }>(`/partners/${partnerId}/pharmacy/consultations`, { signal }),
    refetchInterval: 15_000,
  });
export const useDeskShared = (partnerId: string, id: string, enabled: boolean) =>
  useQuery({
    queryKey: [...deskKey(partnerId), id, 'shared'],
    queryFn: ({ signal }) =>
      api<SharedPartsReply>(`/partners/${partnerId}/pharmacy/consultations/${id}/shared`, { signal }),
    enabled,
    retry: false,
  });
export function useDeskStep(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({
      id,
      step,
      body,
    }: {
      id: string;
      step: 'answers' | 'claim' | 'close' | 'handoff';
      body?: unknown;
    }) =>
      api<QueueItem>(`/partners/${partnerId}/pharmacy/consultations/${id}/${step}`, { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: deskKey(partnerId) }),
  });
}
export interface AnswerTemplate {
  id: string;
  title: string;
  body: string;
}
export const useTemplates = (partnerId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'answer-templates'],
    queryFn: ({ signal }) =>
      api<{ items: AnswerTemplate[] }>(`/partners/${partnerId}/pharmacy/answer-templates`, { signal }),
  });
export function useSaveTemplate(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { title: string; body: string }) =>
      api<{ items: AnswerTemplate[] }>(`/partners/${partnerId}/pharmacy/answer-templates`, {
        method: 'POST',
        body,
      }),
    onSuccess: (data) => qc.setQueryData(['partner', partnerId, 'answer-templates'], data),
  });
}
export const useDeskSettings = (partnerId: string) =>
  useQuery({
    queryKey: ['partner', partnerId, 'consultation-settings'],
    queryFn: ({ signal }) =>
      api<{ onDuty: boolean; responseMinutes: number }>(
        `/partners/${partnerId}/pharmacy/consultation-settings`,
        {
          signal,
        },
      ),
    retry: false,
  });
export function useSaveDeskSettings(partnerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { onDuty: boolean; responseMinutes: number }) =>
      api<{ onDuty: boolean; responseMinutes: number }>(
        `/partners/${partnerId}/pharmacy/consultation-settings`,
        {
          method: 'PUT',
          body,
        },
      ),
    onSuccess: (data) => {
      qc.setQueryData(['partner', partnerId, 'consultation-settings'], data);
      qc.invalidateQueries({ queryKey: deskKey(partnerId) });
    },
  });
}
