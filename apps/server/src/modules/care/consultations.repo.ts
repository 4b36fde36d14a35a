import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';

export interface ConsultationRow {
  id: string;
  userId: string;
  partnerId: string | null;
  pharmacyName: string | null;
  pool: boolean;
  pharmacistId: string | null;
  status: 'open' | 'answered' | 'closed';
  questionEnc: string;
  sharedParts: string[];
  redFlags: string[];
  promisedMinutes: number;
  firstResponseAt: Date | null;
  rating: number | null;
  createdAt: Date;
  closedAt: Date | null;
}
export interface MessageRow {
  id: string;
  consultationId: string;
  fromRole: 'resident' | 'pharmacist';
  bodyEnc: string;
  createdAt: Date;
}

const COLUMNS = sql`c.id, c.user_id AS "userId", c.partner_id AS "partnerId", p.name AS "pharmacyName", c.pool,
  c.pharmacist_id AS "pharmacistId", c.status, c.question_enc AS "questionEnc", c.shared_parts AS "sharedParts",
  c.red_flags AS "redFlags", c.promised_minutes AS "promisedMinutes", c.first_response_at AS "firstResponseAt",
  c.rating, c.created_at AS "createdAt", c.closed_at AS "closedAt"`;
const FROM = sql`FROM care_consultations c LEFT JOIN partners p ON p.id = c.partner_id`;
const textArray = (values: readonly string[]) => sql`${`{${values.join(',')}}`}::text[]`;
const row = (r: ConsultationRow): ConsultationRow => ({
  ...r,
  createdAt: new Date(r.createdAt),
  firstResponseAt: r.firstResponseAt ? new Date(r.firstResponseAt) : null,
  closedAt: r.closedAt ? new Date(r.closedAt) : null,
});

/** SQL only: consultations, their messages, pharmacies' settings and answer templates. */
export const consultationsRepo = {
  async insert(tx: Db, c: Omit<ConsultationRow, 'pharmacyName' | 'firstResponseAt' | 'rating' | 'closedAt'>) {
    await tx.execute(sql`INSERT INTO care_consultations (id, user_id, partner_id, pool, pharmacist_id, status,
        question_enc, shared_parts, red_flags, promised_minutes, created_at)
      VALUES (${c.id}, ${c.userId}, ${c.partnerId}, ${c.pool}, ${c.pharmacistId}, ${c.status}, ${c.questionEnc},
        ${textArray(c.sharedParts)}, ${textArray(c.redFlags)}, ${c.promisedMinutes}, ${c.createdAt})`);
  },
  async get(db: Db, id: string, lock = false) {
    const [r] = await selectRows<ConsultationRow>(
      db,
      sql`SELECT ${COLUMNS} ${FROM} WHERE c.id = ${id} ${lock ? sql`FOR UPDATE OF c` : sql``}`,
    );
    return r ? row(r) : undefined;
  },
  async ofUser(db: Db, userId: string) {
    const rows = await selectRows<ConsultationRow>(
      db,
      sql`SELECT ${COLUMNS} ${FROM} WHERE c.user_id = ${userId} ORDER BY c.created_at DESC LIMIT 100`,
    );
    return rows.map(row);
  },
  /**
   * A pharmacy's queue: its own open consultations and, when it is on duty, the pool's unclaimed
   * ones; red flags first, then oldest first.
   */
  async queue(db: Db, partnerId: string, onDuty: boolean) {
    const rows = await selectRows<ConsultationRow>(
      db,
      sql`SELECT ${COLUMNS} ${FROM}
        WHERE c.status <> 'closed'
          AND (c.partner_id = ${partnerId} ${onDuty ? sql`OR (c.partner_id IS NULL AND c.pool)` : sql``})
        ORDER BY cardinality(c.red_flags) > 0 DESC, c.created_at ASC LIMIT 200`,
    );
    return rows.map(row);
  },
  /** A pool consultation taken by the first pharmacy that works it; false when another was first. */
  async claim(tx: Db, id: string, partnerId: string) {
    const rows = await selectRows<{ id: string }>(
      tx,
      sql`UPDATE care_consultations SET partner_id = ${partnerId}
        WHERE id = ${id} AND partner_id IS NULL AND pool RETURNING id`,
    );
    return rows.length === 1;
  },
  async update(
    tx: Db,
    id: string,
    set: Partial<
      Pick<ConsultationRow, 'status' | 'pharmacistId' | 'rating' | 'firstResponseAt' | 'closedAt'>
    >,
  ) {
    const parts = [
      set.status !== undefined ? sql`status = ${set.status}` : undefined,
      set.pharmacistId !== undefined ? sql`pharmacist_id = ${set.pharmacistId}` : undefined,
      set.rating !== undefined ? sql`rating = ${set.rating}` : undefined,
      set.firstResponseAt !== undefined
        ? sql`first_response_at = coalesce(first_response_at, ${set.firstResponseAt})`
        : undefined,
      set.closedAt !== undefined ? sql`closed_at = ${set.closedAt}` : undefined,
    ].filter((p) => p !== undefined);
    await tx.execute(sql`UPDATE care_consultations SET ${sql.join(parts, sql`, `)} WHERE id = ${id}`);
  },
  async addMessage(tx: Db, m: MessageRow & { authorId: string }) {
    await tx.execute(sql`INSERT INTO care_consultation_messages (id, consultation_id, author_id, from_role, body_enc, created_at)
      VALUES (${m.id}, ${m.consultationId}, ${m.authorId}, ${m.fromRole}, ${m.bodyEnc}, ${m.createdAt})`);
  },
  async messages(db: Db, ids: string[]) {
    if (!ids.length) return [];
    const rows = await selectRows<MessageRow>(
      db,
      sql`SELECT id, consultation_id AS "consultationId", from_role AS "fromRole", body_enc AS "bodyEnc",
          created_at AS "createdAt"
        FROM care_consultation_messages WHERE consultation_id IN (${sql.join(
          ids.map((id) => sql`${id}::uuid`),
          sql`, `,
        )}) ORDER BY created_at`,
    );
    return rows.map((m) => ({ ...m, createdAt: new Date(m.createdAt) }));
  },
  /** The consultation's own record grants (made for it alone), to end them when it closes. */
  async grantIds(tx: Db, consultationId: string) {
    const rows = await selectRows<{ id: string }>(
      tx,
      sql`SELECT id FROM health_grants WHERE consultation_id = ${consultationId} AND revoked_at IS NULL`,
    );
    return rows.map((r) => r.id);
  },

  async settings(db: Db, partnerId: string) {
    const [s] = await selectRows<{ onDuty: boolean; responseMinutes: number }>(
      db,
      sql`SELECT on_duty AS "onDuty", response_minutes AS "responseMinutes"
        FROM care_consultation_settings WHERE partner_id = ${partnerId}`,
    );
    return s;
  },
  async saveSettings(db: Db, partnerId: string, s: { onDuty: boolean; responseMinutes: number }, now: Date) {
    await db.execute(sql`INSERT INTO care_consultation_settings (partner_id, on_duty, response_minutes, updated_at)
      VALUES (${partnerId}, ${s.onDuty}, ${s.responseMinutes}, ${now})
      ON CONFLICT (partner_id) DO UPDATE SET on_duty = excluded.on_duty,
        response_minutes = excluded.response_minutes, updated_at = excluded.updated_at`);
  },
  /** Approved pharmacies that take consultations, quickest promise first. */
  async consulting(db: Db) {
    return selectRows<{ id: string; name: string; onDuty: boolean; responseMinutes: number }>(
      db,
      sql`SELECT p.id, p.name, s.on_duty AS "onDuty", s.response_minutes AS "responseMinutes"
        FROM care_consultation_settings s JOIN partners p ON p.id = s.partner_id
        WHERE p.status = 'approved' ORDER BY s.on_duty DESC, s.response_minutes, p.name LIMIT 200`,
    );
  },

  async templates(db: Db, partnerId: string) {
    return selectRows<{ id: string; title: string; body: string }>(
      db,
      sql`SELECT id, title, body FROM care_answer_templates WHERE partner_id = ${partnerId} ORDER BY created_at`,
    );
  },
  async addTemplate(
    db: Db,
    t: { id: string; partnerId: string; title: string; body: string; createdAt: Date },
  ) {
    await db.execute(sql`INSERT INTO care_answer_templates (id, partner_id, title, body, created_at)
      VALUES (${t.id}, ${t.partnerId}, ${t.title}, ${t.body}, ${t.createdAt})`);
  },
  async removeTemplate(db: Db, partnerId: string, id: string) {
    const rows = await selectRows<{ id: string }>(
      db,
      sql`DELETE FROM care_answer_templates WHERE id = ${id} AND partner_id = ${partnerId} RETURNING id`,
    );
    return rows.length === 1;
  },
};
