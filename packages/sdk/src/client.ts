import {
  AssistedPostBody,
  type CoordSystem,
  type FeedQuery as FeedQuerySchema,
  FeedReply as FeedReplySchema,
  type Kind,
  PostView as PostViewSchema,
  RegionalStats as RegionalStatsSchema,
  type VulnerableFlag,
} from '@medrelay/contracts';
import type { z } from 'zod';
import { errorFromResponse, MedRelayError } from './errors.ts';

export const SDK_VERSION = '0.1.0';
/** Where the partner API lives under the MedRelay origin. */
export const PARTNER_API_PATH = '/api/partner/v1';

export interface MedRelayClientOptions {
  /** The MedRelay origin, e.g. `https://medrelay.example.cn` (a path prefix is kept if there is one). */
  baseUrl: string;
  /** A secret key, `mr_sk_…`. Keep it on your server; publishable keys (`mr_pk_…`) are for the widget. */
  apiKey: string;
  /** Another fetch (a proxy agent, a test double). Defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Per-request timeout in milliseconds; 10 s by default. */
  timeoutMs?: number;
}

export interface RequestOptions {
  /** Cancels the request. */
  signal?: AbortSignal;
}

export interface AssistedPostOptions extends RequestOptions {
  /**
   * Sent as `Idempotency-Key`: a retry with the same key and body should not publish twice. 8–100
   * letters, digits or `_.:-`; one per resident's request (a UUID is fine).
   */
  idempotencyKey?: string;
}

/**
 * The square's filters, as in the OpenAPI document of `GET /api/partner/v1/posts`. `near` may be given
 * as `{ lat, lng }` or as the API's `"lat,lng"` string; `flags` as an array or a comma-separated string.
 */
export interface FeedQuery {
  kind?: Kind;
  medicineId?: string;
  category?: string;
  /** A 6-digit GB/T 2260 code: a province, a city or a district. */
  region?: string;
  near?: { lat: number; lng: number } | string;
  /** The datum of `near`; WGS-84 unless you say otherwise (gcj02 for AMap/Tencent, bd09 for Baidu). */
  coordSystem?: CoordSystem;
  /** With `near`: at most 50 km. */
  radiusKm?: number;
  sort?: 'time' | 'distance';
  flags?: VulnerableFlag[] | string;
  /** 1–50, 20 by default. */
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}
// Compile-time guard: every query parameter of the contract has a field here.
type MissingQueryFields = Exclude<keyof FeedQuerySchema, keyof FeedQuery>;
const coversContract: [MissingQueryFields] extends [never] ? true : MissingQueryFields = true;
void coversContract;

export type FeedReply = z.output<typeof FeedReplySchema>;
export type PostView = z.output<typeof PostViewSchema>;
export type RegionalStats = z.output<typeof RegionalStatsSchema>;
/** What `assistedPosts.create` takes: the resident, their consent, and the post. */
export type AssistedPostInput = z.input<typeof AssistedPostBody>;

export interface MedRelayClient {
  posts: {
    /** One page of the square (scope `posts:read`). */
    list(query?: FeedQuery, options?: RequestOptions): Promise<FeedReply>;
    /** Every post matching the query, page after page (scope `posts:read`). */
    iterate(query?: FeedQuery, options?: RequestOptions): AsyncGenerator<PostView, void, undefined>;
  };
  /** Figures for the partner's own regions (scope `stats:read`). */
  stats(options?: RequestOptions): Promise<RegionalStats>;
  assistedPosts: {
    /**
     * Publishes for a resident without a smartphone (scope `posts:write_assisted`). The location must
     * lie in one of the partner's regions; the resident's consent is recorded with who took it.
     */
    create(body: AssistedPostInput, options?: AssistedPostOptions): Promise<PostView>;
  };
}

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_.:-]{8,100}$/;

function queryString(query: FeedQuery): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (name === 'near' && typeof value === 'object') {
      const { lat, lng } = value as { lat: number; lng: number };
      params.set('near', `${lat},${lng}`);
    } else if (Array.isArray(value)) {
      if (value.length) params.set(name, value.join(','));
    } else {
      params.set(name, String(value));
    }
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** A typed client for the partner API. Answers are checked against the contract's Zod schemas. */
export function createMedRelayClient(options: MedRelayClientOptions): MedRelayClient {
  const { apiKey } = options;
  if (!apiKey) throw new TypeError('createMedRelayClient: apiKey is required');
  if (apiKey.startsWith('mr_pk_')) {
    throw new TypeError(
      'createMedRelayClient: mr_pk_ keys are publishable widget keys; the partner API takes a secret mr_sk_ key',
    );
  }
  const base = new URL(options.baseUrl);
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}${PARTNER_API_PATH}`;
  const doFetch = options.fetch ?? globalThis.fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;

  async function request<S extends z.ZodType>(
    schema: S,
    method: 'GET' | 'POST',
    path: string,
    init: { body?: unknown; headers?: Record<string, string>; signal?: AbortSignal } = {},
  ): Promise<z.output<S>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    const headers: Record<string, string> = {
      accept: 'application/json',
      authorization: `Bearer ${apiKey}`,
      'user-agent': `medrelay-sdk/${SDK_VERSION}`,
      ...init.headers,
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await doFetch(`${root}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal,
      });
    } catch (err) {
      // The caller's own abort stays an AbortError, as with fetch.
      if (init.signal?.aborted) throw err;
      const timedOut = timeout.aborted;
      throw new MedRelayError({
        status: 0,
        code: timedOut ? 'timeout' : 'network_error',
        message: timedOut
          ? `No answer from ${base.origin} within ${timeoutMs} ms`
          : `Could not reach ${base.origin}: ${err instanceof Error ? err.message : String(err)}`,
        cause: err,
      });
    }
    if (!res.ok) throw await errorFromResponse(res);
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      throw new MedRelayError({
        status: res.status,
        code: 'invalid_response',
        message: 'The answer is not JSON',
        details: { body: text.slice(0, 500) },
        cause: err,
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new MedRelayError({
        status: res.status,
        code: 'invalid_response',
        message: `The answer of ${method} ${PARTNER_API_PATH}${path.split('?')[0]} does not match the contract`,
        details: {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
        cause: parsed.error,
      });
    }
    return parsed.data;
  }

  const list = (query: FeedQuery = {}, opts: RequestOptions = {}) =>
    request(FeedReplySchema, 'GET', `/posts${queryString(query)}`, { signal: opts.signal });

  return {
    posts: {
      list,
      async *iterate(query: FeedQuery = {}, opts: RequestOptions = {}) {
        let cursor = query.cursor;
        do {
          const page = await list({ ...query, cursor }, opts);
          yield* page.items;
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
      },
    },
    stats: (opts: RequestOptions = {}) =>
      request(RegionalStatsSchema, 'GET', '/stats', { signal: opts.signal }),
    assistedPosts: {
      create(body: AssistedPostInput, opts: AssistedPostOptions = {}) {
        const headers: Record<string, string> = {};
        if (opts.idempotencyKey !== undefined) {
          if (!IDEMPOTENCY_KEY.test(opts.idempotencyKey)) {
            return Promise.reject(
              new TypeError('idempotencyKey: 8–100 letters, digits or _.:- (a UUID is fine)'),
            );
          }
          headers['idempotency-key'] = opts.idempotencyKey;
        }
        return request(PostViewSchema, 'POST', '/assisted-posts', { body, headers, signal: opts.signal });
      },
    },
  };
}
