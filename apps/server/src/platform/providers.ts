import type { Redis } from 'ioredis';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { FormatVerifier } from './format-verifier.ts';
import type { IdentityVerifier, PrivacyNumberProvider } from './identity.ts';
import { ConsoleSmsProvider, type SmsProvider } from './sms.ts';
import {
  AliyunAxbProvider,
  TencentFaceIdVerifier,
  TencentSmsProvider,
  WechatClient,
  WechatSubscribeClient,
  WecomRobotClient,
} from './vendors/index.ts';

export interface Providers {
  sms: SmsProvider;
  verifier: IdentityVerifier;
  privacyNumbers?: PrivacyNumberProvider;
  /** WeChat subscribe messages; off (undefined) unless configured. */
  wechat?: WechatSubscribeClient;
  /** The mini program's and the official account's API clients (login, OAuth, JS-SDK); off unless configured. */
  wechatApps: { miniprogram?: WechatClient; official?: WechatClient };
  /** The WeCom group robot for community announcements; off (undefined) unless WECOM_ROBOT=on. */
  wecomRobot?: WecomRobotClient;
}

/** The external services chosen by configuration; config.ts has already checked their credentials. */
export function createProviders(
  config: Config,
  clock: Clock,
  /** Shares WeChat's access token and jsapi_ticket between processes (REDIS_URL). */
  opts: { redis?: Redis } = {},
): Providers {
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
  const wechatApp = (appId: string | undefined, appSecret: string | undefined) =>
    appId && appSecret
      ? new WechatClient({
          appId,
          appSecret,
          baseUrl: config.WECHAT_API_BASE,
          openBaseUrl: config.WECHAT_OPEN_BASE,
          timeoutMs,
          now,
          redis: opts.redis,
        })
      : undefined;
  const wechatApps = {
    miniprogram: wechatApp(config.WECHAT_APP_ID, config.WECHAT_APP_SECRET),
    official: wechatApp(config.WECHAT_MP_APP_ID, config.WECHAT_MP_APP_SECRET),
  };
  const wechat =
    wechatApps.miniprogram &&
    config.WECHAT_APP_ID &&
    config.WECHAT_APP_SECRET &&
    config.WECHAT_SUBSCRIBE_TEMPLATE_ID
      ? new WechatSubscribeClient({
          appId: config.WECHAT_APP_ID,
          appSecret: config.WECHAT_APP_SECRET,
          templateId: config.WECHAT_SUBSCRIBE_TEMPLATE_ID,
          miniprogramState: config.WECHAT_MINIPROGRAM_STATE,
          baseUrl: config.WECHAT_API_BASE,
          timeoutMs,
          now,
          client: wechatApps.miniprogram,
        })
      : undefined;
  const wecomRobot =
    config.WECOM_ROBOT === 'on'
      ? new WecomRobotClient({ baseUrl: config.WECOM_ROBOT_BASE, timeoutMs })
      : undefined;
  return { sms, verifier, privacyNumbers, wechat, wecomRobot, wechatApps };
}
