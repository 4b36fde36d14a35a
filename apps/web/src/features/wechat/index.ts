export { inMiniProgram, inWechat, shareInWechat } from './wechat-bridge.ts';
export { WechatShare } from './wechat-share.tsx';
