import type { AlertView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export interface AlertsReply {
  items: AlertView[];
  /** How many alerts a person may keep (5). */
  max: number;
}

export const alertsKey = ['alerts'] as const;

export const getAlerts = (signal?: AbortSignal) => api<AlertsReply>('/me/alerts', { signal });

export const useAlerts = (enabled = true) =>
  useQuery({ queryKey: alertsKey, queryFn: ({ signal }) => getAlerts(signal), enabled });
