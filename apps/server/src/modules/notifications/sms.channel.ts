import type { SmsNotice } from '../../platform/sms.ts';
import type { ChannelSender, OutgoingNotification } from './channels.ts';

/**
 * SMS notices to the person's own phone: one fixed template ("someone nearby offers what you need"),
 * so the text carries no name, place, medicine or number. SMS costs money and wakes people: the
 * notifications service queues it only for a match on one of my needs, if I opted in; anything else
 * reaching this sender is not sent.
 */
export class SmsSender implements ChannelSender {
  readonly channel = 'sms' as const;

  constructor(
    private readonly deps: {
      sendNotice: (notice: SmsNotice) => Promise<void>;
      reachOf: (userId: string) => Promise<{ phone?: string }>;
    },
  ) {}

  async send(n: OutgoingNotification): Promise<'sent' | 'unreachable'> {
    if (n.type !== 'match') return 'unreachable';
    const { phone } = await this.deps.reachOf(n.userId);
    if (!phone) return 'unreachable';
    await this.deps.sendNotice({ to: phone, template: 'match' });
    return 'sent';
  }
}
