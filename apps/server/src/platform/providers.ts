import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { FormatVerifier } from './format-verifier.ts';
import type { IdentityVerifier, PrivacyNumberProvider } from './identity.ts';
import { ConsoleSmsProvider, type SmsProvider } from './sms.ts';
import {
  AliyunAxbProvider,
  TencentFaceIdVerifier,
  TencentSmsProvider,
  WechatSubscribeClient,
} from './vendors/index.ts';

export interface Providers {
  sms: SmsProvider;
  verifier: IdentityVerifier;
  privacyNumbers?: PrivacyNumberProvider;
  /** WeChat subscribe messages; off (undefined) unless configured. */
  wechat?: WechatSubscribeClient;
}

/** The external services chosen by configuration; config.ts has already checked their credentials. */
export function createProviders(config: Config, clock: Clock): Providers {
  const now = () => clock.now();
  const timeoutMs = config.VENDOR_TIMEOUT_MS;
  const tencent = { secretId: config.TENCENT_SECRET_ID ?? '', secretKey: config.TENCENT_SECRET_KEY ?? '' };
  const sms: SmsProvider =
    config.SMS_PROVIDER === 'tencent'
      ? new TencentSmsProvider({
          ...tencent,
          smsSdkAppId: config.TENCENT_SMS_APP_ID ?? '',
          signName: config.TENCENT_SMS_SIGN_NAME ?? '',
          templateId: config.TENCENT_SMS_TEMPLATE_ID ?? '',
          noticeTemplateId: config.TENCENT_SMS_NOTICE_TEMPLATE_ID,
          region: config.TENCENT_SMS_REGION,
          endpoint: config.TENCENT_SMS_ENDPOINT,
          timeoutMs,
          now,
        })
      : new ConsoleSmsProvider(config.smsOutbox);
  const verifier: IdentityVerifier =
    config.ID_VERIFIER === 'tencent-faceid'
      ? new TencentFaceIdVerifier({ ...tencent, endpoint: config.TENCENT_FACEID_ENDPOINT, timeoutMs, now })
      : new FormatVerifier();
  const privacyNumbers =
    config.PRIVACY_NUMBER === 'aliyun-axb'
      ? new AliyunAxbProvider({
          accessKeyId: config.ALIYUN_ACCESS_KEY_ID ?? '',
          accessKeySecret: config.ALIYUN_ACCESS_KEY_SECRET ?? '',
          poolKey: config.ALIYUN_AXB_POOL_KEY ?? '',
          endpoint: config.ALIYUN_AXB_ENDPOINT,
          timeoutMs,
          now,
        })
      : undefined;
  const wechat =
    config.WECHAT_APP_ID && config.WECHAT_APP_SECRET && config.WECHAT_SUBSCRIBE_TEMPLATE_ID
      ? new WechatSubscribeClient({
          appId: config.WECHAT_APP_ID,
          appSecret: config.WECHAT_APP_SECRET,
          templateId: config.WECHAT_SUBSCRIBE_TEMPLATE_ID,
          miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
          baseUrl: config.WECHAT_API_BASE,
          timeoutMs,
          now,
        })
      : undefined;
  return { sms, verifier, privacyNumbers, wechat };
}
