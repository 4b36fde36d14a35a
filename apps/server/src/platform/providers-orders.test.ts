import { describe, expect, test } from 'vitest';
import { systemClock } from './clock.ts';
import { loadConfig } from './config.ts';
import { createProviders } from './providers.ts';
import { wechatPayTestKeys } from './vendors/wechat-pay-fake.ts';

describe('configuration of online payment and same-city delivery', () => {
  test('both are off by default: pay at pickup, the pharmacy’s own rider', () => {
    const p = createProviders(loadConfig({}), systemClock);
    expect(p.wechatPay).toBeUndefined();
    expect(p.dada).toBeUndefined();
  });

  test('chosen without credentials, start-up is refused naming each variable', () => {
    expect(() => loadConfig({ PAYMENT_PROVIDER: 'wechat-pay', WECHAT_PAY_MCH_ID: '1900009191' })).toThrow(
      /WECHAT_PAY_APP_ID[\s\S]*WECHAT_PAY_PRIVATE_KEY[\s\S]*WECHAT_PAY_API_V3_KEY[\s\S]*PUBLIC_URL/,
    );
    expect(() => loadConfig({ DELIVERY_PLATFORM: 'dada' })).toThrow(/DADA_APP_KEY[\s\S]*DADA_SHOP_NO/);
    expect(() => loadConfig({ WECHAT_PAY_API_V3_KEY: 'too-short' })).toThrow(/WECHAT_PAY_API_V3_KEY/);
  });

  test('configured, the clients are built with their callback addresses under PUBLIC_URL', () => {
    const keys = wechatPayTestKeys();
    const config = loadConfig({
      PUBLIC_URL: 'https://medrelay.example.cn',
      PAYMENT_PROVIDER: 'wechat-pay',
      WECHAT_PAY_MCH_ID: '1900009191',
      WECHAT_PAY_APP_ID: 'wxd678efh567hg6787',
      WECHAT_PAY_SERIAL_NO: 'SERIAL',
      WECHAT_PAY_PRIVATE_KEY: keys.merchant.privateKeyPem,
      WECHAT_PAY_API_V3_KEY: keys.apiV3Key,
      WECHAT_PAY_PLATFORM_SERIAL: 'PUB_KEY_ID_0114232134912410000',
      WECHAT_PAY_PLATFORM_PUBLIC_KEY: keys.platform.publicKeyPem,
      DELIVERY_PLATFORM: 'dada',
      DADA_APP_KEY: 'k',
      DADA_APP_SECRET: 's',
      DADA_SOURCE_ID: '73753',
      DADA_SHOP_NO: '11047059',
      DADA_CITY_CODE: '0755',
    });
    const p = createProviders(config, systemClock);
    expect(p.wechatPay?.name).toBe('wechat_pay');
    expect(p.dada?.name).toBe('dada');
    const params = p.wechatPay?.clientParams('wx201410272009395522657a690389285100');
    expect(params).toMatchObject({ appId: 'wxd678efh567hg6787', signType: 'RSA' });
  });
});
