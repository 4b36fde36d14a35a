import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../testing/test-app.ts';
import { systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { selectRows } from './db/index.ts';
import { createProviders } from './providers.ts';
import { checkRpc, rpcParams } from './vendors/aliyun-rpc-fake.ts';
import { type FakeVendorServer, startFakeVendor } from './vendors/fake-vendor-server.ts';
import { AliyunAxbProvider, TencentFaceIdVerifier, TencentSmsProvider } from './vendors/index.ts';
import { checkTc3, tencentOk } from './vendors/tencent-cloud-fake.ts';

const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

describe('configuration of external providers', () => {
  test('a chosen vendor without credentials is refused at start-up, naming each variable', () => {
    expect(() => loadConfig({ SMS_PROVIDER: 'tencent', TENCENT_SECRET_ID: 'id' })).toThrow(
      /TENCENT_SECRET_KEY[\s\S]*TENCENT_SMS_APP_ID[\s\S]*TENCENT_SMS_SIGN_NAME[\s\S]*TENCENT_SMS_TEMPLATE_ID/,
    );
    expect(() => loadConfig({ PRIVACY_NUMBER: 'aliyun-axb' })).toThrow(/ALIYUN_ACCESS_KEY_ID/);
    expect(() => loadConfig({ PORT: 'abc', DATABASE_URL: 'not a url' })).toThrow(/PORT[\s\S]*DATABASE_URL/);
    // A replica of nothing: the embedded store has no replicas.
    expect(() => loadConfig({ DATABASE_READ_URL: 'postgres://replica/medrelay' })).toThrow(
      /DATABASE_READ_URL/,
    );
    // Several processes cannot share the embedded store.
    expect(() => loadConfig({ SERVER_PROCESSES: '2' })).toThrow(/SERVER_PROCESSES[\s\S]*DATABASE_URL/);
    expect(
      loadConfig({ SERVER_PROCESSES: '2', DATABASE_URL: 'postgres://db/medrelay' }).SERVER_PROCESSES,
    ).toBe(2);
  });

  test('the defaults are the honest local ones; configured vendors get the HTTP adapters', () => {
    const local = createProviders(loadConfig({}), systemClock);
    expect(local.sms.name).toBe('console');
    expect(local.sms.description).toMatch(/NO SMS IS REALLY SENT/);
    expect(local.verifier).toMatchObject({ name: 'format', provesIdentity: false });
    expect(local.privacyNumbers).toBeUndefined();
    const real = createProviders(
      loadConfig({
        SMS_PROVIDER: 'tencent',
        ID_VERIFIER: 'tencent-faceid',
        PRIVACY_NUMBER: 'aliyun-axb',
        TENCENT_SECRET_ID: 'id',
        TENCENT_SECRET_KEY: 'key',
        TENCENT_SMS_APP_ID: '1400000000',
        TENCENT_SMS_SIGN_NAME: '余药互助',
        TENCENT_SMS_TEMPLATE_ID: '100',
        ALIYUN_ACCESS_KEY_ID: 'ak',
        ALIYUN_ACCESS_KEY_SECRET: 'secret',
        ALIYUN_AXB_POOL_KEY: 'FC100000',
      }),
      systemClock,
    );
    expect(real.sms).toBeInstanceOf(TencentSmsProvider);
    expect(real.verifier).toBeInstanceOf(TencentFaceIdVerifier);
    expect(real.privacyNumbers).toBeInstanceOf(AliyunAxbProvider);
  });
});

describe('the platform with real vendor adapters against local fakes', () => {
  const tencent = { secretId: 'AKIDtest', secretKey: 'tencent-secret' };
  const aliyun = { accessKeyId: 'LTAItest', accessKeySecret: 'aliyun-secret' };
  let faceid: FakeVendorServer;
  let axb: FakeVendorServer;
  let t: TestApp;

  test('verification goes to FaceID; a reveal binds a privacy number; erasing releases it', async () => {
    faceid = await startFakeVendor((req) => {
      const bad = checkTc3(req, { ...tencent, service: 'faceid' });
      if (bad) return bad;
      const body = JSON.parse(req.body) as { Name: string };
      return tencentOk({ Result: body.Name === '王五' ? '0' : '-1', Description: 'fake' });
    });
    let bindings = 0;
    axb = await startFakeVendor((req) => {
      const bad = checkRpc(req, aliyun);
      if (bad) return bad;
      const p = rpcParams(req);
      if (p.Action === 'BindAxb') {
        bindings++;
        return {
          json: {
            Code: 'OK',
            Message: 'OK',
            RequestId: 'r',
            SecretBindDTO: { SubsId: `subs-${bindings}`, SecretNo: '17012340000' },
          },
        };
      }
      return { json: { Code: 'OK', Message: 'OK', RequestId: 'r' } };
    });
    open.push(faceid, axb);
    t = await testApp({
      deps: {
        verifier: new TencentFaceIdVerifier({ ...tencent, endpoint: faceid.endpoint, timeoutMs: 2000 }),
        privacyNumbers: new AliyunAxbProvider({
          ...aliyun,
          poolKey: 'FC100000',
          endpoint: axb.endpoint,
          timeoutMs: 2000,
        }),
      },
    });
    open.push(t);

    const owner = await t.as.resident({ verified: false });
    const mismatch = await owner.post('/api/v1/me/verification', { name: '赵六', idNumber: t.newIdNumber() });
    expect(mismatch.statusCode).toBe(400);
    expect(mismatch.json().error.code).toBe('identity_mismatch');
    const ok = await owner.post('/api/v1/me/verification', { name: '王五', idNumber: t.newIdNumber() });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().verification).toMatchObject({ method: 'tencent-faceid', identityProven: true });

    const helper = await t.as.resident({ verified: false });
    await helper.post('/api/v1/me/verification', { name: '王五', idNumber: t.newIdNumber() });
    const post = await owner.createOffer();
    const reveal = await helper.post(`/api/v1/posts/${post.id}/contact`);
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json()).toMatchObject({ phone: '17012340000', via: 'privacy_number' });
    expect(reveal.body).not.toContain(owner.phone);
    const bind = axb.seen.find((r) => rpcParams(r).Action === 'BindAxb');
    expect(rpcParams(bind as never)).toMatchObject({
      PhoneNoA: owner.phone,
      PhoneNoB: helper.phone,
      PoolKey: 'FC100000',
    });
    // Asking again reuses the binding.
    expect((await helper.post(`/api/v1/posts/${post.id}/contact`)).json().phone).toBe('17012340000');
    expect(bindings).toBe(1);

    expect((await owner.del('/api/v1/me')).statusCode).toBe(204);
    expect(
      axb.seen.some((r) => rpcParams(r).Action === 'UnbindSubscription' && rpcParams(r).SubsId === 'subs-1'),
    ).toBe(true);
    expect(await selectRows(t.store.db, sql`SELECT * FROM privacy_bindings`)).toEqual([]);
  });
});
