import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../lib/api-client.ts';
import { type Me, meKey } from './get-me.ts';

// After WeChat's OAuth found no account (the server sent us here with ?wechat=bind and a bind cookie),
// the SMS login also links that WeChat identity to the phone's account.
const bindingWechat = () =>
  typeof window !== 'undefined' && new URLSearchParams(window.location.search).get('wechat') === 'bind';

export const login = (body: { phone: string; code: string }) =>
  api<Me>(bindingWechat() ? '/auth/wechat/sms' : '/auth/login', { method: 'POST', body });

export function useLogin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (me) => {
      qc.setQueryData(meKey, me);
      void qc.invalidateQueries({ queryKey: ['my-posts'] });
    },
  });
}
