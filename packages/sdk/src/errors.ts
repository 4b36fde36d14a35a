import { ErrorBody, type ErrorCode } from '@medrelay/contracts';

export type { ErrorCode } from '@medrelay/contracts';

/** Raised by the SDK itself when no usable API answer arrived. */
export type SdkErrorCode = 'network_error' | 'timeout' | 'http_error' | 'invalid_response';

/**
 * The API's codes come from the contracts' one list (see docs/partners.md for those the partner API
 * answers). A newer server may add codes; compare with these but keep a default branch.
 */
export type MedRelayErrorCode = ErrorCode | SdkErrorCode | (string & {});

/**
 * Any failed call. `status` is the HTTP status (0 when no answer arrived), `code` the API's stable
 * snake_case code, `details` its structured details. On 429 (and 503) `retryAfterSeconds` says how long
 * to wait, from the Retry-After header.
 */
export class MedRelayError extends Error {
  override readonly name = 'MedRelayError';
  readonly status: number;
  readonly code: MedRelayErrorCode;
  readonly details: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(init: {
    status: number;
    code: MedRelayErrorCode;
    message?: string;
    details?: Record<string, unknown>;
    retryAfterSeconds?: number;
    cause?: unknown;
  }) {
    super(init.message ?? init.code, init.cause === undefined ? undefined : { cause: init.cause });
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? {};
    if (init.retryAfterSeconds !== undefined) this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

export const isMedRelayError = (err: unknown): err is MedRelayError => err instanceof MedRelayError;

/** Retry-After is either delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}

/** Builds the error for a non-2xx answer from its body (the API's `{ error: { code, message, details } }`). */
export async function errorFromResponse(res: Response): Promise<MedRelayError> {
  const text = await res.text().catch(() => '');
  let parsed: ErrorBody | undefined;
  try {
    const result = ErrorBody.safeParse(JSON.parse(text));
    if (result.success) parsed = result.data;
  } catch {
    // Not JSON: a proxy's error page, for instance.
  }
  let retryAfterSeconds: number | undefined;
  if (res.status === 429 || res.status === 503) {
    retryAfterSeconds = parseRetryAfter(res.headers.get('retry-after'));
    const fromBody = parsed?.error.details.retryAfterSeconds;
    if (retryAfterSeconds === undefined && typeof fromBody === 'number') retryAfterSeconds = fromBody;
  }
  if (parsed) {
    return new MedRelayError({
      status: res.status,
      code: parsed.error.code,
      message: parsed.error.message,
      details: parsed.error.details,
      retryAfterSeconds,
    });
  }
  return new MedRelayError({
    status: res.status,
    code: 'http_error',
    message: `HTTP ${res.status} without an API error body`,
    details: { body: text.slice(0, 500) },
    retryAfterSeconds,
  });
}
