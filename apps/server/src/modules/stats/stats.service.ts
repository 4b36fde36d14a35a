import type { StatsSummary } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import type { Catalog } from '../catalog/index.ts';
import { openPostSql } from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';

export interface StatsService {
  summary(): Promise<StatsSummary>;
}

// The summary aggregates every post ever made; at a million posts that is a few hundred ms,
// so one computed answer serves everyone for a short while.
const CACHE_MS = 30_000;
const TOP_N = 5;

export function createStatsService(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  minCount: number;
  cacheMs?: number;
}): StatsService {
  const { db, clock, catalog, regions, minCount } = deps;
  const cacheMs = deps.cacheMs ?? CACHE_MS;
  let cached: { at: number; value: StatsSummary } | undefined;

  /** Resolution rate and the median times, with small groups suppressed like every other figure. */
  async function postOutcomes(): Promise<NonNullable<StatsSummary['outcomes']>> {
    const hours = (seconds: unknown) => Math.round((Number(seconds) / 3600) * 10) / 10;
    const [closed] = await selectRows<{ resolved: number; closed: number; median_s: number | null }>(
      db,
      sql`SELECT count(*) FILTER (WHERE status = 'resolved')::int AS resolved,
                 count(*) FILTER (WHERE status IN ('resolved', 'expired'))::int AS closed,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM closed_at - created_at))
                   FILTER (WHERE status = 'resolved') AS median_s
            FROM posts WHERE NOT is_demo AND status IN ('resolved', 'expired')`,
    );
    const [contact] = await selectRows<{ n: number; median_s: number | null }>(
      db,
      sql`SELECT count(*)::int AS n,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_at - p.created_at)) AS median_s
            FROM posts p
            JOIN (SELECT post_id, min(at) AS first_at FROM (
                    SELECT post_id, created_at AS at FROM contact_reveals
                    UNION ALL SELECT post_id, created_at AS at FROM relay_threads) x
                  GROUP BY post_id) f ON f.post_id = p.id
           WHERE NOT p.is_demo`,
    );
    const met = await selectRows<{ resolution: string; n: number }>(
      db,
      sql`SELECT resolution, count(*)::int AS n FROM posts
           WHERE kind = 'need' AND status = 'resolved' AND resolution IS NOT NULL AND NOT is_demo
           GROUP BY resolution HAVING count(*) >= ${minCount} ORDER BY n DESC, resolution`,
    );
    // A match is recorded as the notice to the earlier post's owner (reach module, type 'match'): at
    // that moment both the new post (data.postId) and the one it matched (data.myPostId) had a match.
    const [match] = await selectRows<{ n: number; median_s: number | null }>(
      db,
      sql`SELECT count(*)::int AS n,
                 percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first_at - p.created_at)) AS median_s
            FROM posts p
            JOIN (SELECT post_id, min(created_at) AS first_at FROM (
                    SELECT data->>'postId' AS post_id, created_at FROM notifications WHERE type = 'match'
                    UNION ALL SELECT data->>'myPostId', created_at FROM notifications WHERE type = 'match') x
                  GROUP BY post_id) f ON f.post_id = p.id::text
           WHERE NOT p.is_demo`,
    );
    const [relay] = await selectRows<{ chains: number; passed_on: number }>(
      db,
      sql`SELECT count(DISTINCT relayed_from)::int AS chains, count(*)::int AS passed_on
            FROM posts WHERE relayed_from IS NOT NULL AND NOT is_demo AND status <> 'deleted'`,
    );
    const enough = (n: number | undefined) => (n ?? 0) >= minCount && (n ?? 0) > 0;
    return {
      resolutionRate:
        closed && enough(closed.closed) ? Math.round((closed.resolved / closed.closed) * 1000) / 1000 : null,
      medianHoursToResolution:
        closed && enough(closed.resolved) && closed.median_s != null ? hours(closed.median_s) : null,
      medianHoursToFirstContact:
        contact && enough(contact.n) && contact.median_s != null ? hours(contact.median_s) : null,
      needsMetBy: met.map((m) => ({ outcome: m.resolution, count: Number(m.n) })),
      medianHoursToFirstMatch:
        match && enough(match.n) && match.median_s != null ? hours(match.median_s) : null,
      relayChains: {
        chains: relay && enough(relay.chains) ? relay.chains : null,
        postsPassedOn: relay && enough(relay.passed_on) ? relay.passed_on : null,
      },
    };
  }

  async function compute(): Promise<StatsSummary> {
    const now = clock.now();
    const totals = await selectRows<Record<string, string | number>>(
      db,
      sql`
      SELECT count(*) AS posts,
        count(*) FILTER (WHERE kind = 'need') AS needs,
        count(*) FILTER (WHERE kind = 'offer') AS offers,
        count(*) FILTER (WHERE kind = 'need' AND ${openPostSql(now)}) AS open_needs,
        count(*) FILTER (WHERE kind = 'offer' AND ${openPostSql(now)}) AS open_offers,
        count(*) FILTER (WHERE status = 'resolved') AS resolved
      FROM posts WHERE status <> 'deleted'`,
    );
    const t = totals[0] ?? {};
    const topCities = async (kind: 'need' | 'offer') => {
      const res = await selectRows<{ city_code: string; n: string | number }>(
        db,
        sql`
        SELECT city_code, count(*) AS n FROM posts WHERE kind = ${kind} AND status <> 'deleted'
        GROUP BY city_code HAVING count(*) >= ${minCount} ORDER BY n DESC, city_code LIMIT ${TOP_N}`,
      );
      return res.map((r) => {
        const city = regions.get(r.city_code);
        const province = city?.parent ? regions.get(city.parent) : undefined;
        return {
          cityCode: r.city_code,
          city: city?.name ?? r.city_code,
          province: province?.name ?? city?.name ?? '',
          count: Number(r.n),
        };
      });
    };
    const topMedicines = async (kind: 'need' | 'offer') => {
      const res = await selectRows<{ medicine_id: string; n: string | number }>(
        db,
        sql`
        SELECT i.medicine_id, count(*) AS n FROM post_items i
        WHERE i.kind = ${kind} AND i.status <> 'deleted'
        GROUP BY i.medicine_id HAVING count(*) >= ${minCount} ORDER BY n DESC, i.medicine_id LIMIT ${TOP_N}`,
      );
      return res.map((r) => ({
        medicineId: r.medicine_id,
        name: catalog.get(r.medicine_id)?.name ?? { zh: r.medicine_id, en: r.medicine_id },
        count: Number(r.n),
      }));
    };
    const [cn, co, mn, mo] = await Promise.all([
      topCities('need'),
      topCities('offer'),
      topMedicines('need'),
      topMedicines('offer'),
    ]);
    const outcomes = await postOutcomes();
    return {
      outcomes,
      totals: {
        posts: Number(t.posts ?? 0),
        needs: Number(t.needs ?? 0),
        offers: Number(t.offers ?? 0),
        openNeeds: Number(t.open_needs ?? 0),
        openOffers: Number(t.open_offers ?? 0),
        resolved: Number(t.resolved ?? 0),
      },
      topCitiesByNeeds: cn,
      topCitiesByOffers: co,
      topMedicinesNeeded: mn,
      topMedicinesOffered: mo,
      minCount,
      generatedAt: now.toISOString(),
    };
  }

  return {
    async summary() {
      const nowMs = clock.now().getTime();
      if (cached && nowMs - cached.at < cacheMs) return cached.value;
      const value = await compute();
      cached = { at: nowMs, value };
      return value;
    },
  };
}
