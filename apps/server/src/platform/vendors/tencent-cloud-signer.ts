import { createHash, createHmac } from 'node:crypto';
import { DEFAULT_TIMEOUT_MS, fetchJson, VendorFailure } from './vendor-http.ts';

/**
 * Tencent Cloud API 3.0 request signing, TC3-HMAC-SHA256, as documented in
 * "签名方法 v3" (cloud.tencent.com/document/api/213/30654). Only the POST + JSON form is needed here.
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';
const CONTENT_TYPE = 'application/json; charset=utf-8';

export interface Tc3SignInput {
  secretId: string;
  secretKey: string;
  service: string;
  /** The Host header the request will really carry; the server signs with what it receives. */
  host: string;
  action: string;
  /** Unix seconds; also fixes the credential-scope date (UTC). */
  timestamp: number;
  /** The exact body bytes sent; the hash is over this string as UTF-8. */
  payload: string;
  /** Also sign X-TC-Action (the docs' current example does); the older worked example does not. */
  signAction?: boolean;
}

export interface Tc3Signature {
  authorization: string;
  signature: string;
  signedHeaders: string;
  canonicalRequest: string;
  stringToSign: string;
}

const sha256Hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: string | Buffer, msg: string) => createHmac('sha256', key).update(msg, 'utf8').digest();

export function signTc3(input: Tc3SignInput): Tc3Signature {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  // Canonical header values are lower-cased and trimmed, names sorted (content-type < host < x-tc-action).
  const headers: [string, string][] = [
    ['content-type', CONTENT_TYPE],
    ['host', input.host.toLowerCase()],
  ];
  if (input.signAction) headers.push(['x-tc-action', input.action.toLowerCase()]);
  const canonicalHeaders = headers.map(([k, v]) => `${k}:${v.trim()}\n`).join('');
  const signedHeaders = headers.map(([k]) => k).join(';');
  const canonicalRequest = ['POST', '/', '', canonicalHeaders, signedHeaders, sha256Hex(input.payload)].join(
    '\n',
  );
  const scope = `${date}/${input.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(input.timestamp), scope, sha256Hex(canonicalRequest)].join(
    '\n',
  );
  const kDate = hmac(`TC3${input.secretKey}`, date);
  const kSigning = hmac(hmac(kDate, input.service), 'tc3_request');
  const signature = createHmac('sha256', kSigning).update(stringToSign, 'utf8').digest('hex');
  const authorization = `${TC3_ALGORITHM} Credential=${input.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { authorization, signature, signedHeaders, canonicalRequest, stringToSign };
}

/** An answer with `Response.Error`. The vendor's Message is dropped: it may echo request fields. */
export class TencentCloudError extends Error {
  constructor(
    readonly code: string,
    readonly requestId: string | undefined,
  ) {
    super(`Tencent Cloud error ${code}`);
    this.name = 'TencentCloudError';
  }
}

export interface TencentCloudCall {
  service: string;
  /** The vendor host, e.g. faceid.tencentcloudapi.com; the default endpoint is https://<host>. */
  host: string;
  action: string;
  version: string;
  /** Omitted when the API takes no region (FaceID's IdCardVerification documents none). */
  region?: string;
  payload: Record<string, unknown>;
  secretId: string;
  secretKey: string;
  endpoint?: string;
  timeoutMs?: number;
  now?: () => Date;
}

/**
 * Signs and POSTs one API call; returns the `Response` object. Throws TencentCloudError for an
 * answer carrying `Response.Error`, VendorFailure for timeouts, network errors, 5xx and junk.
 */
export async function callTencentCloud<T = Record<string, unknown>>(call: TencentCloudCall): Promise<T> {
  const endpoint = call.endpoint ?? `https://${call.host}`;
  const url = new URL(endpoint);
  const timestamp = Math.floor((call.now ?? (() => new Date()))().getTime() / 1000);
  const payload = JSON.stringify(call.payload);
  const { authorization } = signTc3({
    secretId: call.secretId,
    secretKey: call.secretKey,
    service: call.service,
    // Tencent verifies against the Host it receives, so sign the endpoint's host, not the nominal one.
    host: url.host,
    action: call.action,
    timestamp,
    payload,
    signAction: true,
  });
  const headers: Record<string, string> = {
    Authorization: authorization,
    'Content-Type': CONTENT_TYPE,
    'X-TC-Action': call.action,
    'X-TC-Version': call.version,
    'X-TC-Timestamp': String(timestamp),
  };
  if (call.region) headers['X-TC-Region'] = call.region;
  const { status, body } = await fetchJson(`${url.origin}/`, {
    method: 'POST',
    headers,
    body: payload,
    timeoutMs: call.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  });
  const response = (body as { Response?: unknown } | null)?.Response;
  if (!response || typeof response !== 'object') {
    throw new VendorFailure(status >= 300 ? 'http_status' : 'bad_response', status);
  }
  const { Error: error, RequestId } = response as { Error?: { Code?: unknown }; RequestId?: unknown };
  if (error) {
    const code = typeof error.Code === 'string' ? error.Code : 'UnknownError';
    throw new TencentCloudError(code, typeof RequestId === 'string' ? RequestId : undefined);
  }
  if (status >= 300) throw new VendorFailure('http_status', status);
  return response as T;
}
