import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { openPostSql } from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';
import { prefixOf } from './partner-access.ts';

/**
 * Open needs and offers in a partner's regions, by district, with small groups left out.
 */
export async function regionalStats(
  db: Db,
  regions: Regions,
  partner: { id: string; regionCodes: string[] },
  now: Date,
  minCount: number,
) {
  const { regionCodes } = partner;
  const prefixes = JSON.stringify(regionCodes.map(prefixOf));
  const inRegions = sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(${prefixes}::jsonb) AS r(prefix)
    WHERE p.district_code LIKE r.prefix || '%')`;
  const weekAgo = new Date(now.getTime() - 7 * 86_400_000).toISOString();
  const districts = await selectRows<{
    district_code: string;
    needs: number;
    offers: number;
    resolved: number;
  }>(
    db,
    sql`SELECT p.district_code,
        count(*) FILTER (WHERE ${openPostSql(now, 'p')} AND p.kind = 'need')::int AS needs,
        count(*) FILTER (WHERE ${openPostSql(now, 'p')} AND p.kind = 'offer')::int AS offers,
        count(*) FILTER (WHERE p.status = 'resolved' AND p.closed_at > ${weekAgo}::timestamptz)::int AS resolved
      FROM posts p WHERE ${inRegions} GROUP BY p.district_code`,
  );
  const medicines = await selectRows<{ medicine_id: string; n: number }>(
    db,
    sql`SELECT i.medicine_id, count(*)::int AS n FROM post_items i JOIN posts p ON p.id = i.post_id
      WHERE ${openPostSql(now, 'i')} AND i.kind = 'need' AND ${inRegions}
      GROUP BY i.medicine_id HAVING count(*) >= ${minCount} ORDER BY n DESC, i.medicine_id LIMIT 10`,
  );
  const sum = (k: 'needs' | 'offers' | 'resolved') => districts.reduce((s, d) => s + d[k], 0);
  return {
    regionCodes,
    openNeeds: sum('needs'),
    openOffers: sum('offers'),
    resolvedLast7Days: sum('resolved'),
    byDistrict: districts
      .filter((d) => d.needs + d.offers >= minCount)
      .map((d) => ({
        districtCode: d.district_code,
        district: regions.get(d.district_code)?.name ?? d.district_code,
        openNeeds: d.needs,
        openOffers: d.offers,
      }))
      .sort((a, b) => b.openNeeds - a.openNeeds),
    topMedicinesNeeded: medicines.map((m) => ({ medicineId: m.medicine_id, count: m.n })),
    minCount,
  };
}
