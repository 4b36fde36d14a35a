import { useQuery } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

interface NoticeSection {
  title: string;
  body: string;
}

/** The server's privacy notice (PIPL arts. 17 and 30), the same text residents consent to. */
export interface PrivacyNotice {
  version: string;
  sections: { id: string; zh: NoticeSection; en: NoticeSection }[];
}

export const getPrivacyNotice = (signal?: AbortSignal) => api<PrivacyNotice>('/privacy-notice', { signal });

export const usePrivacyNotice = () =>
  useQuery({
    queryKey: ['privacy-notice'],
    queryFn: ({ signal }) => getPrivacyNotice(signal),
    staleTime: 60 * 60_000,
  });
