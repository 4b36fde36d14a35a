import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { DAY, HOUR } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { enqueueEvents } from '../../platform/outbox.ts';
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
const NOT_DEMAND = sql`('review', 'hidden', 'removed')`;

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
        WHERE kind = 'need' AND NOT is_demo AND status NOT IN ${NOT_DEMAND}
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

  /** The five most needed medicines of each city in the window, in one statement. */
  async function topMedicines(db: Db, cityCodes: string[], windowStart: Date, now: Date) {
    const rows = await selectRows<{ city_code: string; medicine_id: string; n: string | number }>(
      db,
      sql`SELECT city_code, medicine_id, n FROM (
          SELECT p.city_code, i.medicine_id, count(*) AS n,
            row_number() OVER (PARTITION BY p.city_code ORDER BY count(*) DESC, i.medicine_id) AS rank
          FROM posts p JOIN post_items i ON i.post_id = p.id
          WHERE p.kind = 'need' AND NOT p.is_demo AND p.status NOT IN ${NOT_DEMAND}
            AND p.city_code IN (SELECT jsonb_array_elements_text(${JSON.stringify(cityCodes)}::jsonb))
            AND p.created_at >= ${windowStart.toISOString()}::timestamptz AND p.created_at <= ${now.toISOString()}::timestamptz
          GROUP BY p.city_code, i.medicine_id) ranked
        WHERE rank <= 5 ORDER BY city_code, rank`,
    );
    const byCity = new Map<string, DemandSpike['topMedicines']>();
    for (const r of rows) {
      const list = byCity.get(r.city_code) ?? [];
      list.push({
        medicineId: r.medicine_id,
        name: catalog.get(r.medicine_id)?.name ?? { zh: r.medicine_id, en: r.medicine_id },
        count: Number(r.n),
      });
      byCity.set(r.city_code, list);
    }
    return byCity;
  }

  /**
   * Moves each city's mark to now unless it spiked within the cool-down; returns the cities moved.
   * Only the run that moves a mark announces that city, even with several processes at once.
   */
  async function claim(db: Db, cityCodes: string[], now: Date): Promise<Set<string>> {
    const won = await selectRows<{ city_code: string }>(
      db,
      sql`INSERT INTO demand_spike_marks (city_code, last_spike_at)
        SELECT code, ${now.toISOString()}::timestamptz FROM jsonb_array_elements_text(${JSON.stringify(cityCodes)}::jsonb) AS code
        ON CONFLICT (city_code) DO UPDATE SET last_spike_at = EXCLUDED.last_spike_at
          WHERE demand_spike_marks.last_spike_at <= ${new Date(now.getTime() - th.cooldownMs).toISOString()}::timestamptz
        RETURNING city_code`,
    );
    return new Set(won.map((r) => r.city_code));
  }

  return {
    async detect() {
      const now = clock.now();
      const windowStart = new Date(now.getTime() - th.windowMs);
      const found = await candidates(now);
      if (found.length === 0) return [];
      return db.transaction(async (tx) => {
        const won = await claim(
          tx,
          found.map((c) => c.cityCode),
          now,
        );
        if (won.size === 0) return [];
        const tops = await topMedicines(tx, [...won], windowStart, now);
        const spikes: DemandSpike[] = found
          .filter((c) => won.has(c.cityCode))
          .map((c) => ({
            ...c,
            city: regions.get(c.cityCode)?.name ?? c.cityCode,
            windowStart: windowStart.toISOString(),
            windowEnd: now.toISOString(),
            topMedicines: tops.get(c.cityCode) ?? [],
          }));
        // Counts only: no post, person or place finer than the city.
        await enqueueEvents(
          tx,
          spikes.map((spike) => ({
            topic: 'demand.spike' as const,
            payload: { spike },
            regionCodes: [spike.provinceCode, spike.cityCode],
            createdAt: now,
          })),
        );
        return spikes;
      });
    },
  };
}
