import { afterEach, describe, expect, test, vi } from 'vitest';
import { disablePush, enablePush, pushSupported } from './push.ts';

const SERVER_KEY = Buffer.from(Uint8Array.from({ length: 65 }, (_, i) => (i === 0 ? 4 : i))).toString(
  'base64url',
);

function fakeSubscription(key: Uint8Array, endpoint = 'https://push.example.com/sub/1') {
  return {
    endpoint,
    options: { applicationServerKey: key.buffer },
    unsubscribe: vi.fn(async () => true),
    toJSON: () => ({ endpoint, expirationTime: null, keys: { p256dh: 'BPub', auth: 'authSecret' } }),
  };
}

/** A browser with service workers and the Push API, and a server answering the push routes. */
function browser(opts: {
  permission?: NotificationPermission;
  existing?: ReturnType<typeof fakeSubscription>;
}) {
  const calls: { method: string; url: string; body?: unknown }[] = [];
  let current = opts.existing ?? null;
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (o: { applicationServerKey: Uint8Array }) => {
      current = fakeSubscription(o.applicationServerKey, 'https://push.example.com/sub/new');
      return current;
    }),
  };
  const registration = { pushManager };
  vi.stubGlobal('window', { isSecureContext: true, PushManager: class {}, Notification: class {} });
  vi.stubGlobal('Notification', { requestPermission: async () => opts.permission ?? 'granted' });
  vi.stubGlobal('navigator', {
    serviceWorker: {
      register: vi.fn(async () => registration),
      ready: Promise.resolve(registration),
      getRegistration: vi.fn(async () => registration),
    },
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      calls.push({
        method: init.method ?? 'GET',
        url,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      });
      if (url.endsWith('/push/key'))
        return new Response(JSON.stringify({ publicKey: SERVER_KEY }), { status: 200 });
      return new Response(null, { status: init.method === 'DELETE' ? 204 : 201 });
    }),
  );
  return { calls, pushManager };
}

afterEach(() => vi.unstubAllGlobals());

describe('push helper', () => {
  test('is supported only on a secure page with service workers and the Push API', () => {
    browser({});
    expect(pushSupported()).toBe(true);
    vi.stubGlobal('window', { isSecureContext: false, PushManager: class {}, Notification: class {} });
    expect(pushSupported()).toBe(false);
  });

  test('subscribes with the server key and sends the endpoint and the two keys only', async () => {
    const { calls, pushManager } = browser({});
    expect(await enablePush()).toBe(true);
    const key = pushManager.subscribe.mock.calls[0]?.[0].applicationServerKey as Uint8Array;
    expect(Buffer.from(key).toString('base64url')).toBe(SERVER_KEY);
    expect(calls.at(-1)).toEqual({
      method: 'POST',
      url: '/api/v1/me/push-subscriptions',
      body: { endpoint: 'https://push.example.com/sub/new', keys: { p256dh: 'BPub', auth: 'authSecret' } },
    });
  });

  test('a subscription made with an old server key is replaced', async () => {
    const old = fakeSubscription(new Uint8Array(65).fill(9));
    const { pushManager } = browser({ existing: old });
    await enablePush();
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(pushManager.subscribe).toHaveBeenCalledTimes(1);
  });

  test('a person who says no is not subscribed and the server is not told', async () => {
    const { calls, pushManager } = browser({ permission: 'denied' });
    expect(await enablePush()).toBe(false);
    expect(pushManager.subscribe).not.toHaveBeenCalled();
    expect(calls).toEqual([]);
  });

  test('disabling tells the server to forget this browser, then unsubscribes', async () => {
    const existing = fakeSubscription(Buffer.from(SERVER_KEY, 'base64url'));
    const { calls } = browser({ existing });
    await disablePush();
    expect(calls).toEqual([
      { method: 'DELETE', url: '/api/v1/me/push-subscriptions', body: { endpoint: existing.endpoint } },
    ]);
    expect(existing.unsubscribe).toHaveBeenCalled();
  });
});
