import type { MeView } from '@medrelay/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from '../../../lib/api-client.ts';

/** The account, with whether this deployment asks for real-name verification (REQUIRE_VERIFICATION). */
export type Me = MeView;

export const meKey = ['me'] as const;

/** The logged-in account, or null when logged out (401 is an answer here, not an error). */
export async function getMe(signal?: AbortSignal): Promise<Me | null> {
  try {
    return await api<Me>('/me', { signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({ queryKey: meKey, queryFn: ({ signal }) => getMe(signal), staleTime: 5 * 60_000 });
}

/** Must this account verify before publishing or revealing a contact? */
export const mustVerify = (me: Me | null | undefined): boolean =>
  Boolean(me) && me?.verificationRequired === true && me?.verified !== true;
