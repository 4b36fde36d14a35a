import { createHmac } from 'node:crypto';
import type { FakeAnswer, SeenRequest } from './fake-vendor-server.ts';

/** The parameters of an RPC request, from the form body (POST) or the query (GET). */
export function rpcParams(req: SeenRequest): Record<string, string> {
  const raw = req.method === 'POST' ? req.body : (req.url.split('?')[1] ?? '');
  return Object.fromEntries(new URLSearchParams(raw));
}

const aliyunError = (status: number, code: string): FakeAnswer => ({
  status,
  json: { RequestId: 'fake-auth', HostId: 'dyplsapi.aliyuncs.com', Code: code, Message: 'fake: refused' },
});

/**
 * Re-verifies an RPC v1 signature the way Alibaba Cloud does, written apart from the signer: take the
 * received parameters minus Signature, sort, RFC 3986-encode, HMAC-SHA1 with secret + "&", compare.
 * Returns the documented 4xx answer on failure, or undefined when the request holds.
 */
export function checkRpc(req: SeenRequest, creds: { accessKeyId: string; accessKeySecret: string }) {
  const { Signature, ...params } = rpcParams(req);
  if (params.AccessKeyId !== creds.accessKeyId) return aliyunError(404, 'InvalidAccessKeyId.NotFound');
  if (params.SignatureMethod !== 'HMAC-SHA1' || params.SignatureVersion !== '1.0' || !params.SignatureNonce) {
    return aliyunError(400, 'IncompleteSignature');
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(params.Timestamp ?? '')) {
    return aliyunError(400, 'InvalidTimeStamp.Format');
  }
  const enc = (s: string) =>
    encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = Object.keys(params)
    .sort()
    .map((k) => `${enc(k)}=${enc(params[k] ?? '')}`)
    .join('&');
  const expected = createHmac('sha1', `${creds.accessKeySecret}&`)
    .update(`${req.method}&%2F&${enc(query)}`)
    .digest('base64');
  return Signature === expected ? undefined : aliyunError(400, 'SignatureDoesNotMatch');
}
