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

/**
 * Needs read per statement. On PGlite a statement runs on the event loop, so the job reads the last
 * day page by page and lets requests in between: one statement over a busy day's needs held every
 * request for about a second (docs/benchmarks.md).
 */
export const SPIKE_SCAN_ROWS = 500;

interface CityTally {
  provinceCode: string;
  current: number;
  before: number;
  medicines: Map<string, number>;
}

interface ScanRow {
  city_code: string;
  province_code: string;
  ms: number | string;
  medicine_ids: string[] | string | null;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function createDemandSpikeDetector(deps: {
  db: Db;
  clock: Clock;
  catalog: Catalog;
  regions: Regions;
  thresholds?: Partial<SpikeThresholds>;
  /** Rows per statement of the scan (tests make it small). */
  scanRows?: number;
}): DemandSpikeDetector {
  const { db, clock, catalog, regions } = deps;
  const th = { ...DEFAULT_SPIKE_THRESHOLDS, ...deps.thresholds };
  const scanRows = deps.scanRows ?? SPIKE_SCAN_ROWS;
  const hoursOfBaseline = th.baselineMs / HOUR;

  /** Needs posted from `from` (inclusive) on, oldest first, `limit` at most; medicines in the window. */
  const page = (from: Date, to: Date, windowStart: Date, limit?: number) =>
    selectRows<ScanRow>(
      db,
      sql`SELECT p.city_code, p.province_code, floor(extract(epoch FROM p.created_at) * 1000)::float8 AS ms,
          CASE WHEN p.created_at >= ${windowStart.toISOString()}::timestamptz
            THEN (SELECT jsonb_agg(i.medicine_id) FROM post_items i WHERE i.post_id = p.id) END AS medicine_ids
        FROM posts p
        WHERE p.kind = 'need' AND NOT p.is_demo AND p.status NOT IN ${NOT_DEMAND}
          AND p.created_at >= ${from.toISOString()}::timestamptz AND p.created_at < ${to.toISOString()}::timestamptz
        ORDER BY p.created_at ${limit ? sql`LIMIT ${limit}` : sql``}`,
    );

  /**
   * Each city's needs in the window and in the baseline before it, and its medicines in the window,
   * read through the (created_at) index of needs a page at a time. A page ends before its last
   * millisecond, which the next page starts with, so needs posted in the same millisecond are never
   * split or counted twice; a millisecond that fills a whole page is read on its own.
   */
  async function scan(now: Date, windowStart: Date): Promise<Map<string, CityTally>> {
    const tallies = new Map<string, CityTally>();
    const add = (rows: ScanRow[]) => {
      for (const r of rows) {
        let t = tallies.get(r.city_code);
        if (!t) {
          t = { provinceCode: r.province_code, current: 0, before: 0, medicines: new Map() };
          tallies.set(r.city_code, t);
        }
        if (r.province_code < t.provinceCode) t.provinceCode = r.province_code;
        if (Number(r.ms) < windowStart.getTime()) {
          t.before++;
          continue;
        }
        t.current++;
        const ids = (typeof r.medicine_ids === 'string' ? JSON.parse(r.medicine_ids) : r.medicine_ids) ?? [];
        for (const id of ids as string[]) t.medicines.set(id, (t.medicines.get(id) ?? 0) + 1);
      }
    };
    // `now` itself is included, as before: the scan's end is the millisecond after it.
    const end = new Date(now.getTime() + 1);
    let from = new Date(windowStart.getTime() - th.baselineMs);
    for (;;) {
      const rows = await page(from, end, windowStart, scanRows);
      if (rows.length < scanRows) {
        add(rows);
        return tallies;
      }
      const last = Number((rows.at(-1) as ScanRow).ms);
      const whole = rows.filter((r) => Number(r.ms) < last);
      if (whole.length > 0) {
        add(whole);
        from = new Date(last);
      } else {
        add(await page(new Date(last), new Date(last + 1), windowStart));
        from = new Date(last + 1);
      }
      await nextTurn();
    }
  }

  function candidates(tallies: Map<string, CityTally>) {
    return [...tallies]
      .filter(([, t]) => t.current >= th.minNeeds)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([cityCode, t]) => {
        // Per window, so that the ratio compares like with like whatever the window length.
        const baselinePerWindow = (t.before / hoursOfBaseline) * (th.windowMs / HOUR);
        return {
          cityCode,
          provinceCode: t.provinceCode,
          needs: t.current,
          baselinePerHour: Number((t.before / hoursOfBaseline).toFixed(2)),
          // A city with no needs at all the day before counts as one per window.
          ratio: Number((t.current / Math.max(baselinePerWindow, 1)).toFixed(2)),
        };
      })
      .filter((c) => c.ratio >= th.ratio);
  }

  /** A city's five most needed medicines in the window. */
  function topMedicines(t: CityTally | undefined): DemandSpike['topMedicines'] {
    return [...(t?.medicines ?? [])]
      .sort(([a, n], [b, m]) => m - n || (a < b ? -1 : 1))
      .slice(0, 5)
      .map(([medicineId, count]) => ({
        medicineId,
        name: catalog.get(medicineId)?.name ?? { zh: medicineId, en: medicineId },
        count,
      }));
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
      const tallies = await scan(now, windowStart);
      const found = candidates(tallies);
      if (found.length === 0) return [];
      return db.transaction(async (tx) => {
        const won = await claim(
          tx,
          found.map((c) => c.cityCode),
          now,
        );
        if (won.size === 0) return [];
        const spikes: DemandSpike[] = found
          .filter((c) => won.has(c.cityCode))
          .map((c) => ({
            ...c,
            city: regions.get(c.cityCode)?.name ?? c.cityCode,
            windowStart: windowStart.toISOString(),
            windowEnd: now.toISOString(),
            topMedicines: topMedicines(tallies.get(c.cityCode)),
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
