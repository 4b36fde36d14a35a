import { RefParams, RefView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type Clock, chinaDate, DAY } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { softLimit } from '../../platform/rate-limits.ts';

/**
 * Deep-link attribution: a square opened with `?ref=` says which institution sent the resident, and
 * the institution sees how many squares its links opened. Counts per day only, nothing per person.
 */

/** The approved partner a ref names; several partners sharing 8 hex digits credit none of them. */
async function partnerByRef(db: Db, ref: string) {
  const rows = await selectRows<{ id: string; name: string; type: z.infer<typeof RefView>['type'] }>(
    db,
    sql`SELECT id, name, type FROM partners
      WHERE status = 'approved' AND id::text LIKE ${`${ref}%`} LIMIT 2`,
  );
  return rows.length === 1 ? rows[0] : undefined;
}

export async function linkVisits(db: Db, partnerId: string, now: Date) {
  const today = chinaDate(now);
  const weekStart = chinaDate(new Date(now.getTime() - 6 * DAY));
  const [row] = await selectRows<{ today: number; week: number }>(
    db,
    sql`SELECT coalesce(sum(visits) FILTER (WHERE day = ${today}::date), 0)::int AS today,
        coalesce(sum(visits), 0)::int AS week
      FROM partner_link_visits WHERE partner_id = ${partnerId} AND day >= ${weekStart}::date`,
  );
  return { today: row?.today ?? 0, last7Days: row?.week ?? 0 };
}

export const attributionRoutes: FastifyPluginAsyncZod<{ db: Db; clock: Clock }> = async (
  app,
  { db, clock },
) => {
  app.get(
    '/refs/:ref',
    {
      schema: {
        tags: ['partners'],
        summary: "Who a deep link's ref credits (shown on the square it opens)",
        params: RefParams,
        response: { 200: RefView },
      },
    },
    async (req) => {
      const partner = await partnerByRef(db, req.params.ref);
      if (!partner) throw new AppError('unknown_ref', 404, { field: 'ref' });
      return { ref: req.params.ref, name: partner.name, type: partner.type };
    },
  );

  app.post(
    '/refs/:ref/visits',
    {
      schema: {
        tags: ['partners'],
        summary: 'Count one square opened through a deep link (the app sends it once per visit)',
        params: RefParams,
        response: { 204: z.null() },
      },
      // Not personal and not costly, but a loop must not inflate a partner's figures.
      config: softLimit('visit'),
    },
    async (req, reply) => {
      const partner = await partnerByRef(db, req.params.ref);
      if (!partner) throw new AppError('unknown_ref', 404, { field: 'ref' });
      await db.execute(sql`INSERT INTO partner_link_visits (partner_id, day, visits)
        VALUES (${partner.id}, ${chinaDate(clock.now())}::date, 1)
        ON CONFLICT (partner_id, day) DO UPDATE SET visits = partner_link_visits.visits + 1`);
      return reply.code(204).send(null);
    },
  );
};
