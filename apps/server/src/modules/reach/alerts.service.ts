import { randomUUID } from 'node:crypto';
import { ALERT_TTL_DAYS, type AlertBody, type AlertView, MAX_ALERTS_PER_PERSON } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import { DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { distanceKm, roundForPublic, toWgs84 } from '../../platform/geo.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { type AlertRow, alertsRepo as repo } from './alerts.repo.ts';

type AlertInput = z.output<typeof AlertBody>;

export interface AlertsService {
  list(user: User): Promise<{ items: AlertView[]; max: number }>;
  create(user: User, body: AlertInput): Promise<AlertView>;
  remove(user: User, id: string): Promise<void>;
  renew(user: User, id: string): Promise<AlertView>;
  /** The live alerts a newly visible post concerns, one per alert, without the poster's own. */
  matching(
    tx: Db,
    post: { kind: 'need' | 'offer'; medicineIds: string[]; categories: string[]; lat: number; lng: number },
    ownerId: string | null,
  ): Promise<{ alertId: string; userId: string; distanceKm: number }[]>;
}

export function createAlertsService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
}): AlertsService {
  const { db, clock, catalog } = deps;
  const ttl = ALERT_TTL_DAYS * DAY;
  const present = (a: AlertRow): AlertView => ({
    id: a.id,
    kind: a.kind,
    medicineId: a.medicineId,
    category: a.category,
    location: { lat: roundForPublic(a.lat), lng: roundForPublic(a.lng) },
    radiusKm: a.radiusKm,
    createdAt: a.createdAt.toISOString(),
    expiresAt: a.expiresAt.toISOString(),
  });

  return {
    async list(user) {
      const rows = await repo.activeOf(db, user.id, clock.now());
      return { items: rows.map(present), max: MAX_ALERTS_PER_PERSON };
    },

    async create(user, body) {
      if (body.medicineId && !catalog.get(body.medicineId)) {
        throw new AppError('unknown_medicine', 400, { field: 'medicineId' });
      }
      if (body.category && !catalog.categories.some((c) => c.id === body.category)) {
        throw new AppError('unknown_category', 400, { field: 'category' });
      }
      const point = toWgs84(body.location.lat, body.location.lng, body.location.coordSystem);
      // Outside mainland China answers location_outside_china, as a post would.
      deps.regions.place(point);
      const now = clock.now();
      const row: AlertRow = {
        id: randomUUID(),
        userId: user.id,
        kind: body.kind,
        medicineId: body.medicineId ?? null,
        category: body.category ?? null,
        lat: point.lat,
        lng: point.lng,
        radiusKm: body.radiusKm,
        createdAt: now,
        expiresAt: new Date(now.getTime() + ttl),
      };
      await db.transaction(async (tx) => {
        await repo.lockPerson(tx, user.id);
        if ((await repo.activeOf(tx, user.id, now)).length >= MAX_ALERTS_PER_PERSON) {
          throw new AppError('alert_limit', 409, { max: MAX_ALERTS_PER_PERSON });
        }
        await repo.insert(tx, row);
      });
      return present(row);
    },

    async remove(user, id) {
      if (!(await repo.delete(db, user.id, id))) throw new AppError('not_found', 404);
    },

    async renew(user, id) {
      const now = clock.now();
      const row = await db.transaction(async (tx) => {
        await repo.lockPerson(tx, user.id);
        const current = await repo.find(tx, user.id, id);
        if (!current) throw new AppError('not_found', 404);
        // A lapsed alert coming back counts against the limit like a new one.
        if (
          current.expiresAt <= now &&
          (await repo.activeOf(tx, user.id, now)).length >= MAX_ALERTS_PER_PERSON
        ) {
          throw new AppError('alert_limit', 409, { max: MAX_ALERTS_PER_PERSON });
        }
        return repo.renew(tx, user.id, id, new Date(now.getTime() + ttl));
      });
      if (!row) throw new AppError('not_found', 404);
      return present(row);
    },

    async matching(tx, post, ownerId) {
      const seen = new Set<string>();
      const out: { alertId: string; userId: string; distanceKm: number }[] = [];
      for (const a of await repo.candidates(tx, post, clock.now())) {
        if (seen.has(a.id) || a.userId === ownerId) continue;
        seen.add(a.id);
        const d = distanceKm(a.lat, a.lng, post.lat, post.lng);
        if (d <= a.radiusKm)
          out.push({ alertId: a.id, userId: a.userId, distanceKm: Math.round(d * 10) / 10 });
      }
      return out;
    },
  };
}
