import { z } from 'zod';
import { MeView } from './auth.ts';
import { Phone } from './common.ts';

// A code from wx.login, the getPhoneNumber button or the OAuth redirect: opaque, short, one-time.
const WechatCode = z
  .string()
  .trim()
  .min(1)
  .max(128)
  .regex(/^[\w-]+$/, 'a WeChat code');
const BindToken = z
  .string()
  .min(20)
  .max(100)
  .regex(/^[\w-]+$/);

export const WechatLoginBody = z.strictObject({ code: WechatCode });
/** Logged in (the session cookie is set), or a WeChat user who must bind a phone first. */
export const WechatLoginReply = z.discriminatedUnion('status', [
  z.object({ status: z.literal('logged_in'), me: MeView }),
  z.object({
    status: z.literal('phone_required'),
    /** Send back with the getPhoneNumber code or an SMS code within expiresInSeconds. */
    bindToken: z.string(),
    expiresInSeconds: z.number().int(),
  }),
]);
export const WechatBindPhoneBody = z.strictObject({ bindToken: BindToken, phoneCode: WechatCode });
export const WechatBindSmsBody = z.strictObject({
  bindToken: BindToken.optional(),
  phone: Phone,
  code: z.string().regex(/^\d{6}$/, '6 digits'),
});
export const WechatLinkBody = z.strictObject({
  kind: z.enum(['miniprogram', 'official']),
  code: WechatCode,
});
export const WechatKindParams = z.strictObject({ kind: z.enum(['miniprogram', 'official']) });
/** The WeChat apps an account is linked to; never the openid or unionid. */
export const WechatIdentitiesReply = z.object({
  items: z.array(z.object({ kind: z.enum(['miniprogram', 'official']), linkedAt: z.iso.datetime() })),
});
export const WechatOauthQuery = z.strictObject({
  scope: z.enum(['snsapi_base', 'snsapi_userinfo']).default('snsapi_base'),
  next: z.string().max(500).optional(),
});
export const WechatOauthCallbackQuery = z.object({
  code: z.string().max(128).optional(),
  state: z.string().max(100).optional(),
});
export const WebTicketReply = z.object({ ticket: z.string(), expiresAt: z.iso.datetime() });
// In the query, not the path: request logs keep the path only.
export const WebTicketQuery = z.strictObject({
  ticket: z.string().min(1).max(100),
  next: z.string().max(500).optional(),
});
export const JsSdkConfigQuery = z.strictObject({ url: z.string().min(1).max(1000) });
export const JsSdkConfigReply = z.object({
  appId: z.string(),
  timestamp: z.number().int(),
  nonceStr: z.string(),
  signature: z.string(),
});
/** What a share card shows (Open Graph and wx.updateAppMessageShareData): no personal data. */
export const ShareCardQuery = z.strictObject({ path: z.string().min(1).max(1000) });
export const ShareCardView = z.object({
  title: z.string(),
  desc: z.string(),
  imageUrl: z.string(),
  link: z.string(),
});
export type ShareCardView = z.infer<typeof ShareCardView>;
