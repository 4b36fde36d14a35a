import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { AppError } from '../errors.ts';
import { type FakeAnswer, type FakeVendorServer, startFakeVendor } from './fake-vendor-server.ts';
import { checkTc3, tencentError, tencentOk } from './tencent-cloud-fake.ts';
import { TencentSmsProvider } from './tencent-sms-provider.ts';

const creds = { secretId: 'AKIDsms', secretKey: 'sms-secret' };
const message = { to: '13800138000', code: '482913', text: '【余药互助】验证码 482913，5分钟内有效。' };
const NOW = new Date('2026-01-15T08:00:00Z'); // 16:00 in Beijing

describe('Tencent Cloud SMS SendSms', () => {
  // Generous, so a busy machine never fails a healthy call; the hang tests shorten it.
  let timeoutMs = 3000;
  beforeEach(() => {
    timeoutMs = 3000;
  });
  let fake: FakeVendorServer;
  let answer: FakeAnswer;
  const provider = (over: Partial<ConstructorParameters<typeof TencentSmsProvider>[0]> = {}) =>
    new TencentSmsProvider({
      ...creds,
      smsSdkAppId: '1400006666',
      signName: '余药互助',
      templateId: '1234567',
      endpoint: fake.endpoint,
      timeoutMs: timeoutMs,
      now: () => NOW,
      ...over,
    });
  const status = (code: string): FakeAnswer =>
    tencentOk({
      SendStatusSet: [
        { SerialNo: '2028:1', PhoneNumber: `+86${message.to}`, Fee: 1, Code: code, Message: 'fake' },
      ],
    });
  const failure = async (p = provider()) => {
    const err = await p.send(message).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    // PIPL: the vendor echoes the number in SendStatusSet; it must not reach our errors.
    expect(JSON.stringify({ m: (err as AppError).message, d: (err as AppError).details })).not.toContain(
      message.to,
    );
    return err as AppError;
  };

  beforeAll(async () => {
    fake = await startFakeVendor((req) => checkTc3(req, { ...creds, service: 'sms' }) ?? answer);
  });
  afterAll(() => fake.close());

  test('a sent code carries the documented fields, signed, to the default region', async () => {
    answer = status('Ok');
    await provider().send(message);
    const req = fake.seen.at(-1);
    expect(req?.headers['x-tc-action']).toBe('SendSms');
    expect(req?.headers['x-tc-version']).toBe('2021-01-11');
    expect(req?.headers['x-tc-region']).toBe('ap-guangzhou');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '余药互助',
      TemplateId: '1234567',
      TemplateParamSet: ['482913', '5'],
    });
  });

  test('region and code validity are configurable', async () => {
    answer = status('Ok');
    await provider({ region: 'ap-beijing', codeValidMinutes: 10 }).send(message);
    const req = fake.seen.at(-1);
    expect(req?.headers['x-tc-region']).toBe('ap-beijing');
    expect(JSON.parse(req?.body ?? '').TemplateParamSet).toEqual(['482913', '10']);
  });

  test('the description says real SMS are sent and names the app', () => {
    const p = provider();
    expect(p.name).toBe('tencent-sms');
    expect(p.description).toMatch(/REAL SMS/);
    expect(p.description).toContain('1400006666');
  });

  test("a number's daily limit is 429 until Beijing midnight", async () => {
    answer = status('LimitExceeded.PhoneNumberDailyLimit');
    expect(await failure()).toMatchObject({
      code: 'vendor_rate_limited',
      status: 429,
      details: {
        vendor: 'tencent-sms',
        vendorCode: 'LimitExceeded.PhoneNumberDailyLimit',
        retryAfterSeconds: 8 * 3600,
      },
    });
  });

  test('the 30-second limit says 30 seconds, also when reported as Response.Error', async () => {
    answer = tencentError('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(await failure()).toMatchObject({
      status: 429,
      details: { retryAfterSeconds: 30, requestId: 'req-err-1' },
    });
  });

  test('any other send status is 503 sms_unavailable with the vendor code', async () => {
    answer = status('FailedOperation.TemplateIncorrectOrUnapproved');
    expect(await failure()).toMatchObject({
      code: 'sms_unavailable',
      status: 503,
      details: {
        vendor: 'tencent-sms',
        vendorCode: 'FailedOperation.TemplateIncorrectOrUnapproved',
        requestId: 'req-ok-1',
      },
    });
    answer = tencentOk({ SendStatusSet: [] });
    expect(await failure()).toMatchObject({
      code: 'sms_unavailable',
      details: { vendorCode: 'MissingSendStatus' },
    });
  });

  test('a rejected signature and a 5xx are 503', async () => {
    answer = status('Ok');
    expect(await failure(provider({ secretKey: 'wrong' }))).toMatchObject({
      code: 'sms_unavailable',
      details: { vendorCode: 'AuthFailure.SignatureFailure' },
    });
    answer = { status: 503, text: 'Service Unavailable' };
    expect(await failure()).toMatchObject({ code: 'sms_unavailable', details: { httpStatus: 503 } });
  });

  test('a vendor that never answers fails with 503 within the configured timeout', async () => {
    answer = { hang: true };
    timeoutMs = 200;
    const err = await failure();
    expect(err).toMatchObject({ code: 'sms_unavailable', status: 503, details: { reason: 'timeout' } });
  });

  test('a notice goes to the notice template with no parameters', async () => {
    answer = status('Ok');
    const p = provider({ noticeTemplateId: '7654321' });
    expect(p.description).toContain('notices with template 7654321');
    await p.sendNotice?.({ to: message.to, template: 'match' });
    const req = fake.seen.at(-1);
    expect(req?.headers['x-tc-action']).toBe('SendSms');
    expect(JSON.parse(req?.body ?? '')).toEqual({
      PhoneNumberSet: ['+8613800138000'],
      SmsSdkAppId: '1400006666',
      SignName: '余药互助',
      TemplateId: '7654321',
      TemplateParamSet: [],
    });
  });

  test('without a notice template the provider sends no notices', () => {
    const p = provider();
    expect(p.sendNotice).toBeUndefined();
    expect(p.description).toContain('no notices');
  });

  test('a refused notice is an error without the number', async () => {
    answer = status('LimitExceeded.PhoneNumberDailyLimit');
    const err = await provider({ noticeTemplateId: '7654321' })
      .sendNotice?.({ to: message.to, template: 'match' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'vendor_rate_limited', status: 429 });
    expect(JSON.stringify({ m: (err as AppError).message, d: (err as AppError).details })).not.toContain(
      message.to,
    );
  });

  test('a malformed recipient is refused before any request, without echoing it', async () => {
    const before = fake.seen.length;
    const err = await provider()
      .send({ ...message, to: '+8613800138000' })
      .catch((e: Error) => e);
    expect((err as Error).message).not.toContain('13800138000');
    expect(fake.seen.length).toBe(before);
  });
});
