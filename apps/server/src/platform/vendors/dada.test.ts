import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DadaClient, DadaError, dadaCallbackSignature, dadaSignature } from './dada.ts';
import { type FakeDada, startFakeDada } from './dada-fake.ts';

let fake: FakeDada;
let client: DadaClient;
const options = () => ({
  appKey: fake.appKey,
  appSecret: fake.appSecret,
  sourceId: fake.sourceId,
  shopNo: '11047059',
  cityCode: '0755',
  callbackUrl: 'http://127.0.0.1/api/v1/deliveries/dada/notify',
  endpoint: fake.endpoint,
});
beforeAll(async () => {
  fake = await startFakeDada();
  client = new DadaClient(options());
});
afterAll(() => fake.close());

describe('达达 open API', () => {
  test('the request signature is MD5(secret + sorted name+value pairs + secret), upper case', () => {
    const fields = { v: '1.0', app_key: 'k', body: '{}', format: 'json', source_id: '1', timestamp: '1' };
    // By hand: secret + app_keyk body{} formatjson source_id1 timestamp1 v1.0 + secret.
    expect(dadaSignature(fields, 's')).toBe(
      createHash('md5')
        .update('sapp_keykbody{}formatjsonsource_id1timestamp1v1.0s')
        .digest('hex')
        .toUpperCase(),
    );
    // The callback signature sorts the three values as strings before joining them.
    expect(dadaCallbackSignature({ client_id: 'b', order_id: 'a', update_time: 1 })).toBe(
      createHash('md5').update('1ab').digest('hex'),
    );
  });

  test('addOrder and status query go through the signature check; a wrong secret is refused', async () => {
    const placed = await client.addOrder({
      originId: 'order-1',
      cargoPriceYuan: 25.8,
      receiverName: '居民',
      receiverAddress: '南山区科技园 1 栋 101',
      receiverPhone: '13800000000',
      receiverLat: 22.53,
      receiverLng: 113.93,
    });
    expect(placed.fee).toBe(6.5);
    const sent = JSON.parse(JSON.parse(fake.seen.at(-1)?.body ?? '{}').body);
    expect(sent).toMatchObject({
      shop_no: '11047059',
      origin_id: 'order-1',
      callback: options().callbackUrl,
    });
    expect((await client.queryStatus('order-1')).statusCode).toBe(1);
    fake.move('order-1', 3);
    expect((await client.queryStatus('order-1')).statusCode).toBe(3);
    const wrong = new DadaClient({ ...options(), appSecret: 'not-the-secret' });
    const before = fake.refusedSignatures;
    await expect(wrong.queryStatus('order-1')).rejects.toEqual(new DadaError(2005));
    expect(fake.refusedSignatures).toBe(before + 1);
  });
});
