import { NotificationData, type NotificationType } from '@medrelay/contracts';
import webpush from 'web-push';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import type { ChannelSender, OutgoingNotification } from './channels.ts';
import { notificationUrl } from './notification-links.ts';
import { notificationsRepo as repo } from './notifications.repo.ts';

/** What the service worker receives (decrypted): ids and data to render, a path to open. */
export interface PushPayload {
  id: string;
  type: NotificationType;
  data: NotificationData;
  url: string;
}

/**
 * A push service refused or failed a message. Carries the HTTP status only: the endpoint is a
 * capability URL for one person's browser and stays out of errors and logs.
 */
export class PushServiceError extends Error {
  constructor(readonly status: number | 'timeout' | 'network') {
    super(`push service answered ${status}`);
    this.name = 'PushServiceError';
  }
}

const DAY_S = 24 * 3600;
// A person may be waiting on a match or a message; a moderation outcome or a count can wait for
// the phone to wake (RFC 8030 §5.3: low urgency saves battery).
const URGENCY: Record<NotificationType, webpush.Urgency> = {
  match: 'high',
  alert: 'high',
  message: 'high',
  post_expiring: 'normal',
  post_held: 'normal',
  post_approved: 'normal',
  post_removed: 'normal',
  contact_revealed: 'low',
  report_resolved: 'low',
  // A dose is due now; the rest can wait for the phone to wake.
  dose_due: 'high',
  dose_missed: 'normal',
  refill_due: 'low',
  caregiver_invited: 'normal',
  consultation_answered: 'high',
  live_reminder: 'high',
  feedback_answered: 'low',
  reservation_confirmed: 'normal',
  reservation_declined: 'normal',
  reservation_ready: 'high',
  delivery_accepted: 'normal',
  delivery_preparing: 'low',
  delivery_out: 'high',
  delivery_delivered: 'high',
  delivery_failed: 'high',
  order_refunded: 'normal',
  group_announcement: 'normal',
  group_article: 'low',
  institution_message: 'low',
  quiz_reward: 'normal',
};

export const pushPayload = (n: OutgoingNotification): PushPayload => ({
  id: n.id,
  type: n.type,
  // Only the fields the contract names travel, whatever else a caller put into the row.
  data: NotificationData.parse(n.data),
  url: notificationUrl(n),
});

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291), through the
 * `web-push` library, to every browser the person subscribed. A subscription the push service says
 * is gone (404, 410) is deleted. The request is sent with fetch rather than the library's own https
 * call: one deadline for the whole exchange, no redirects followed, and a plain-http local fake in tests.
 */
export class WebPushSender implements ChannelSender {
  readonly channel = 'push' as const;

  constructor(
    private readonly deps: {
      db: Db;
      clock: Clock;
      vapid: VapidKeys;
      timeoutMs?: number;
      /** Tests only: lets a local fake push service on http://127.0.0.1 stand in for the real ones. */
      allowInsecureEndpoints?: boolean;
    },
  ) {}

  async send(n: OutgoingNotification): Promise<'sent' | 'unreachable'> {
    const subscriptions = await repo.pushSubscriptionsOf(this.deps.db, n.userId);
    const payload = JSON.stringify(pushPayload(n));
    let sent = 0;
    let failure: PushServiceError | undefined;
    for (const s of subscriptions) {
      try {
        await this.post(s, payload, n);
        sent++;
      } catch (err) {
        if (!(err instanceof PushServiceError)) throw err;
        if (err.status === 404 || err.status === 410) await repo.deletePushEndpoint(this.deps.db, s.endpoint);
        else failure = err;
      }
    }
    // One browser reached is enough: retrying would show it twice there (the tag would hide it,
    // but not the buzz). Nothing reached and something failed: the delivery job retries.
    if (sent > 0) return 'sent';
    if (failure) throw failure;
    return 'unreachable';
  }

  private async post(
    s: { endpoint: string; p256dh: string; auth: string },
    payload: string,
    n: OutgoingNotification,
  ): Promise<void> {
    const url = new URL(s.endpoint);
    if (url.protocol !== 'https:' && !this.deps.allowInsecureEndpoints) throw new PushServiceError(400);
    const request = webpush.generateRequestDetails(
      { endpoint: s.endpoint, keys: { p256dh: s.p256dh, auth: s.auth } },
      payload,
      {
        vapidDetails: this.deps.vapid,
        TTL: this.ttlSeconds(n),
        urgency: URGENCY[n.type] ?? 'normal',
        // A copy of the same notification (a retry after a crash) replaces one still queued at the
        // push service instead of queueing beside it. 32 hex characters, within the header's limit.
        topic: n.id.replaceAll('-', ''),
      },
    );
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      // fetch sets the length from the body itself.
      if (name.toLowerCase() !== 'content-length') headers[name] = String(value);
    }
    let res: Response;
    try {
      res = await fetch(request.endpoint, {
        method: 'POST',
        headers,
        body: request.body ? new Uint8Array(request.body) : undefined,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.deps.timeoutMs ?? 5000),
      });
      await res.arrayBuffer();
    } catch (err) {
      const timedOut =
        err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
      throw new PushServiceError(timedOut ? 'timeout' : 'network');
    }
    if (res.status < 200 || res.status > 299) throw new PushServiceError(res.status);
  }

  /** A day, or until the post expires for the "expires soon" reminder: after that it is noise. */
  private ttlSeconds(n: OutgoingNotification): number {
    if (n.type === 'post_expiring' && n.data.expiresAt) {
      const left = Math.floor((Date.parse(n.data.expiresAt) - this.deps.clock.now().getTime()) / 1000);
      return Math.max(60, Math.min(DAY_S, left));
    }
    return DAY_S;
  }
}
