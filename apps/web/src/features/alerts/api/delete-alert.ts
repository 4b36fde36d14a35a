import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from '../../../lib/api-client.ts';
import { type AlertsReply, alertsKey } from './get-alerts.ts';

/** A 404 means the alert is already gone (deleted elsewhere, or lapsed and purged): the wish is met. */
export async function deleteAlert(id: string): Promise<void> {
  try {
    await api<void>(`/me/alerts/${id}`, { method: 'DELETE' });
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 404 && !err.isMissingRoute)) throw err;
  }
}

export function useDeleteAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: deleteAlert,
    onSuccess: (_v, id) =>
      qc.setQueryData<AlertsReply>(alertsKey, (old) =>
        old ? { ...old, items: old.items.filter((a) => a.id !== id) } : old,
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: alertsKey }),
  });
}
