import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { checkRpc, rpcParams } from './aliyun-rpc-fake.ts';
import {
  AliyunRpcError,
  callAliyunRpc,
  canonicalizedQuery,
  percentEncode,
  rpcTimestamp,
  signRpc,
  stringToSignRpc,
} from './aliyun-rpc-signer.ts';
import { type FakeAnswer, type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';

// The worked example of the ECS "签名机制" page (DescribeRegions, GET, secret "testsecret").
const EXAMPLE = {
  Timestamp: '2016-02-23T12:46:24Z',
  Format: 'XML',
  AccessKeyId: 'testid',
  Action: 'DescribeRegions',
  SignatureMethod: 'HMAC-SHA1',
  SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
  Version: '2014-05-26',
  SignatureVersion: '1.0',
};

describe('Alibaba Cloud RPC signature v1', () => {
  test('reproduces the published ECS example', () => {
    expect(stringToSignRpc('GET', EXAMPLE)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(signRpc('GET', EXAMPLE, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  test('POST signs a different string than GET', () => {
    expect(stringToSignRpc('POST', EXAMPLE).startsWith('POST&%2F&')).toBe(true);
    expect(signRpc('POST', EXAMPLE, 'testsecret')).not.toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  test("percent-encoding is RFC 3986: space %20, tilde bare, !'()* encoded, UTF-8 bytes", () => {
    expect(percentEncode("a b~c*d!e'f(g)h+i/j:")).toBe('a%20b~c%2Ad%21e%27f%28g%29h%2Bi%2Fj%3A');
    expect(percentEncode('北京')).toBe('%E5%8C%97%E4%BA%AC');
    expect(canonicalizedQuery({ b: '2', a: '1', B: '0' })).toBe('B=0&a=1&b=2');
  });

  test('timestamps are UTC ISO 8601 without milliseconds', () => {
    expect(rpcTimestamp(new Date('2016-02-23T12:46:24.789Z'))).toBe('2016-02-23T12:46:24Z');
  });
});

describe('callAliyunRpc against a fake API that re-verifies the signature', () => {
  // Generous, so a busy machine never fails a healthy call; the hang tests shorten it.
  let timeoutMs = 3000;
  beforeEach(() => {
    timeoutMs = 3000;
  });
  const creds = { accessKeyId: 'LTAItest', accessKeySecret: 'rpc-secret' };
  let fake: FakeVendorServer;
  let answer: FakeAnswer = { json: { Code: 'OK' } };
  const call = (over: Partial<Parameters<typeof callAliyunRpc>[0]> = {}) =>
    callAliyunRpc({
      ...creds,
      host: 'dyplsapi.aliyuncs.com',
      action: 'QuerySecretNoRemain',
      version: '2017-05-25',
      params: { City: '北京', SpecId: '1' },
      endpoint: fake.endpoint,
      timeoutMs: timeoutMs,
      now: () => new Date('2026-01-15T08:00:00.123Z'),
      nonce: () => 'nonce-1',
      ...over,
    });

  beforeAll(async () => {
    fake = await startFakeVendor((req) => checkRpc(req, creds) ?? answer);
  });
  afterAll(() => fake.close());

  test('POST sends the common and action parameters as a signed form', async () => {
    answer = { json: { Code: 'OK', RequestId: 'r1' } };
    expect(await call()).toEqual({ Code: 'OK', RequestId: 'r1' });
    const req = fake.seen.at(-1);
    expect(req?.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(rpcParams(req as NonNullable<typeof req>)).toMatchObject({
      Action: 'QuerySecretNoRemain',
      Version: '2017-05-25',
      Format: 'JSON',
      AccessKeyId: 'LTAItest',
      SignatureNonce: 'nonce-1',
      Timestamp: '2026-01-15T08:00:00Z',
      City: '北京',
    });
  });

  test('GET passes the same check with the parameters in the query', async () => {
    answer = { json: { Code: 'OK' } };
    await expect(call({ method: 'GET' })).resolves.toEqual({ Code: 'OK' });
    expect(fake.seen.at(-1)?.method).toBe('GET');
  });

  test('a wrong secret is refused as SignatureDoesNotMatch', async () => {
    const err = await call({ accessKeySecret: 'wrong' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AliyunRpcError);
    expect(err).toMatchObject({ code: 'SignatureDoesNotMatch', requestId: 'fake-auth' });
  });

  test('5xx, junk and silence are wire failures', async () => {
    answer = { status: 500, text: 'oops' };
    await expect(call()).rejects.toMatchObject({ reason: 'http_status', httpStatus: 500 });
    answer = { status: 200, text: '<xml/>' };
    await expect(call()).rejects.toMatchObject({ reason: 'bad_response' });
    answer = { hang: true };
    timeoutMs = 200;
    await expect(call()).rejects.toMatchObject({ reason: 'timeout' });
  });
});
