import type { Kind } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { DAY, HOUR } from '../../platform/clock.ts';
import { type Db, lockNames, selectRows } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';

/**
 * Per-person limits that keep mutual aid from turning into stock-piling or trade. They count by
 * account and by verified identity (the keyed ID hash), so a second account does not reset them.
 */
export interface PostQuotas {
  openPerKind: number;
  newPerDay: number;
  /** The same medicine in the same kind at most once in this many hours. */
  sameMedicineHours: number;
}
export const DEFAULT_QUOTAS: PostQuotas = { openPerKind: 3, newPerDay: 5, sameMedicineHours: 24 };

/** Run inside the create transaction, after lockPoster, so concurrent posts cannot both pass. */
export async function checkQuotas(
  db: Db,
  poster: { id: string; idHash: string | null },
  kind: Kind,
  medicineIds: string[],
  now: Date,
  quotas: PostQuotas,
): Promise<void> {
  const nowIso = now.toISOString();
  const dayAgo = new Date(now.getTime() - DAY).toISOString();
  const people = sql`(SELECT id FROM users WHERE id = ${poster.id}
    OR (${poster.idHash}::text IS NOT NULL AND id_hash = ${poster.idHash}::text))`;
  const [counts] = await selectRows<{ open_kind: number; today: number; oldest_today: string | Date | null }>(
    db,
    sql`SELECT
      count(*) FILTER (WHERE kind = ${kind} AND status IN ('open', 'review', 'hidden')
        AND expires_at > ${nowIso}::timestamptz)::int AS open_kind,
      count(*) FILTER (WHERE created_at > ${dayAgo}::timestamptz)::int AS today,
      min(created_at) FILTER (WHERE created_at > ${dayAgo}::timestamptz) AS oldest_today
    FROM posts WHERE user_id IN ${people} AND status <> 'deleted'`,
  );
  if ((counts?.open_kind ?? 0) >= quotas.openPerKind) {
    throw new AppError('quota_open_posts', 409, { kind, limit: quotas.openPerKind });
  }
  if ((counts?.today ?? 0) >= quotas.newPerDay) {
    const oldest = counts?.oldest_today ? new Date(counts.oldest_today).getTime() : now.getTime();
    const retryAfterSeconds = Math.max(1, Math.ceil((oldest + DAY - now.getTime()) / 1000));
    throw new AppError('quota_daily_posts', 429, { limit: quotas.newPerDay, retryAfterSeconds });
  }
  const since = new Date(now.getTime() - quotas.sameMedicineHours * HOUR).toISOString();
  const repeated = await selectRows<{ medicine_id: string }>(
    db,
    sql`SELECT DISTINCT i.medicine_id FROM post_items i JOIN posts p ON p.id = i.post_id
      WHERE p.user_id IN ${people} AND p.status <> 'deleted' AND i.kind = ${kind}
        AND i.created_at > ${since}::timestamptz
        AND i.medicine_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(medicineIds)}::jsonb))`,
  );
  const first = repeated[0];
  if (first) {
    const index = medicineIds.indexOf(first.medicine_id);
    throw new AppError('quota_same_medicine', 409, {
      field: `items[${index}].medicineId`,
      hours: quotas.sameMedicineHours,
    });
  }
}

/** Serialises one person's posting (per account) for the length of the transaction. */
export async function lockPoster(db: Db, userId: string): Promise<void> {
  await lockNames(db, `post:${userId}`);
}
