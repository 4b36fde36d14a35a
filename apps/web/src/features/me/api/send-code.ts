import { useMutation } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';

export const sendCode = (phone: string) =>
  api<{ sent: true; retryAfterSeconds: number }>('/auth/sms', { method: 'POST', body: { phone } });

export const useSendCode = () => useMutation({ mutationFn: sendCode });
