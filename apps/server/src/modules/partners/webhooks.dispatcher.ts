import { createHmac } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import { DAY, MINUTE } from '../../platform/clock.ts';
import { type Db, selectRows } from '../../platform/db/index.ts';
import type { PersonalData } from '../../platform/personal-data.ts';

/**
 * Signature scheme (documented in docs/partners.md): header
 *   MedRelay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 * A receiver recomputes it with its webhook secret, compares in constant time, and rejects a t
 * more than 5 minutes old. MedRelay-Event-Id identifies the event for de-duplication.
 */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  const v1 = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return `t=${timestamp},v1=${v1}`;
}

// Retry with exponential backoff (30 s, 1 min, 2 min … capped at 1 h) for 24 h, then give up.
export const RETRY_WINDOW_MS = DAY;
const backoffMs = (attempt: number) => Math.min(60 * MINUTE, 30_000 * 2 ** (attempt - 1));
// A claimed delivery is leased: if the process dies mid-send it is tried again after this.
const LEASE_MS = 2 * MINUTE;

interface Due {
  id: number;
  attempts: number;
  url: string;
  secret_enc: string;
  event_id: number;
  topic: string;
  payload: Record<string, unknown>;
  event_at: string | Date;
  created_at: string | Date;
}

export function createWebhookDispatcher(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  timeoutMs?: number;
  log?: (msg: string, data: Record<string, unknown>) => void;
}) {
  const { db, clock, personal } = deps;
  const timeoutMs = deps.timeoutMs ?? 5000;

  /** Outbox → one delivery per matching subscription (topic and region), exactly once per pair. */
  async function fanOut(): Promise<number> {
    return db.transaction(async (tx) => {
      const now = clock.now().toISOString();
      const events = await selectRows<{ id: number }>(
        tx,
        sql`SELECT id FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT 200 FOR UPDATE SKIP LOCKED`,
      );
      if (events.length === 0) return 0;
      const ids = sql`(SELECT jsonb_array_elements_text(${JSON.stringify(events.map((e) => String(e.id)))}::jsonb)::bigint)`;
      // A subscription region matches when the post's province, city or district code is one of them.
      await tx.execute(sql`
        INSERT INTO webhook_deliveries (subscription_id, event_id, status, attempts, next_attempt_at, created_at)
        SELECT s.id, o.id, 'pending', 0, ${now}::timestamptz, ${now}::timestamptz
        FROM outbox o
        JOIN webhook_subscriptions s ON s.active AND o.topic = ANY(s.events) AND o.region_codes && s.region_codes
        JOIN partners p ON p.id = s.partner_id AND p.status = 'approved'
        WHERE o.id IN ${ids}
        ON CONFLICT (subscription_id, event_id) DO NOTHING`);
      await tx.execute(sql`UPDATE outbox SET dispatched_at = ${now}::timestamptz WHERE id IN ${ids}`);
      return events.length;
    });
  }

  /** Claims due deliveries under a lease so that two dispatchers never send the same one at once. */
  async function claim(limit: number): Promise<Due[]> {
    return db.transaction(async (tx) => {
      const now = clock.now();
      const due = await selectRows<Due>(
        tx,
        sql`SELECT d.id, d.attempts, d.created_at, s.url, s.secret_enc, o.id AS event_id, o.topic, o.payload, o.created_at AS event_at
          FROM webhook_deliveries d
          JOIN webhook_subscriptions s ON s.id = d.subscription_id
          JOIN outbox o ON o.id = d.event_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ${now.toISOString()}::timestamptz
          ORDER BY d.next_attempt_at LIMIT ${limit}
          FOR UPDATE OF d SKIP LOCKED`,
      );
      if (due.length) {
        await tx.execute(sql`UPDATE webhook_deliveries SET next_attempt_at = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
          WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify(due.map((d) => String(d.id)))}::jsonb)::bigint)`);
      }
      return due;
    });
  }

  async function send(d: Due): Promise<void> {
    const body = JSON.stringify({
      id: String(d.event_id),
      type: d.topic,
      createdAt: new Date(d.event_at).toISOString(),
      data: d.payload,
    });
    const now = clock.now();
    const timestamp = Math.floor(now.getTime() / 1000);
    const started = performance.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'MedRelay-Webhooks/1',
          'medrelay-event': d.topic,
          'medrelay-event-id': String(d.event_id),
          'medrelay-signature': signWebhook(personal.decrypt(d.secret_enc), timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      await res.body?.cancel();
      if (status < 200 || status >= 300) error = `HTTP ${status}`;
    } catch (err) {
      error = err instanceof Error && err.name === 'TimeoutError' ? 'timeout' : 'connection failed';
    }
    const latency = Math.round(performance.now() - started);
    const attempt = d.attempts + 1;
    const ok = error === null;
    const expired = now.getTime() - new Date(d.created_at).getTime() + backoffMs(attempt) > RETRY_WINDOW_MS;
    const nextStatus = ok ? 'delivered' : expired ? 'failed' : 'pending';
    await db.transaction(async (tx) => {
      await tx.execute(sql`UPDATE webhook_deliveries SET status = ${nextStatus}, attempts = ${attempt},
          next_attempt_at = ${new Date(now.getTime() + backoffMs(attempt)).toISOString()}::timestamptz,
          last_status = ${status}, last_latency_ms = ${latency}, last_error = ${error},
          delivered_at = ${ok ? now.toISOString() : null}::timestamptz
        WHERE id = ${d.id}`);
      await tx.execute(sql`INSERT INTO webhook_attempts (delivery_id, attempt, status, latency_ms, error, at)
        VALUES (${d.id}, ${attempt}, ${status}, ${latency}, ${error}, ${now.toISOString()}::timestamptz)`);
    });
    deps.log?.('webhook attempt', { delivery: d.id, attempt, status, latency, outcome: nextStatus });
  }

  return {
    /** One pass: fan out new events, then send what is due. Returns what it did. */
    async runOnce(): Promise<{ events: number; sent: number }> {
      const events = await fanOut();
      const due = await claim(20);
      await Promise.all(due.map(send));
      return { events, sent: due.length };
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof createWebhookDispatcher>;
