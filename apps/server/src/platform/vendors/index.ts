// Real vendor adapters behind the platform's SmsProvider, IdentityVerifier and PrivacyNumberProvider.
// The test fakes (fake-vendor-server, *-fake) are deliberately not exported.
export { type AliyunAxbOptions, AliyunAxbProvider } from './aliyun-axb-provider.ts';
export { AliyunRpcError } from './aliyun-rpc-signer.ts';
export { TencentCloudError } from './tencent-cloud-signer.ts';
export { type TencentFaceIdOptions, TencentFaceIdVerifier } from './tencent-faceid-verifier.ts';
export { type TencentSmsOptions, TencentSmsProvider } from './tencent-sms-provider.ts';
export { DEFAULT_TIMEOUT_MS, VendorFailure } from './vendor-http.ts';
export { type JsSdkConfig, jsSdkSignature, type WechatAppOptions, WechatClient } from './wechat-client.ts';
export {
  WechatApiError,
  WechatSubscribeClient,
  type WechatSubscribeMessage,
  type WechatSubscribeOptions,
} from './wechat-subscribe-client.ts';
export {
  WecomRobotClient,
  WecomRobotError,
  type WecomRobotMessage,
  type WecomRobotOutcome,
} from './wecom-robot-client.ts';
