import { createHmac, timingSafeEqual } from 'node:crypto';
import { EVENT_PAYLOADS, WebhookEvent } from '@medrelay/contracts';
import { z } from 'zod';

/** The header MedRelay signs every delivery with. */
export const SIGNATURE_HEADER = 'medrelay-signature';
/** The event's id, the same on every retry of it: de-duplicate on this. */
export const EVENT_ID_HEADER = 'medrelay-event-id';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type WebhookEventType = z.output<typeof WebhookEvent>;

/**
 * What a webhook delivery carries, by topic: the payload schemas are the contracts' EVENT_PAYLOADS, the
 * same ones the OpenAPI document's `webhooks` section is generated from. Post events that stay in the
 * square carry the post's public view (masked phone, rounded location); a removed, hidden or deleted
 * post carries only what is needed to take it down; `demand.spike` carries the spike. Narrow on
 * `type` before reading `data`.
 */
export type MedRelayWebhookEvent = {
  [T in WebhookEventType]: {
    /** The event id (also in `MedRelay-Event-Id`); a retried delivery repeats it. */
    id: string;
    type: T;
    /** When the change happened (ISO 8601), not when this attempt was sent. */
    createdAt: string;
    data: z.output<(typeof EVENT_PAYLOADS)[T]>;
  };
}[WebhookEventType];

const Envelope = z.object({
  id: z.string().min(1),
  type: WebhookEvent,
  createdAt: z.iso.datetime(),
  data: z.unknown(),
});

export type WebhookVerificationCode =
  | 'signature_missing'
  | 'signature_malformed'
  | 'timestamp_out_of_tolerance'
  | 'signature_mismatch'
  | 'payload_invalid';

/** The delivery is not a genuine, fresh MedRelay event: answer 400 and do not act on it. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
  constructor(
    readonly code: WebhookVerificationCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VerifyWebhookOptions {
  /** The subscription's signing secret, `whsec_…`, shown once when the webhook was created. */
  secret: string;
  /**
   * The raw request body exactly as received (string, Buffer or Uint8Array). A body that was parsed
   * and serialised again will not verify.
   */
  body: string | Uint8Array;
  /** The `MedRelay-Signature` header: `t=<unix seconds>,v1=<hex HMAC-SHA256>`. */
  signatureHeader: string | readonly string[] | null | undefined;
  /** How old (or how far ahead) the signed timestamp may be; 300 s by default. */
  toleranceSeconds?: number;
  /** The current time, for tests. */
  now?: Date;
}

function parseHeader(header: string): { t: number; v1: string[] } {
  let t: number | undefined;
  const v1: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    // Several v1 values may appear (a future secret rotation); any one matching is enough.
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) v1.push(value.toLowerCase());
  }
  if (t === undefined || v1.length === 0) {
    throw new WebhookVerificationError(
      'signature_malformed',
      'MedRelay-Signature must look like t=<unix seconds>,v1=<64 hex digits>',
    );
  }
  return { t, v1 };
}

/**
 * Checks a webhook delivery the way docs/partners.md describes: HMAC-SHA256 with the subscription
 * secret over `"<t>.<raw body>"`, compared in constant time, `t` within the tolerance of now. Returns
 * the parsed event, or throws a WebhookVerificationError.
 */
export function verifyWebhook(options: VerifyWebhookOptions): MedRelayWebhookEvent {
  const { secret, body, toleranceSeconds = DEFAULT_TOLERANCE_SECONDS } = options;
  if (!secret) throw new TypeError('verifyWebhook: secret is required');
  if (typeof body !== 'string' && !(body instanceof Uint8Array)) {
    throw new TypeError(
      'verifyWebhook: body must be the raw request body (string or Buffer), not a parsed object',
    );
  }
  const raw = Array.isArray(options.signatureHeader)
    ? options.signatureHeader.join(',')
    : (options.signatureHeader as string | null | undefined);
  if (!raw) throw new WebhookVerificationError('signature_missing', 'No MedRelay-Signature header');
  const { t, v1 } = parseHeader(raw);

  const now = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(now - t) > toleranceSeconds) {
    throw new WebhookVerificationError(
      'timestamp_out_of_tolerance',
      `The signature timestamp is ${now - t} s away from now (tolerance ${toleranceSeconds} s)`,
    );
  }

  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body);
  const expected = createHmac('sha256', secret).update(`${t}.`, 'utf8').update(bytes).digest();
  const matches = v1.some((hex) => timingSafeEqual(expected, Buffer.from(hex, 'hex')));
  if (!matches) {
    throw new WebhookVerificationError('signature_mismatch', 'The signature does not match the body');
  }

  let json: unknown;
  try {
    json = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new WebhookVerificationError('payload_invalid', 'The signed body is not JSON');
  }
  const parsed = Envelope.safeParse(json);
  const data = parsed.success ? EVENT_PAYLOADS[parsed.data.type].safeParse(parsed.data.data) : undefined;
  if (!parsed.success || !data?.success) {
    const issue = (parsed.success ? data?.error : parsed.error)?.issues[0]?.message ?? '';
    throw new WebhookVerificationError(
      'payload_invalid',
      `The signed body is not an event this SDK knows: ${issue}`,
    );
  }
  return { ...parsed.data, data: data.data } as MedRelayWebhookEvent;
}
