import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FakeAnswer, SeenRequest } from './fake-vendor-server.ts';

/**
 * Re-verifies a TC3-HMAC-SHA256 request the way Tencent Cloud does, written apart from the signer so
 * that one shared mistake cannot pass both: rebuild the canonical request from the wire (the headers
 * the Authorization names, the Host received, the body bytes) and recompute with the shared secret.
 * Returns an AuthFailure answer, or undefined when the signature holds.
 */
export function checkTc3(
  req: SeenRequest,
  creds: { secretId: string; secretKey: string; service: string },
): FakeAnswer | undefined {
  const fail = (code: string) => ({
    json: {
      Response: { Error: { Code: code, Message: 'fake: signature check failed' }, RequestId: 'fake-auth' },
    },
  });
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!m) return fail('AuthFailure.InvalidAuthorization');
  const [, secretId, date, service, signedHeaders, signature] = m as unknown as string[];
  const timestamp = String(req.headers['x-tc-timestamp'] ?? '');
  if (secretId !== creds.secretId) return fail('AuthFailure.SecretIdNotFound');
  if (service !== creds.service) return fail('AuthFailure.InvalidAuthorization');
  if (new Date(Number(timestamp) * 1000).toISOString().slice(0, 10) !== date) {
    return fail('AuthFailure.SignatureFailure');
  }
  const names = (signedHeaders as string).split(';');
  if (!names.includes('content-type') || !names.includes('host'))
    return fail('AuthFailure.InvalidAuthorization');
  const canonicalHeaders = names
    .map(
      (n) =>
        `${n}:${String(req.headers[n] ?? '')
          .trim()
          .toLowerCase()}\n`,
    )
    .join('');
  const hash = (s: string) => createHash('sha256').update(s).digest('hex');
  const canonical = `${req.method}\n/\n\n${canonicalHeaders}\n${signedHeaders}\n${hash(req.body)}`;
  const toSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${hash(canonical)}`;
  let key = createHmac('sha256', `TC3${creds.secretKey}`)
    .update(date as string)
    .digest();
  key = createHmac('sha256', key)
    .update(service as string)
    .digest();
  key = createHmac('sha256', key).update('tc3_request').digest();
  const expected = createHmac('sha256', key).update(toSign).digest();
  const given = Buffer.from(signature as string, 'hex');
  return timingSafeEqual(expected, given) ? undefined : fail('AuthFailure.SignatureFailure');
}

export const tencentOk = (response: Record<string, unknown>): FakeAnswer => ({
  json: { Response: { ...response, RequestId: 'req-ok-1' } },
});

export const tencentError = (code: string): FakeAnswer => ({
  json: { Response: { Error: { Code: code, Message: 'fake vendor error' }, RequestId: 'req-err-1' } },
});
