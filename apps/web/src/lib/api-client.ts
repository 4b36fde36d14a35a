/** The one way the app talks to /api/v1: JSON in and out, errors as ApiError with the server's stable code. */
import { type ErrorCode, isErrorCode } from '@medrelay/contracts/errors';

/** A code from the contracts' list, or http_error when the answer had no API error body (a proxy's page). */
export type ApiErrorCode = ErrorCode | 'http_error';

export const API_BASE = '/api/v1';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode,
    readonly details: Record<string, unknown> = {},
    /** Seconds from a Retry-After header (429 answers). */
    readonly retryAfter?: number,
  ) {
    super(code);
    this.name = 'ApiError';
  }

  /** The input field the server blamed, e.g. `items[0].quantity`. */
  get field(): string | undefined {
    return typeof this.details.field === 'string' ? this.details.field : undefined;
  }

  /**
   * A 404 for a route the server does not have (yet), as opposed to a missing record: the server's
   * not-found handler names the path. Screens use it to hide features that are not deployed.
   */
  get isMissingRoute(): boolean {
    return this.status === 404 && typeof this.details.path === 'string';
  }
}

/** No answer at all: offline, DNS, connection reset. */
export class NetworkError extends Error {
  constructor() {
    super('network_error');
    this.name = 'NetworkError';
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function api<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`${API_BASE}${path}`, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
      signal: opts.signal,
    });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new NetworkError();
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (!res.ok) {
    const error = (json as { error?: { code?: unknown; details?: unknown } } | undefined)?.error;
    const retry = Number(res.headers.get('retry-after'));
    throw new ApiError(
      res.status,
      typeof error?.code === 'string' && isErrorCode(error.code)
        ? error.code
        : res.status >= 500
          ? 'internal_error'
          : 'http_error',
      (error?.details as Record<string, unknown> | undefined) ?? {},
      Number.isFinite(retry) && retry > 0 ? retry : undefined,
    );
  }
  return json as T;
}
