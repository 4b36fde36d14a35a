import type { NotificationType } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import type { WechatSubscribeMessage } from '../../platform/vendors/index.ts';
import type { ChannelSender, OutgoingNotification } from './channels.ts';
import { notificationUrl } from './notification-links.ts';

/**
 * What a WeChat card says: one short line per event (a `thing` value holds at most 20 characters) and
 * nothing about who or where.
 */
export const WECHAT_TEXTS: Record<NotificationType, string> = {
  match: '附近有信息可能帮到你',
  alert: '你关注的药品有新信息',
  message: '你收到一条新留言',
  contact_revealed: '有人查看了你的联系方式',
  post_expiring: '你的信息即将到期，可一键延期',
  post_held: '你的信息正在审核',
  post_approved: '你的信息已通过审核',
  post_removed: '你的信息已被下架',
  report_resolved: '你的举报已处理',
  dose_due: '该服药了，点开记录已服或稍后提醒',
  dose_missed: '家人有一次服药未记录',
  refill_due: '你的药快用完了，记得补充',
  caregiver_invited: '家人邀请你关注他的服药情况',
  consultation_answered: '药师回复了你的咨询',
  live_reminder: '你报名的直播答疑即将开始',
  feedback_answered: '你的反馈建议收到了回复',
  reservation_confirmed: '药店已确认你的预约',
  reservation_declined: '药店未能接受你的预约',
  reservation_ready: '你预约的药品已备好，请到店自提',
  delivery_accepted: '药店已接受你的送药到家订单',
  delivery_preparing: '药店正在为你备药',
  delivery_out: '你的药品正在配送中',
  delivery_delivered: '你的药品已送达',
  delivery_failed: '你的药品未能送达，药店会联系你',
  order_refunded: '你的在线支付已退款',
  group_announcement: '你加入的社群有新公告',
  group_article: '你加入的社群有新文章',
  institution_message: '你关注的机构发来一条消息',
  quiz_reward: '你参加的答题活动发奖励了',
};

/** The mini program page that hosts the H5 app in a web-view and opens the path it is given. */
export const WECHAT_PAGE = 'pages/index/index';

const chinaMinute = (d: Date) =>
  new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');

/**
 * WeChat subscribe messages for people who opened the mini program and accepted the template. The
 * template must have the keywords `thing1` (what happened) and `time2` (when). People without an
 * openid, or who did not accept (43101), are unreachable on this channel.
 */
export class WechatSender implements ChannelSender {
  readonly channel = 'wechat' as const;

  constructor(
    private readonly deps: {
      client: { send(message: WechatSubscribeMessage): Promise<'sent' | 'refused'> };
      reachOf: (userId: string) => Promise<{ wechatOpenid?: string }>;
      clock: Clock;
    },
  ) {}

  async send(n: OutgoingNotification): Promise<'sent' | 'unreachable'> {
    const { wechatOpenid } = await this.deps.reachOf(n.userId);
    if (!wechatOpenid) return 'unreachable';
    const outcome = await this.deps.client.send({
      touser: wechatOpenid,
      page: `${WECHAT_PAGE}?url=${encodeURIComponent(notificationUrl(n))}`,
      data: {
        thing1: { value: WECHAT_TEXTS[n.type] ?? '你有一条新通知' },
        time2: { value: chinaMinute(this.deps.clock.now()) },
      },
    });
    return outcome === 'sent' ? 'sent' : 'unreachable';
  }
}
