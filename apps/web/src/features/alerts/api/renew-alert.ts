import type { AlertView } from '@medrelay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type AlertsReply, alertsKey } from './get-alerts.ts';

export const renewAlert = (id: string) => api<AlertView>(`/me/alerts/${id}/renew`, { method: 'POST' });

export function useRenewAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: renewAlert,
    onSuccess: (alert) =>
      qc.setQueryData<AlertsReply>(alertsKey, (old) =>
        old ? { ...old, items: old.items.map((a) => (a.id === alert.id ? alert : a)) } : old,
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: alertsKey }),
  });
}
