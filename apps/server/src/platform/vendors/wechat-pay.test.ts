import { createPublicKey, createVerify, generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  authorization,
  decryptResource,
  encryptResource,
  parseAuthorization,
  verifyWechatpaySignature,
  WechatPayClient,
  WechatPayError,
  wechatpaySignatureHeaders,
} from './wechat-pay.ts';
import { type FakeWechatPay, startFakeWechatPay } from './wechat-pay-fake.ts';

let fake: FakeWechatPay;
let client: WechatPayClient;
beforeAll(async () => {
  fake = await startFakeWechatPay();
  client = new WechatPayClient(fake.options);
});
afterAll(() => fake.close());

describe('WeChat Pay API v3 signing', () => {
  test('the Authorization header carries the five fields and a signature over the documented message', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const header = authorization(
      { method: 'POST', pathAndQuery: '/v3/pay/transactions/jsapi', body: '{"a":1}' },
      { mchid: '1900009191', serialNo: 'SERIAL', privateKey },
      'NONCE',
      1554208460,
    );
    expect(
      header.startsWith('WECHATPAY2-SHA256-RSA2048 mchid="1900009191",nonce_str="NONCE",signature="'),
    ).toBe(true);
    const f = parseAuthorization(header) as Record<string, string>;
    expect(f).toMatchObject({
      mchid: '1900009191',
      nonce_str: 'NONCE',
      timestamp: '1554208460',
      serial_no: 'SERIAL',
    });
    // The signature is the one WeChat Pay checks: RSA-SHA256 over METHOD\nPATH\nTS\nNONCE\nBODY\n.
    const message = 'POST\n/v3/pay/transactions/jsapi\n1554208460\nNONCE\n{"a":1}\n';
    expect(
      createVerify('RSA-SHA256')
        .update(message)
        .verify(publicKey, f.signature as string, 'base64'),
    ).toBe(true);
    expect(
      createVerify('RSA-SHA256')
        .update(`${message} `)
        .verify(publicKey, f.signature as string, 'base64'),
    ).toBe(false);
  });

  test('a signed notice verifies; a changed body, another key, an old timestamp or another serial do not', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = 1_700_000_000;
    const body = '{"id":"1"}';
    const headers = wechatpaySignatureHeaders(body, { serial: 'P1', privateKey }, now);
    const key = { serial: 'P1', publicKey };
    expect(verifyWechatpaySignature(headers, body, key, now)).toBe(true);
    expect(verifyWechatpaySignature(headers, '{"id":"2"}', key, now)).toBe(false);
    expect(verifyWechatpaySignature(headers, body, { serial: 'P1', publicKey: other.publicKey }, now)).toBe(
      false,
    );
    expect(verifyWechatpaySignature(headers, body, key, now + 301)).toBe(false);
    expect(verifyWechatpaySignature(headers, body, { ...key, serial: 'P2' }, now)).toBe(false);
    expect(verifyWechatpaySignature({ ...headers, 'wechatpay-signature': undefined }, body, key, now)).toBe(
      false,
    );
  });

  test('AEAD_AES_256_GCM resources decrypt with the APIv3 key; a flipped byte or another key fail', () => {
    const key = 'medrelayTestApiV3Key0123456789AB';
    const r = encryptResource('{"out_trade_no":"T1"}', key, 'transaction');
    expect(r.nonce).toHaveLength(12);
    expect(decryptResource(r, key)).toBe('{"out_trade_no":"T1"}');
    const bytes = Buffer.from(r.ciphertext, 'base64');
    bytes[0] = (bytes[0] as number) ^ 1;
    expect(() => decryptResource({ ...r, ciphertext: bytes.toString('base64') }, key)).toThrow();
    expect(() => decryptResource(r, 'anotherApiV3Key0123456789ABCDEFG')).toThrow();
    expect(() => decryptResource({ ...r, associated_data: 'refund' }, key)).toThrow();
  });
});

describe('the client against the local fake (which checks every signature)', () => {
  test('prepay, pay, query, and a callback that parses; paySign verifies with the merchant key', async () => {
    const { prepayId } = await client.jsapiPrepay({
      outTradeNo: 'MR0001',
      description: '南山大药房 订单',
      totalFen: 2580,
      openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o',
    });
    expect(prepayId).toMatch(/^wx/);
    const seen = fake.seen.at(-1);
    expect(JSON.parse(seen?.body ?? '{}')).toMatchObject({
      amount: { total: 2580, currency: 'CNY' },
      payer: { openid: 'oUpF8uMuAJO_M2pxb1Q9zNjWeS6o' },
      notify_url: fake.options.notifyUrl,
    });
    const params = client.clientParams(prepayId);
    expect(params).toMatchObject({
      appId: fake.options.appid,
      package: `prepay_id=${prepayId}`,
      signType: 'RSA',
    });
    const ok = createVerify('RSA-SHA256')
      .update(`${params.appId}\n${params.timeStamp}\n${params.nonceStr}\n${params.package}\n`)
      .verify(generatePublicFrom(fake.options.privateKeyPem), params.paySign, 'base64');
    expect(ok).toBe(true);

    expect((await client.query('MR0001')).trade_state).toBe('NOTPAY');
    const notice = fake.pay('MR0001');
    const parsed = client.parseNotice(notice.headers, notice.body);
    expect(parsed?.eventType).toBe('TRANSACTION.SUCCESS');
    expect(parsed?.transaction).toMatchObject({
      out_trade_no: 'MR0001',
      trade_state: 'SUCCESS',
      amount: { total: 2580 },
    });
    expect((await client.query('MR0001')).trade_state).toBe('SUCCESS');
    // A notice with its body changed after signing is not believed.
    expect(client.parseNotice(notice.headers, notice.body.replace('SUCCESS', 'SUCCESS '))).toBeUndefined();
  });

  test('refunds: accepted once per out_refund_no, above the order refused', async () => {
    await client.jsapiPrepay({ outTradeNo: 'MR0002', description: 'x', totalFen: 1000, openid: 'o1' });
    fake.pay('MR0002');
    const r = await client.refund({
      outTradeNo: 'MR0002',
      outRefundNo: 'R1',
      refundFen: 600,
      totalFen: 1000,
    });
    expect(r.status).toBe('PROCESSING');
    const again = await client.refund({
      outTradeNo: 'MR0002',
      outRefundNo: 'R1',
      refundFen: 600,
      totalFen: 1000,
    });
    expect(again.refundId).toBe(r.refundId);
    await expect(
      client.refund({ outTradeNo: 'MR0002', outRefundNo: 'R2', refundFen: 500, totalFen: 1000 }),
    ).rejects.toBeInstanceOf(WechatPayError);
  });

  test('a request signed with another merchant key is refused by the fake with SIGN_ERROR', async () => {
    const wrong = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const bad = new WechatPayClient({
      ...fake.options,
      privateKeyPem: wrong.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    });
    const before = fake.refusedSignatures;
    await expect(bad.query('MR0001')).rejects.toMatchObject({ httpStatus: 401, code: 'SIGN_ERROR' });
    expect(fake.refusedSignatures).toBe(before + 1);
  });

  test('an answer not signed by the platform key is not believed', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const doubting = new WechatPayClient({
      ...fake.options,
      platformPublicKeyPem: other.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    });
    await expect(doubting.query('MR0001')).rejects.toMatchObject({
      name: 'VendorFailure',
      reason: 'bad_response',
    });
  });
});

function generatePublicFrom(privatePem: string) {
  // The merchant's public key, derived from its private key.
  return createPublicKey(privatePem);
}
