import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';
import { checkTc3, tencentError, tencentOk } from './tencent-cloud-fake.ts';
import { callTencentCloud, signTc3, TencentCloudError } from './tencent-cloud-signer.ts';
import { VendorFailure } from './vendor-http.ts';

// Tencent's published worked example ("签名方法 v3"); the masked credentials are used verbatim as bytes.
const EXAMPLE = {
  secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******',
  secretKey: 'Gu5t9xGARNpq86cd98joQYCN3*******',
  service: 'cvm',
  host: 'cvm.tencentcloudapi.com',
  action: 'DescribeInstances',
  timestamp: 1551113065,
  payload: '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}',
};

describe('TC3-HMAC-SHA256 signing', () => {
  test('reproduces the published worked example byte for byte', () => {
    const s = signTc3(EXAMPLE);
    expect(s.canonicalRequest.split('\n')).toEqual([
      'POST',
      '/',
      '',
      'content-type:application/json; charset=utf-8',
      'host:cvm.tencentcloudapi.com',
      '',
      'content-type;host',
      '35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064',
    ]);
    expect(s.stringToSign).toBe(
      'TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n' +
        '5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031',
    );
    expect(s.signature).toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
    expect(s.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******/2019-02-25/cvm/tc3_request, ' +
        'SignedHeaders=content-type;host, Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c',
    );
  });

  test('signing X-TC-Action adds it, lower-cased, to the canonical headers', () => {
    const s = signTc3({ ...EXAMPLE, signAction: true });
    expect(s.signedHeaders).toBe('content-type;host;x-tc-action');
    expect(s.canonicalRequest).toContain('host:cvm.tencentcloudapi.com\nx-tc-action:describeinstances\n\n');
    expect(s.signature).not.toBe('2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c');
  });

  test('the credential date is the UTC date of the timestamp, not local time', () => {
    // 2019-02-25T23:30:00Z is already the 26th in Beijing.
    const s = signTc3({ ...EXAMPLE, timestamp: Date.UTC(2019, 1, 25, 23, 30) / 1000 });
    expect(s.stringToSign.split('\n')[2]).toBe('2019-02-25/cvm/tc3_request');
  });
});

describe('callTencentCloud against a fake API that re-verifies the signature', () => {
  // Generous, so a busy machine never fails a healthy call; the hang tests shorten it.
  let timeoutMs = 3000;
  beforeEach(() => {
    timeoutMs = 3000;
  });
  const creds = { secretId: 'AKIDtest', secretKey: 'test-secret', service: 'cvm' };
  let fake: FakeVendorServer;
  let answer = tencentOk({ TotalCount: 0 });
  const call = (over: Partial<Parameters<typeof callTencentCloud>[0]> = {}) =>
    callTencentCloud({
      ...creds,
      host: 'cvm.tencentcloudapi.com',
      action: 'DescribeInstances',
      version: '2017-03-12',
      region: 'ap-guangzhou',
      payload: { Limit: 1 },
      endpoint: fake.endpoint,
      timeoutMs: timeoutMs,
      now: () => new Date('2026-01-15T08:00:00Z'),
      ...over,
    });

  beforeAll(async () => {
    fake = await startFakeVendor((req) => checkTc3(req, creds) ?? answer);
  });
  afterAll(() => fake.close());

  test('a signed call returns the Response object and sends the documented headers', async () => {
    answer = tencentOk({ TotalCount: 0 });
    expect(await call()).toEqual({ TotalCount: 0, RequestId: 'req-ok-1' });
    const req = fake.seen.at(-1);
    expect(req?.headers['x-tc-action']).toBe('DescribeInstances');
    expect(req?.headers['x-tc-version']).toBe('2017-03-12');
    expect(req?.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(req?.headers['x-tc-timestamp']).toBe(String(Date.UTC(2026, 0, 15, 8) / 1000));
    expect(req?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(req?.body ?? '')).toEqual({ Limit: 1 });
  });

  test('no X-TC-Region header when the API takes none', async () => {
    await call({ region: undefined });
    expect(fake.seen.at(-1)?.headers['x-tc-region']).toBeUndefined();
  });

  test('a wrong secret is refused by the fake and surfaces as a typed error', async () => {
    const err = await call({ secretKey: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TencentCloudError);
    expect(err).toMatchObject({ code: 'AuthFailure.SignatureFailure', requestId: 'fake-auth' });
  });

  test('Response.Error becomes TencentCloudError without the vendor message', async () => {
    answer = tencentError('InternalError');
    const err = await call().catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'InternalError', requestId: 'req-err-1' });
    expect((err as Error).message).not.toContain('fake vendor error');
  });

  test('a 5xx page and a non-answer are wire failures', async () => {
    answer = { status: 502, text: '<html>Bad Gateway</html>' };
    await expect(call()).rejects.toMatchObject({ reason: 'http_status', httpStatus: 502 });
    answer = { json: { nothing: true } };
    await expect(call()).rejects.toBeInstanceOf(VendorFailure);
    answer = { hang: true };
    timeoutMs = 200;
    await expect(call()).rejects.toMatchObject({ reason: 'timeout' });
  });
});
