import type { RefView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, selectRows } from '../../platform/db/index.ts';

/** Deep-link attribution in SQL: one row per partner per China day, a count and nothing per person. */
export const attributionRepo = {
  /** Approved partners whose id starts with `ref`; two at most, since two means the ref is ambiguous. */
  async approvedByRef(db: Db, ref: string) {
    return selectRows<{ id: string; name: string; type: z.infer<typeof RefView>['type'] }>(
      db,
      sql`SELECT id, name, type FROM partners
        WHERE status = 'approved' AND id::text LIKE ${`${ref}%`} LIMIT 2`,
    );
  },
  async countVisit(db: Db, partnerId: string, day: string) {
    await db.execute(sql`INSERT INTO partner_link_visits (partner_id, day, visits)
      VALUES (${partnerId}, ${day}::date, 1)
      ON CONFLICT (partner_id, day) DO UPDATE SET visits = partner_link_visits.visits + 1`);
  },
  /** Visits on `today` and since `weekStart`, both China dates 'YYYY-MM-DD'. */
  async visits(db: Db, partnerId: string, today: string, weekStart: string) {
    const [row] = await selectRows<{ today: number; week: number }>(
      db,
      sql`SELECT coalesce(sum(visits) FILTER (WHERE day = ${today}::date), 0)::int AS today,
          coalesce(sum(visits), 0)::int AS week
        FROM partner_link_visits WHERE partner_id = ${partnerId} AND day >= ${weekStart}::date`,
    );
    return { today: row?.today ?? 0, last7Days: row?.week ?? 0 };
  },
};
