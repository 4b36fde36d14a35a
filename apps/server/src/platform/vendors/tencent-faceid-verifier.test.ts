import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '../errors.ts';
import { type FakeAnswer, type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';
import { checkTc3, tencentError, tencentOk } from './tencent-cloud-fake.ts';
import { TencentFaceIdVerifier } from './tencent-faceid-verifier.ts';

const creds = { secretId: 'AKIDfaceid', secretKey: 'faceid-secret' };
// The sample number from GB 11643 itself, not a real resident.
const person = { name: '张三', idNumber: '11010519491231002X' };
const NOW = new Date('2026-01-15T08:00:00Z'); // 16:00 in Beijing: 8 hours to the daily reset

describe('Tencent FaceID IdCardVerification', () => {
  // Generous, so a busy machine never fails a healthy call; the hang tests shorten it.
  let timeoutMs = 3000;
  beforeEach(() => {
    timeoutMs = 3000;
  });
  let fake: FakeVendorServer;
  let answer: FakeAnswer;
  const verifier = (over: Partial<ConstructorParameters<typeof TencentFaceIdVerifier>[0]> = {}) =>
    new TencentFaceIdVerifier({
      ...creds,
      endpoint: fake.endpoint,
      timeoutMs: timeoutMs,
      now: () => NOW,
      ...over,
    });
  const result = (code: string) => tencentOk({ Result: code, Description: 'fake' });
  const failure = async (v = verifier()) => {
    const err = await v.verify(person).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    // PIPL: nothing the person typed may reach error bodies or logs.
    const shown = JSON.stringify({ message: (err as AppError).message, details: (err as AppError).details });
    expect(shown).not.toContain(person.name);
    expect(shown).not.toContain(person.idNumber);
    return err as AppError;
  };

  beforeAll(async () => {
    fake = await startFakeVendor((req) => checkTc3(req, { ...creds, service: 'faceid' }) ?? answer);
  });
  afterAll(() => fake.close());

  test('a matching name and ID number verify, sent as the documented action and fields', async () => {
    answer = tencentOk({ Result: '0', Description: '姓名和身份证号一致' });
    expect(await verifier().verify(person)).toEqual({ ok: true });
    const req = fake.seen.at(-1);
    expect(req?.headers['x-tc-action']).toBe('IdCardVerification');
    expect(req?.headers['x-tc-version']).toBe('2018-03-01');
    expect(JSON.parse(req?.body ?? '')).toEqual({ IdCard: person.idNumber, Name: person.name });
  });

  test('the verifier says it proves identity', () => {
    const v = verifier();
    expect(v.name).toBe('tencent-faceid');
    expect(v.provesIdentity).toBe(true);
  });

  test('a name that does not match the number is a mismatch', async () => {
    answer = result('-1');
    expect(await verifier().verify(person)).toEqual({ ok: false, reason: 'mismatch' });
  });

  test('an illegal ID number or an illegal name is invalid', async () => {
    answer = result('-2');
    expect(await verifier().verify(person)).toEqual({ ok: false, reason: 'invalid' });
    answer = result('-3');
    expect(await verifier().verify(person)).toEqual({ ok: false, reason: 'invalid' });
  });

  test('a number the register does not hold is no_record', async () => {
    answer = result('-5');
    expect(await verifier().verify(person)).toEqual({ ok: false, reason: 'no_record' });
  });

  test('an outage at the register (-4, -6) is 503, not an answer about the person', async () => {
    for (const code of ['-4', '-6']) {
      answer = result(code);
      const err = await failure();
      expect(err).toMatchObject({ code: 'verifier_unavailable', status: 503 });
      expect(err.details).toEqual({ vendor: 'tencent-faceid', vendorCode: code, requestId: 'req-ok-1' });
    }
  });

  test('the daily limit (-7) is 429 until Beijing midnight', async () => {
    answer = result('-7');
    const err = await failure();
    expect(err).toMatchObject({ code: 'vendor_rate_limited', status: 429 });
    expect(err.details.retryAfterSeconds).toBe(8 * 3600);
  });

  test('a 5xx from the gateway or InternalError is 503', async () => {
    answer = { status: 502, text: '<html>502 Bad Gateway</html>' };
    expect(await failure()).toMatchObject({
      code: 'verifier_unavailable',
      status: 503,
      details: { vendor: 'tencent-faceid', reason: 'http_status', httpStatus: 502 },
    });
    answer = tencentError('InternalError');
    expect(await failure()).toMatchObject({ status: 503, details: { vendorCode: 'InternalError' } });
  });

  test('a signature the vendor rejects is 503 with its code and RequestId', async () => {
    answer = result('0');
    const err = await failure(verifier({ secretKey: 'not-the-secret' }));
    expect(err).toMatchObject({
      code: 'verifier_unavailable',
      status: 503,
      details: {
        vendor: 'tencent-faceid',
        vendorCode: 'AuthFailure.SignatureFailure',
        requestId: 'fake-auth',
      },
    });
  });

  test('the common frequency limit is 429', async () => {
    answer = tencentError('RequestLimitExceeded');
    expect(await failure()).toMatchObject({
      code: 'vendor_rate_limited',
      status: 429,
      details: { vendorCode: 'RequestLimitExceeded' },
    });
  });

  test('a vendor that never answers fails with 503 within the configured timeout', async () => {
    answer = { hang: true };
    timeoutMs = 200;
    const err = await failure();
    expect(err).toMatchObject({ code: 'verifier_unavailable', status: 503, details: { reason: 'timeout' } });
  });
});
