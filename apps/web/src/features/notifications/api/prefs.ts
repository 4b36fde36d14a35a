import type { NotificationPrefs } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const prefsKey = ['notification-prefs'] as const;

export const getPrefs = (signal?: AbortSignal) =>
  api<NotificationPrefs>('/me/notification-prefs', { signal });
export const savePrefs = (prefs: NotificationPrefs) =>
  api<NotificationPrefs>('/me/notification-prefs', { method: 'PUT', body: prefs });

export const usePrefs = () => useQuery({ queryKey: prefsKey, queryFn: ({ signal }) => getPrefs(signal) });

export function useSavePrefs() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: savePrefs, onSuccess: (prefs) => qc.setQueryData(prefsKey, prefs) });
}
