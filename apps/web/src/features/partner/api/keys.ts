import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { partnerKey } from './get-partner.ts';
import type { ApiKeyCreated, ApiKeyView, Scope } from './types.ts';

const keysKey = (id: string) => [...partnerKey(id), 'keys'] as const;

export const getKeys = (id: string, signal?: AbortSignal) =>
  api<{ items: ApiKeyView[] }>(`/partners/${id}/keys`, { signal });

/** Keys with their usage today; refreshed now and then, since partners' servers use them meanwhile. */
export const useKeys = (id: string) =>
  useQuery({
    queryKey: keysKey(id),
    queryFn: ({ signal }) => getKeys(id, signal),
    refetchInterval: 30_000,
  });

export interface NewKey {
  name: string;
  kind: 'secret' | 'publishable';
  scopes: Scope[];
}

// Each change answers with at most one full key, which the caller shows once and then forgets.
function useKeyChange<V, R>(id: string, fn: (vars: V) => Promise<R>) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSettled: () => qc.invalidateQueries({ queryKey: keysKey(id) }),
  });
}

export const useCreateKey = (id: string) =>
  useKeyChange(id, (body: NewKey) => api<ApiKeyCreated>(`/partners/${id}/keys`, { method: 'POST', body }));

export const useRotateKey = (id: string) =>
  useKeyChange(id, (keyId: string) =>
    api<ApiKeyCreated>(`/partners/${id}/keys/${keyId}/rotate`, { method: 'POST' }),
  );

export const useRevokeKey = (id: string) =>
  useKeyChange(id, (keyId: string) => api<undefined>(`/partners/${id}/keys/${keyId}`, { method: 'DELETE' }));
