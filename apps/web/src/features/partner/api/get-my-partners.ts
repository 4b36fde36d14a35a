import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import type { PartnerView } from './types.ts';

export const myPartnersKey = ['my-partners'] as const;

export const getMyPartners = (signal?: AbortSignal) =>
  api<{ items: PartnerView[] }>('/me/partners', { signal });

export const useMyPartners = (enabled: boolean) =>
  useQuery({ queryKey: myPartnersKey, queryFn: ({ signal }) => getMyPartners(signal), enabled });
