export { createShareCards, installShareMeta, type ShareCards } from './share-cards.ts';
export { wechatRoutes } from './wechat.routes.ts';
export { createWechatAccounts, type WechatAccounts } from './wechat.service.ts';
