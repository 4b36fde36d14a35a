import type { InstitutionMessagePrefs } from '@medrelay/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

// Institution messages (community segments): my marketing consent and the institutions I stopped.

const key = ['institution-message-prefs'] as const;

export const useInstitutionPrefs = () =>
  useQuery({
    queryKey: key,
    queryFn: ({ signal }) => api<InstitutionMessagePrefs>('/me/institution-messages', { signal }),
  });

export function useOptOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { partnerId: string; out: boolean }) =>
      api<InstitutionMessagePrefs>(`/me/institution-messages/opt-outs/${v.partnerId}`, {
        method: v.out ? 'PUT' : 'DELETE',
      }),
    onSuccess: (prefs) => qc.setQueryData(key, prefs),
  });
}

export function useMarketingConsent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (consent: boolean) =>
      api<InstitutionMessagePrefs>('/me/institution-messages/marketing', {
        method: 'PUT',
        body: { consent },
      }),
    onSuccess: (prefs) => qc.setQueryData(key, prefs),
  });
}
