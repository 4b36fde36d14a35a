import { randomBytes, randomUUID } from 'node:crypto';
import type { WebhookCreateBody, WebhookEvent } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import { type PartnerAccess, prefixOf } from './partner-access.ts';
import { partnersRepo as repo } from './partners.repo.ts';

/**
 * Webhook subscriptions and their delivery log, as partners manage them; sending is the dispatcher's
 * job (webhooks.dispatcher.ts).
 */
export function createPartnerWebhooksService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  access: PartnerAccess;
}) {
  const { db, clock, personal, access } = deps;

  return {
    async createWebhook(user: User, id: string, body: z.output<typeof WebhookCreateBody>) {
      const { partner } = await access.asMember(user, id, 'developer');
      const within = body.regionCodes ?? partner.regionCodes;
      const outside = within.find((c) => !partner.regionCodes.some((mine) => c.startsWith(prefixOf(mine))));
      if (outside) throw new AppError('region_not_allowed', 403, { field: 'regionCodes', code: outside });
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = {
        id: randomUUID(),
        partnerId: id,
        url: body.url,
        secretEnc: personal.encrypt(secret),
        events: body.events,
        regionCodes: within,
        active: true,
        createdAt: clock.now(),
      };
      await repo.insertWebhook(db, row);
      return { ...webhookView(row), secret };
    },
    async webhooks(user: User, id: string) {
      await access.asMember(user, id, 'viewer');
      return (await repo.webhooks(db, id)).map(webhookView);
    },
    async deleteWebhook(user: User, id: string, webhookId: string) {
      await access.asMember(user, id, 'developer');
      if (!(await repo.deactivateWebhook(db, id, webhookId))) throw new AppError('not_found', 404);
    },
    async deliveries(user: User, id: string) {
      await access.asMember(user, id, 'viewer');
      return (await repo.deliveries(db, id)).map(({ d, topic }) => ({
        id: d.id,
        subscriptionId: d.subscriptionId,
        eventId: d.eventId,
        topic,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastLatencyMs: d.lastLatencyMs,
        lastError: d.lastError,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      }));
    },
    async redeliver(user: User, id: string, deliveryId: number) {
      await access.asMember(user, id, 'developer');
      if (!(await repo.redeliver(db, id, deliveryId, clock.now()))) throw new AppError('not_found', 404);
    },
  };
}

const webhookView = (w: {
  id: string;
  url: string;
  events: string[];
  regionCodes: string[];
  active: boolean;
  createdAt: Date;
}) => ({
  id: w.id,
  url: w.url,
  events: w.events as z.infer<typeof WebhookEvent>[],
  regionCodes: w.regionCodes,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

export type PartnerWebhooksService = ReturnType<typeof createPartnerWebhooksService>;
