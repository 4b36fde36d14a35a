import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { SmsProvider } from '../../platform/sms.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import type { WechatSubscribeClient } from '../../platform/vendors/index.ts';
import type { ChannelSender } from './channels.ts';
import { SmsSender } from './sms.channel.ts';
import { WebPushSender } from './web-push.channel.ts';
import { WechatSender } from './wechat.channel.ts';

/** How this deployment reaches people outside the app; a channel without its piece is off. */
export interface ChannelConfig {
  /** Web Push; off without VAPID keys. */
  vapid?: VapidKeys;
  /** WeChat subscribe messages; off by default. */
  wechat?: WechatSubscribeClient;
  timeoutMs?: number;
  /** Tests only: a local fake push service on http://127.0.0.1. */
  allowInsecurePushEndpoints?: boolean;
}

/**
 * The outside channels for the delivery job. SMS notices go through the SMS provider when it has a
 * notice template (the console provider writes them to its outbox file); the notifications service
 * offers only the channels listed here.
 */
export function createChannelSenders(
  config: ChannelConfig,
  deps: {
    db: Db;
    clock: Clock;
    sms: SmsProvider;
    /** The accounts module's `reachOf`: the person's own phone and WeChat openid. */
    reachOf: (userId: string) => Promise<{ phone?: string; wechatOpenid?: string }>;
  },
): ChannelSender[] {
  const senders: ChannelSender[] = [];
  if (config.vapid) {
    senders.push(
      new WebPushSender({
        db: deps.db,
        clock: deps.clock,
        vapid: config.vapid,
        timeoutMs: config.timeoutMs,
        allowInsecureEndpoints: config.allowInsecurePushEndpoints,
      }),
    );
  }
  const sendNotice = deps.sms.sendNotice;
  if (sendNotice) senders.push(new SmsSender({ sendNotice, reachOf: deps.reachOf }));
  if (config.wechat) {
    senders.push(new WechatSender({ client: config.wechat, reachOf: deps.reachOf, clock: deps.clock }));
  }
  return senders;
}
