import { createHmac, randomUUID } from 'node:crypto';
import { DEFAULT_TIMEOUT_MS, fetchJson, VendorFailure } from './vendor-http.ts';

/**
 * Alibaba Cloud RPC-style API signing, signature version 1.0 (HMAC-SHA1), as documented in
 * "RPC机制 签名机制": sorted, RFC 3986-encoded parameters, `METHOD&%2F&` + encode(query).
 */

/**
 * RFC 3986 percent-encoding as Alibaba Cloud requires: only A-Z a-z 0-9 - _ . ~ stay bare.
 * encodeURIComponent already writes a space as %20 (never +) and leaves ~ alone — the docs' replace
 * steps exist for Java's URLEncoder — but it leaves ! ' ( ) * bare, which must be encoded.
 */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Parameters sorted by name (byte order; names are ASCII), each name and value encoded. */
export function canonicalizedQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(params[k] as string)}`)
    .join('&');
}

export function stringToSignRpc(method: 'GET' | 'POST', params: Record<string, string>): string {
  return `${method}&${percentEncode('/')}&${percentEncode(canonicalizedQuery(params))}`;
}

/** Base64 HMAC-SHA1 keyed with the secret plus "&" (the empty token secret of the scheme). */
export function signRpc(
  method: 'GET' | 'POST',
  params: Record<string, string>,
  accessKeySecret: string,
): string {
  return createHmac('sha1', `${accessKeySecret}&`)
    .update(stringToSignRpc(method, params), 'utf8')
    .digest('base64');
}

/** ISO 8601 in UTC without milliseconds, e.g. 2016-02-23T12:46:24Z — the form the docs require. */
export const rpcTimestamp = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A non-OK answer: an HTTP 4xx with a Code, or a product-level Code. The Message is dropped (may echo input). */
export class AliyunRpcError extends Error {
  constructor(
    readonly code: string,
    readonly requestId: string | undefined,
  ) {
    super(`Alibaba Cloud error ${code}`);
    this.name = 'AliyunRpcError';
  }
}

export interface AliyunRpcCall {
  /** The vendor host, e.g. dyplsapi.aliyuncs.com; the default endpoint is https://<host>. */
  host: string;
  action: string;
  version: string;
  params: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
  /** Default POST, with the parameters as a form body. */
  method?: 'GET' | 'POST';
  endpoint?: string;
  timeoutMs?: number;
  now?: () => Date;
  /** SignatureNonce source; each request needs a fresh one (replay protection). Default randomUUID. */
  nonce?: () => string;
}

/**
 * Signs and sends one call; returns the parsed JSON answer. Throws AliyunRpcError for a 4xx carrying
 * a Code (SignatureDoesNotMatch, Throttling.User, …), VendorFailure for timeouts, network, 5xx, junk.
 */
export async function callAliyunRpc<T = Record<string, unknown>>(call: AliyunRpcCall): Promise<T> {
  const method = call.method ?? 'POST';
  const params: Record<string, string> = {
    ...call.params,
    Action: call.action,
    Format: 'JSON',
    Version: call.version,
    AccessKeyId: call.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: (call.nonce ?? randomUUID)(),
    Timestamp: rpcTimestamp((call.now ?? (() => new Date()))()),
  };
  const query = `${canonicalizedQuery(params)}&Signature=${percentEncode(signRpc(method, params, call.accessKeySecret))}`;
  const origin = new URL(call.endpoint ?? `https://${call.host}`).origin;
  const timeoutMs = call.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const { status, body } =
    method === 'POST'
      ? await fetchJson(`${origin}/`, {
          method,
          headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
          body: query,
          timeoutMs,
        })
      : await fetchJson(`${origin}/?${query}`, { method, headers: {}, timeoutMs });
  if (!body || typeof body !== 'object') throw new VendorFailure('bad_response', status);
  if (status >= 300) {
    const { Code, RequestId } = body as { Code?: unknown; RequestId?: unknown };
    if (typeof Code !== 'string') throw new VendorFailure('http_status', status);
    throw new AliyunRpcError(Code, typeof RequestId === 'string' ? RequestId : undefined);
  }
  return body as T;
}
