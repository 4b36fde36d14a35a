import { randomUUID } from 'node:crypto';
import { type AdherenceReply, type CaregiverView, normalizePhone } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { NotifyMany } from './reminder-job.ts';
import type { RemindersService } from './reminders.service.ts';

interface LinkRow {
  id: string;
  userId: string;
  caregiverId: string;
  status: 'invited' | 'accepted';
  createdAt: Date;
  otherMasked: string;
}

/**
 * A family caregiver: the person adds them by phone (that is the person's consent), the caregiver
 * accepts, and from then on is told about missed doses and may see the adherence chart — never the
 * medicines, the reminders or the health record.
 */
export function createCaregiversService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  notifyMany: NotifyMany;
  reminders: RemindersService;
}) {
  const { db, clock, personal, notifyMany } = deps;
  const view = (l: LinkRow): CaregiverView => ({
    id: l.id,
    phoneMasked: l.otherMasked,
    status: l.status,
    createdAt: new Date(l.createdAt).toISOString(),
  });
  const links = (where: ReturnType<typeof sql>, otherColumn: 'caregiver_id' | 'user_id') =>
    selectRows<LinkRow>(
      db,
      sql`SELECT c.id, c.user_id AS "userId", c.caregiver_id AS "caregiverId", c.status, c.created_at AS "createdAt",
          u.phone_masked AS "otherMasked"
        FROM care_caregivers c JOIN users u ON u.id = c.${sql.raw(otherColumn)}
        WHERE ${where} ORDER BY c.created_at`,
    );

  return {
    async add(user: User, phone: string): Promise<CaregiverView> {
      const hash = personal.hash('phone', normalizePhone(phone));
      const [found] = await selectRows<{ id: string }>(
        db,
        sql`SELECT id FROM users WHERE phone_hash = ${hash}`,
      );
      if (!found) throw new AppError('caregiver_unknown', 404, { field: 'phone' });
      if (found.id === user.id) throw new AppError('caregiver_self', 400, { field: 'phone' });
      const id = randomUUID();
      const now = clock.now();
      await db.transaction(async (tx) => {
        const inserted = await selectRows<{ id: string }>(
          tx,
          sql`INSERT INTO care_caregivers (id, user_id, caregiver_id, status, created_at)
            VALUES (${id}, ${user.id}, ${found.id}, 'invited', ${now})
            ON CONFLICT (user_id, caregiver_id) DO NOTHING RETURNING id`,
        );
        if (inserted.length)
          await notifyMany(tx, [
            {
              userId: found.id,
              type: 'caregiver_invited',
              dedupKey: `caregiver:${id}`,
              data: { careLinkId: id },
            },
          ]);
      });
      const [link] = await links(
        sql`c.user_id = ${user.id} AND c.caregiver_id = ${found.id}`,
        'caregiver_id',
      );
      return view(link as LinkRow);
    },
    async mine(user: User) {
      return { items: (await links(sql`c.user_id = ${user.id}`, 'caregiver_id')).map(view) };
    },
    async remove(user: User, id: string) {
      // Either side may end the link.
      const gone = await selectRows<{ id: string }>(
        db,
        sql`DELETE FROM care_caregivers WHERE id = ${id} AND (user_id = ${user.id} OR caregiver_id = ${user.id})
          RETURNING id`,
      );
      if (!gone.length) throw new AppError('not_found', 404);
    },
    /** The people I care for (or am invited to). */
    async caring(user: User) {
      return { items: (await links(sql`c.caregiver_id = ${user.id}`, 'user_id')).map(view) };
    },
    async accept(user: User, id: string): Promise<CaregiverView> {
      const done = await selectRows<{ id: string }>(
        db,
        sql`UPDATE care_caregivers SET status = 'accepted', accepted_at = coalesce(accepted_at, ${clock.now()})
          WHERE id = ${id} AND caregiver_id = ${user.id} RETURNING id`,
      );
      if (!done.length) throw new AppError('not_found', 404);
      const [link] = await links(sql`c.id = ${id}`, 'user_id');
      return view(link as LinkRow);
    },
    /** The cared-for person's adherence chart, for an accepted caregiver only. */
    async adherenceOf(user: User, id: string, days: number): Promise<AdherenceReply> {
      const [link] = await selectRows<{ userId: string }>(
        db,
        sql`SELECT user_id AS "userId" FROM care_caregivers
          WHERE id = ${id} AND caregiver_id = ${user.id} AND status = 'accepted'`,
      );
      if (!link) throw new AppError('not_found', 404);
      return deps.reminders.adherence({ id: link.userId } as User, days);
    },
  };
}

export type CaregiversService = ReturnType<typeof createCaregiversService>;
