import type { RefView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../../lib/api-client.ts';

const COUNTED_KEY = (ref: string) => `medrelay.ref.${ref}`;

/**
 * The institution a deep link (`?ref=`) credits, for a "link from …" line on the square; and one
 * visit counted for it per browser session, so the institution sees what its links bring. An unknown
 * ref simply shows nothing.
 */
export function useRefAttribution(ref: string | undefined): RefView | undefined {
  const partner = useQuery({
    queryKey: ['ref', ref],
    queryFn: ({ signal }) => api<RefView>(`/refs/${ref}`, { signal }),
    enabled: Boolean(ref),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const known = partner.data?.ref;
  useEffect(() => {
    if (!known || alreadyCounted(known)) return;
    markCounted(known);
    api(`/refs/${known}/visits`, { method: 'POST' }).catch(() => undefined);
  }, [known]);
  return ref && partner.data?.ref === ref ? partner.data : undefined;
}

// Session storage can be unavailable (private modes, some WebViews): then a visit may count twice.
function alreadyCounted(ref: string): boolean {
  try {
    return sessionStorage.getItem(COUNTED_KEY(ref)) === '1';
  } catch {
    return false;
  }
}
function markCounted(ref: string): void {
  try {
    sessionStorage.setItem(COUNTED_KEY(ref), '1');
  } catch {
    // nothing to keep it in
  }
}
