import type { AlertView } from '@medrelay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { alertBody } from '../alert-rules.ts';
import { alertsKey } from './get-alerts.ts';

export const createAlert = (body: ReturnType<typeof alertBody>) =>
  api<AlertView>('/me/alerts', { method: 'POST', body });

export function useCreateAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: createAlert,
    onSettled: () => qc.invalidateQueries({ queryKey: alertsKey }),
  });
}
