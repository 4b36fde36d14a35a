import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { DAY, HOUR } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { enqueueEvent } from '../../platform/outbox.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';

/**
 * A city's demand spikes when the needs posted there in the last hour reach both an absolute floor
 * and a multiple of that city's hourly rate over the 24 hours before. The floor keeps quiet towns
 * from "spiking" on three posts; the ratio keeps busy cities from spiking on an ordinary evening.
 * After a spike the city is quiet for a cool-down, so partners get one event per surge, not one
 * every run.
 */
export interface SpikeThresholds {
  minNeeds: number;
  ratio: number;
  windowMs: number;
  baselineMs: number;
  cooldownMs: number;
}

export const DEFAULT_SPIKE_THRESHOLDS: SpikeThresholds = {
  minNeeds: 10,
  ratio: 3,
  windowMs: HOUR,
  baselineMs: DAY,
  cooldownMs: 6 * HOUR,
};

export interface DemandSpike {
  cityCode: string;
  provinceCode: string;
  city: string;
  needs: number;
  baselinePerHour: number;
  ratio: number;
  windowStart: string;
  windowEnd: string;
  topMedicines: { medicineId: string; name: { zh: string; en: string }; count: number }[];
}

export interface DemandSpikeDetector {
  /** Finds the cities spiking now and writes one `demand.spike` outbox event for each. */
  detect(): Promise<DemandSpike[]>;
}

// Posts that moderation has not let through (or removed) are not demand.
const COUNTED = sql`status NOT IN ('review', 'hidden', 'removed')`;

export function createDemandSpikeDetector(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  thresholds?: Partial<SpikeThresholds>;
}): DemandSpikeDetector {
  const { db, clock, catalog, regions } = deps;
  const th = { ...DEFAULT_SPIKE_THRESHOLDS, ...deps.thresholds };
  const hoursOfBaseline = th.baselineMs / HOUR;

  async function candidates(now: Date) {
    const windowStart = new Date(now.getTime() - th.windowMs);
    const baselineStart = new Date(windowStart.getTime() - th.baselineMs);
    const rows = await selectRows<{
      city_code: string;
      province_code: string;
      current: string;
      before: string;
    }>(
      db,
      sql`SELECT city_code, min(province_code) AS province_code,
          count(*) FILTER (WHERE created_at >= ${windowStart.toISOString()}::timestamptz) AS current,
          count(*) FILTER (WHERE created_at < ${windowStart.toISOString()}::timestamptz) AS before
        FROM posts
        WHERE kind = 'need' AND NOT is_demo AND ${COUNTED}
          AND created_at >= ${baselineStart.toISOString()}::timestamptz AND created_at <= ${now.toISOString()}::timestamptz
        GROUP BY city_code
        HAVING count(*) FILTER (WHERE created_at >= ${windowStart.toISOString()}::timestamptz) >= ${th.minNeeds}`,
    );
    return rows
      .map((r) => {
        const needs = Number(r.current);
        // Per window, so that the ratio compares like with like whatever the window length.
        const baselinePerWindow = (Number(r.before) / hoursOfBaseline) * (th.windowMs / HOUR);
        return {
          cityCode: r.city_code,
          provinceCode: r.province_code,
          needs,
          baselinePerHour: Number((Number(r.before) / hoursOfBaseline).toFixed(2)),
          // A city with no needs at all the day before counts as one per window.
          ratio: Number((needs / Math.max(baselinePerWindow, 1)).toFixed(2)),
        };
      })
      .filter((c) => c.ratio >= th.ratio);
  }

  async function topMedicines(cityCode: string, windowStart: Date, now: Date) {
    const rows = await selectRows<{ medicine_id: string; n: string }>(
      db,
      sql`SELECT i.medicine_id, count(*) AS n
        FROM posts p JOIN post_items i ON i.post_id = p.id
        WHERE p.kind = 'need' AND NOT p.is_demo AND p.city_code = ${cityCode} AND p.${COUNTED}
          AND p.created_at >= ${windowStart.toISOString()}::timestamptz AND p.created_at <= ${now.toISOString()}::timestamptz
        GROUP BY i.medicine_id ORDER BY n DESC, i.medicine_id LIMIT 5`,
    );
    return rows.map((r) => ({
      medicineId: r.medicine_id,
      name: catalog.get(r.medicine_id)?.name ?? { zh: r.medicine_id, en: r.medicine_id },
      count: Number(r.n),
    }));
  }

  return {
    async detect() {
      const now = clock.now();
      const windowStart = new Date(now.getTime() - th.windowMs);
      const spikes: DemandSpike[] = [];
      for (const c of await candidates(now)) {
        const spike: DemandSpike = {
          ...c,
          city: regions.get(c.cityCode)?.name ?? c.cityCode,
          windowStart: windowStart.toISOString(),
          windowEnd: now.toISOString(),
          topMedicines: await topMedicines(c.cityCode, windowStart, now),
        };
        const announced = await db.transaction(async (tx) => {
          // Only the run that moves the mark past the cool-down announces the spike.
          const won = await selectRows<{ city_code: string }>(
            tx,
            sql`INSERT INTO demand_spike_marks (city_code, last_spike_at)
              VALUES (${c.cityCode}, ${now.toISOString()}::timestamptz)
              ON CONFLICT (city_code) DO UPDATE SET last_spike_at = EXCLUDED.last_spike_at
                WHERE demand_spike_marks.last_spike_at <= ${new Date(now.getTime() - th.cooldownMs).toISOString()}::timestamptz
              RETURNING city_code`,
          );
          if (won.length === 0) return false;
          // Counts only: no post, person or place finer than the city.
          await enqueueEvent(tx, {
            topic: 'demand.spike',
            payload: { spike },
            regionCodes: [c.provinceCode, c.cityCode],
            createdAt: now,
          });
          return true;
        });
        if (announced) spikes.push(spike);
      }
      return spikes;
    },
  };
}
