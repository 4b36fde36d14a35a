import { readFileSync } from 'node:fs';
import type { Redis } from 'ioredis';
import type { Clock } from './clock.ts';
import type { Config } from './config.ts';
import { FormatVerifier } from './format-verifier.ts';
import type { IdentityVerifier, PrivacyNumberProvider } from './identity.ts';
import { ConsoleSmsProvider, type SmsProvider } from './sms.ts';
import { DadaClient } from './vendors/dada.ts';
import {
  AliyunAxbProvider,
  TencentFaceIdVerifier,
  TencentSmsProvider,
  WechatClient,
  WechatSubscribeClient,
  WecomRobotClient,
} from './vendors/index.ts';
import { WechatPayClient } from './vendors/wechat-pay.ts';

/** A PEM given in the environment as its text, or as the path of a file holding it. */
const pem = (value: string) => (value.startsWith('-----BEGIN') ? value : readFileSync(value, 'utf8'));

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
  /** Online payment of pharmacy orders; off (undefined) unless PAYMENT_PROVIDER=wechat-pay. */
  wechatPay?: WechatPayClient;
  /** 达达 same-city delivery; off (undefined) unless DELIVERY_PLATFORM=dada. */
  dada?: DadaClient;
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
  const publicUrl = (config.PUBLIC_URL ?? '').replace(/\/$/, '');
  const wechatPay =
    config.PAYMENT_PROVIDER === 'wechat-pay'
      ? new WechatPayClient(
          {
            mchid: config.WECHAT_PAY_MCH_ID ?? '',
            appid: config.WECHAT_PAY_APP_ID ?? '',
            serialNo: config.WECHAT_PAY_SERIAL_NO ?? '',
            privateKeyPem: pem(config.WECHAT_PAY_PRIVATE_KEY ?? ''),
            apiV3Key: config.WECHAT_PAY_API_V3_KEY ?? '',
            platformSerial: config.WECHAT_PAY_PLATFORM_SERIAL ?? '',
            platformPublicKeyPem: pem(config.WECHAT_PAY_PLATFORM_PUBLIC_KEY ?? ''),
            notifyUrl: `${publicUrl}/api/v1/payments/wechat/notify`,
            endpoint: config.WECHAT_PAY_ENDPOINT,
            timeoutMs,
          },
          () => Math.floor(clock.now().getTime() / 1000),
        )
      : undefined;
  const dada =
    config.DELIVERY_PLATFORM === 'dada'
      ? new DadaClient(
          {
            appKey: config.DADA_APP_KEY ?? '',
            appSecret: config.DADA_APP_SECRET ?? '',
            sourceId: config.DADA_SOURCE_ID ?? '',
            shopNo: config.DADA_SHOP_NO ?? '',
            cityCode: config.DADA_CITY_CODE ?? '',
            callbackUrl: `${publicUrl}/api/v1/deliveries/dada/notify`,
            endpoint: config.DADA_ENDPOINT,
            timeoutMs,
          },
          () => Math.floor(clock.now().getTime() / 1000),
        )
      : undefined;
  return { sms, verifier, privacyNumbers, wechat, wecomRobot, wechatApps, wechatPay, dada };
}
