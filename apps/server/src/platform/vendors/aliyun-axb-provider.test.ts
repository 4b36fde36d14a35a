import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '../errors.ts';
import { AliyunAxbProvider, chinaDateTime } from './aliyun-axb-provider.ts';
import { checkRpc, rpcParams } from './aliyun-rpc-fake.ts';
import { type FakeAnswer, type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';

const creds = { accessKeyId: 'LTAIaxb', accessKeySecret: 'axb-secret' };
const pair = { phoneA: '13800138000', phoneB: '13900139000' };
const expiresAt = new Date('2026-01-16T16:30:00Z'); // 00:30 on the 17th in Beijing

describe('Alibaba Cloud AXB privacy numbers (Dyplsapi)', () => {
  // Generous, so a busy machine never fails a healthy call; the hang tests shorten it.
  let timeoutMs = 3000;
  beforeEach(() => {
    timeoutMs = 3000;
  });
  let fake: FakeVendorServer;
  let answer: FakeAnswer;
  const provider = (over: Partial<ConstructorParameters<typeof AliyunAxbProvider>[0]> = {}) =>
    new AliyunAxbProvider({
      ...creds,
      poolKey: 'FC123456',
      endpoint: fake.endpoint,
      timeoutMs: timeoutMs,
      now: () => new Date('2026-01-15T08:00:00Z'),
      nonce: () => 'nonce-axb',
      ...over,
    });
  const dypls = (code: string, extra: Record<string, unknown> = {}): FakeAnswer => ({
    json: { Code: code, Message: code, RequestId: 'req-axb-1', ...extra },
  });
  const failure = async (p = provider()) => {
    const err = await p.bind({ ...pair, expiresAt }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    // PIPL: neither party's number may reach error bodies or logs.
    const shown = JSON.stringify({ m: (err as AppError).message, d: (err as AppError).details });
    expect(shown).not.toContain(pair.phoneA);
    expect(shown).not.toContain(pair.phoneB);
    return err as AppError;
  };

  beforeAll(async () => {
    fake = await startFakeVendor((req) => checkRpc(req, creds) ?? answer);
  });
  afterAll(() => fake.close());

  test('binding returns X as the middle number and SubsId as the binding id', async () => {
    answer = dypls('OK', {
      SecretBindDTO: { SubsId: '1000000768393849', SecretNo: '17100000000', Extension: '130' },
    });
    expect(await provider().bind({ ...pair, expiresAt })).toEqual({
      middleNumber: '17100000000',
      bindingId: '1000000768393849',
    });
    const params = rpcParams(fake.seen.at(-1) as NonNullable<(typeof fake.seen)[number]>);
    expect(params).toMatchObject({
      Action: 'BindAxb',
      Version: '2017-05-25',
      PoolKey: 'FC123456',
      PhoneNoA: pair.phoneA,
      PhoneNoB: pair.phoneB,
      Expiration: '2026-01-17 00:30:00',
      SignatureNonce: 'nonce-axb',
      Timestamp: '2026-01-15T08:00:00Z',
    });
    expect(params.IsRecordingEnabled).toBeUndefined();
  });

  test('expiry is written in China time', () => {
    expect(chinaDateTime(new Date('2026-12-31T15:59:59.900Z'))).toBe('2026-12-31 23:59:59');
  });

  test('unbinding names the pool, the binding and X', async () => {
    answer = dypls('OK');
    await provider().unbind({ bindingId: '1000000768393849', middleNumber: '17100000000' });
    expect(rpcParams(fake.seen.at(-1) as NonNullable<(typeof fake.seen)[number]>)).toMatchObject({
      Action: 'UnbindSubscription',
      PoolKey: 'FC123456',
      SubsId: '1000000768393849',
      SecretNo: '17100000000',
    });
  });

  test('an exhausted pool is 503 with the vendor code', async () => {
    answer = dypls('isv.NO_AVAILABLE_NUMBER');
    expect(await failure()).toMatchObject({
      code: 'privacy_number_unavailable',
      status: 503,
      details: { vendor: 'aliyun-axb', vendorCode: 'isv.NO_AVAILABLE_NUMBER', requestId: 'req-axb-1' },
    });
  });

  test('flow control, common (HTTP 400) or Dyplsapi-level, is 429', async () => {
    answer = {
      status: 400,
      json: { Code: 'Throttling.User', Message: 'flow control', RequestId: 'req-thr' },
    };
    expect(await failure()).toMatchObject({
      code: 'vendor_rate_limited',
      status: 429,
      details: { vendorCode: 'Throttling.User', requestId: 'req-thr' },
    });
    answer = dypls('isv.BUSINESS_LIMIT_CONTROL');
    expect(await failure()).toMatchObject({
      status: 429,
      details: { vendorCode: 'isv.BUSINESS_LIMIT_CONTROL' },
    });
  });

  test('a signature the vendor rejects is 503', async () => {
    answer = dypls('OK');
    expect(await failure(provider({ accessKeySecret: 'wrong' }))).toMatchObject({
      code: 'privacy_number_unavailable',
      details: { vendorCode: 'SignatureDoesNotMatch' },
    });
  });

  test('OK without a binding, or a failing unbind, is 503', async () => {
    answer = dypls('OK');
    expect(await failure()).toMatchObject({ status: 503, details: { reason: 'bad_response' } });
    answer = dypls('isp.SYSTEM_ERROR');
    await expect(provider().unbind({ bindingId: '1', middleNumber: '17100000000' })).rejects.toMatchObject({
      code: 'privacy_number_unavailable',
      details: { vendorCode: 'isp.SYSTEM_ERROR' },
    });
  });

  test('a vendor that never answers fails with 503 within the configured timeout', async () => {
    answer = { hang: true };
    timeoutMs = 200;
    const err = await failure();
    expect(err).toMatchObject({
      code: 'privacy_number_unavailable',
      status: 503,
      details: { reason: 'timeout' },
    });
  });
});
