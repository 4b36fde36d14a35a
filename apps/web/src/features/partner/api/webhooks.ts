import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { WebhookCreated, WebhookEvent, WebhookView } from './types.ts';

const webhooksKey = (id: string) => [...partnerKey(id), 'webhooks'] as const;

export const getWebhooks = (id: string, signal?: AbortSignal) =>
  api<{ items: WebhookView[] }>(`/partners/${id}/webhooks`, { signal });

export const useWebhooks = (id: string) =>
  useQuery({ queryKey: webhooksKey(id), queryFn: ({ signal }) => getWebhooks(id, signal) });

export interface NewWebhook {
  url: string;
  events: WebhookEvent[];
  regionCodes?: string[];
}

export function useCreateWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: NewWebhook) =>
      api<WebhookCreated>(`/partners/${id}/webhooks`, { method: 'POST', body }),
    onSettled: () => qc.invalidateQueries({ queryKey: webhooksKey(id) }),
  });
}

export function useDeleteWebhook(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (webhookId: string) =>
      api<undefined>(`/partners/${id}/webhooks/${webhookId}`, { method: 'DELETE' }),
    onSettled: () => qc.invalidateQueries({ queryKey: webhooksKey(id) }),
  });
}
