import { CONFIG } from '../../config';
import { type ApiError, api, wxLogin } from '../../utils/api';
import { safePath } from '../../utils/links';

type LoginReply =
  | { status: 'logged_in'; me: { id: string } }
  | { status: 'phone_required'; bindToken: string; expiresInSeconds: number };

const ERROR_TEXT: Record<string, string> = {
  phone_denied: '需要手机号才能使用，请再试一次。A phone number is needed.',
  wechat_code_invalid: '微信授权已失效，请重试。The WeChat login expired.',
  wechat_bind_expired: '绑定超时，请重新登录。Binding timed out.',
  wechat_already_linked: '这个手机号已绑定另一个微信。This phone is linked to another WeChat.',
  wechat_unavailable: '暂时无法用微信登录。WeChat login is unavailable.',
  network: '网络不好，请重试。Network problem.',
};

/**
 * Login: wx.login → the server (jscode2session). A known WeChat user is logged in; a new one binds a
 * phone with the getPhoneNumber button (the server exchanges its code). Then the reminders'
 * authorisation (wx.requestSubscribeMessage, on a tap as WeChat requires) and the H5 app.
 */
Component({
  data: {
    state: 'loading' as 'loading' | 'phone' | 'ready' | 'error',
    errorText: '',
    bindToken: '',
    subscribed: false,
    next: '/',
  },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ next: safePath(query.url) });
      this.start();
    },
    async start() {
      this.setData({ state: 'loading' });
      try {
        const code = await wxLogin();
        const reply = await api<LoginReply>('POST', '/api/v1/auth/wechat/miniprogram', { code });
        if (reply.status === 'logged_in') this.setData({ state: 'ready' });
        else this.setData({ state: 'phone', bindToken: reply.bindToken });
      } catch (err) {
        this.fail(err as ApiError);
      }
    },
    async onGetPhoneNumber(e: { detail: { code?: string; errMsg?: string } }) {
      if (!e.detail.code) return this.fail({ status: 0, code: 'phone_denied' });
      this.setData({ state: 'loading' });
      try {
        await api('POST', '/api/v1/auth/wechat/phone', {
          bindToken: this.data.bindToken,
          phoneCode: e.detail.code,
        });
        this.setData({ state: 'ready' });
      } catch (err) {
        this.fail(err as ApiError);
      }
    },
    onSubscribe() {
      wx.requestSubscribeMessage({
        tmplIds: CONFIG.subscribeTemplateIds,
        success: (res: Record<string, string>) => {
          this.setData({ subscribed: CONFIG.subscribeTemplateIds.some((id) => res[id] === 'accept') });
        },
        fail: () => this.setData({ subscribed: false }),
      } as WechatMiniprogram.RequestSubscribeMessageOption);
    },
    enter() {
      wx.redirectTo({ url: `/pages/index/index?url=${encodeURIComponent(this.data.next)}` });
    },
    fail(err: ApiError) {
      this.setData({ state: 'error', errorText: ERROR_TEXT[err.code] ?? ERROR_TEXT.network });
    },
  },
});
