import type { ContactReply } from '@medrelay/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

/** A deliberate, logged and rate-limited act: the server records it and the poster sees the count. */
export const revealContact = (postId: string) =>
  api<ContactReply>(`/posts/${postId}/contact`, { method: 'POST' });

export const useRevealContact = () => useMutation({ mutationFn: revealContact });
