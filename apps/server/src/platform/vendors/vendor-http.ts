import { AppError } from '../errors.ts';

export const DEFAULT_TIMEOUT_MS = 5000;

export type VendorFailureReason = 'timeout' | 'network' | 'http_status' | 'bad_response';

/**
 * The vendor could not be reached or answered with something that is not its API's shape.
 * Carries no request data: the message and fields name only what went wrong on the wire.
 */
export class VendorFailure extends Error {
  constructor(
    readonly reason: VendorFailureReason,
    readonly httpStatus?: number,
  ) {
    super(`vendor call failed: ${reason}${httpStatus ? ` (HTTP ${httpStatus})` : ''}`);
    this.name = 'VendorFailure';
  }
}

/**
 * Sends one request and parses a JSON answer, under one deadline for connect, headers and body alike.
 * A 4xx with a JSON body is returned, not thrown: Alibaba Cloud reports signature and throttling
 * errors that way and the adapter maps them by the vendor's Code.
 */
export async function fetchJson(
  url: string,
  init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string; timeoutMs: number },
): Promise<{ status: number; body: unknown }> {
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: init.headers,
      body: init.body,
      signal: AbortSignal.timeout(init.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    const timedOut =
      err instanceof DOMException && (err.name === 'TimeoutError' || err.name === 'AbortError');
    throw new VendorFailure(timedOut ? 'timeout' : 'network');
  }
  if (res.status >= 500) throw new VendorFailure('http_status', res.status);
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    throw new VendorFailure(res.ok ? 'bad_response' : 'http_status', res.status);
  }
}

export type UnavailableCode = 'verifier_unavailable' | 'sms_unavailable' | 'privacy_number_unavailable';

/** Details hold only the vendor, its error Code and RequestId, or the wire failure — never personal data. */
export function vendorUnavailable(code: UnavailableCode, details: Record<string, unknown>): AppError {
  return new AppError(code, 503, details);
}

export function vendorRateLimited(details: Record<string, unknown>): AppError {
  return new AppError('vendor_rate_limited', 429, details);
}

export function failureDetails(err: VendorFailure): Record<string, unknown> {
  return err.httpStatus ? { reason: err.reason, httpStatus: err.httpStatus } : { reason: err.reason };
}

/** Daily vendor quotas reset at midnight Beijing time (UTC+8, no daylight saving). */
export { secondsUntilChinaMidnight } from '../clock.ts';
