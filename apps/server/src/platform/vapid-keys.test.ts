import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import webpush from 'web-push';
import { loadConfig } from './config.ts';
import { isVapidPair, loadVapidKeys } from './vapid-keys.ts';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'medrelay-vapid-'));
const subject = 'mailto:ops@medrelay.example';

describe('VAPID keys', () => {
  test('on the embedded store they are generated once into DATA_DIR, owner-only, and kept', () => {
    const dataDir = tmp();
    const first = loadVapidKeys({ subject, dataDir, allowGenerate: true });
    expect(first && isVapidPair(first.publicKey, first.privateKey)).toBe(true);
    const file = path.join(dataDir, 'vapid.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadVapidKeys({ subject, dataDir, allowGenerate: true })).toEqual(first);
    expect(JSON.parse(readFileSync(file, 'utf8')).publicKey).toBe(first?.publicKey);
  });

  test('keys from the environment win, and nothing is written', () => {
    const dataDir = tmp();
    const given = webpush.generateVAPIDKeys();
    expect(loadVapidKeys({ ...given, subject, dataDir, allowGenerate: true })).toEqual({ ...given, subject });
    expect(() => statSync(path.join(dataDir, 'vapid.json'))).toThrow();
  });

  test('with DATABASE_URL and no keys, Web Push is off rather than one key pair per process', () => {
    expect(loadVapidKeys({ subject, dataDir: tmp(), allowGenerate: false })).toBeUndefined();
  });

  test('config names a missing or malformed VAPID key, and a partial WeChat set', () => {
    const { publicKey, privateKey } = webpush.generateVAPIDKeys();
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: publicKey })).toThrow(/VAPID_PRIVATE_KEY: required/);
    expect(() => loadConfig({ VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: 'abc' })).toThrow(
      /VAPID_PUBLIC_KEY: VAPID keys must be base64url/,
    );
    expect(() => loadConfig({ VAPID_SUBJECT: 'ops@example.com' })).toThrow(/VAPID_SUBJECT/);
    // WeChat login needs the app's id and secret; subscribe messages need them too, and a template.
    expect(() => loadConfig({ WECHAT_APP_ID: 'wx1' })).toThrow(/WECHAT_APP_SECRET: required/);
    expect(() => loadConfig({ WECHAT_SUBSCRIBE_TEMPLATE_ID: 't1' })).toThrow(
      /WECHAT_APP_ID[\s\S]*WECHAT_APP_SECRET/,
    );
    const ok = loadConfig({ VAPID_PUBLIC_KEY: publicKey, VAPID_PRIVATE_KEY: privateKey });
    expect(ok.vapidSubject).toMatch(/^mailto:/);
    expect(loadConfig({ PUBLIC_URL: 'https://yaoyao.example.cn' }).vapidSubject).toBe(
      'https://yaoyao.example.cn',
    );
  });
});
