import { randomUUID } from 'node:crypto';
import { isIP } from 'node:net';
import type { PushSubscriptionBody } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import { notificationsRepo as repo, trimPushSubscriptions } from './notifications.repo.ts';

/** Phones and browsers a person may have subscribed at once; the oldest goes first. */
export const MAX_PUSH_SUBSCRIPTIONS = 10;

export interface PushService {
  /** The VAPID public key browsers subscribe with (applicationServerKey). */
  publicKey(): string;
  subscribe(userId: string, body: z.infer<typeof PushSubscriptionBody>): Promise<void>;
  unsubscribe(userId: string, endpoint: string): Promise<void>;
}

const b64urlBytes = (s: string) => (/^[A-Za-z0-9_-]+={0,2}$/.test(s) ? Buffer.from(s, 'base64url') : null);

/**
 * The server POSTs to whatever endpoint a person registers, so an endpoint is a way to make this
 * server call an address of someone's choosing. Push services are public https hosts: an address on
 * this machine or written as an IP is refused.
 */
function endpointRefusal(endpoint: string, allowInsecure: boolean): string | undefined {
  if (allowInsecure) return undefined;
  const url = new URL(endpoint);
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (url.protocol !== 'https:') return 'not_https';
  if (isIP(host) || host === 'localhost' || host.endsWith('.localhost') || !host.includes('.'))
    return 'not_a_public_host';
  return undefined;
}

export function createPushService(deps: {
  db: Db;
  clock: Clock;
  /** Undefined: this deployment has no VAPID keys, so no Web Push. */
  vapid: VapidKeys | undefined;
  /** Tests only: a local fake push service on http://127.0.0.1. */
  allowInsecureEndpoints?: boolean;
}): PushService {
  const { db, clock } = deps;
  const vapid = () => {
    if (!deps.vapid) throw new AppError('push_not_enabled', 404);
    return deps.vapid;
  };
  return {
    publicKey: () => vapid().publicKey,
    async subscribe(userId, body) {
      vapid();
      const reason = endpointRefusal(body.endpoint, deps.allowInsecureEndpoints ?? false);
      if (reason) throw new AppError('push_subscription_invalid', 400, { field: 'endpoint', reason });
      // The browser's P-256 key (an uncompressed point) and its 16-byte auth secret (RFC 8291 §3):
      // anything else would make every later send fail.
      const p256dh = b64urlBytes(body.keys.p256dh);
      if (p256dh?.length !== 65 || p256dh[0] !== 4)
        throw new AppError('push_subscription_invalid', 400, { field: 'keys.p256dh' });
      if (b64urlBytes(body.keys.auth)?.length !== 16)
        throw new AppError('push_subscription_invalid', 400, { field: 'keys.auth' });
      await db.transaction(async (tx) => {
        await repo.savePushSubscription(tx, {
          id: randomUUID(),
          userId,
          endpoint: body.endpoint,
          p256dh: body.keys.p256dh,
          auth: body.keys.auth,
          createdAt: clock.now(),
        });
        await trimPushSubscriptions(tx, userId, MAX_PUSH_SUBSCRIPTIONS);
      });
    },
    async unsubscribe(userId, endpoint) {
      await repo.deletePushSubscription(db, userId, endpoint);
    },
  };
}
