import { describe, expect, test, vi } from 'vitest';
import { installPush, type PushScope } from '../sw/push.ts';

/**
 * The service worker's push handling (src/sw/push.ts, built into /sw.js) run against a stand-in for its
 * global scope: what it shows for a push, and what a tap opens.
 */
function loadWorker(language = 'zh-CN') {
  const listeners = new Map<string, (event: unknown) => void>();
  const showNotification = vi.fn(async (_title: string, _options: Record<string, unknown>) => undefined);
  const openWindow = vi.fn(async (_url: string) => null);
  const windows: { url: string; focus: ReturnType<typeof vi.fn>; navigate: ReturnType<typeof vi.fn> }[] = [];
  const self = {
    navigator: { language },
    location: { origin: 'https://yaoyao.example.cn' },
    registration: { showNotification },
    clients: { matchAll: async () => windows, openWindow, claim: async () => undefined },
    skipWaiting: () => undefined,
    addEventListener: (type: string, fn: (event: unknown) => void) => listeners.set(type, fn),
  };
  installPush(self as unknown as PushScope);
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let pending: Promise<unknown> = Promise.resolve();
    listeners.get(type)?.({ ...event, waitUntil: (p: Promise<unknown>) => (pending = p) });
    await pending;
  };
  const push = (payload: unknown) =>
    dispatch('push', { data: { json: () => (typeof payload === 'string' ? JSON.parse(payload) : payload) } });
  const click = (data: unknown) => {
    const close = vi.fn();
    return dispatch('notificationclick', { notification: { data, close } }).then(() => close);
  };
  return { push, click, showNotification, openWindow, windows };
}

const ID = '7d4c2a51-3b8e-4f0a-9a61-2f5b8c1d9e70';

describe('service worker', () => {
  test('a push shows one notification per id (tag), in Chinese, with the in-app path', async () => {
    const sw = loadWorker();
    await sw.push({ id: ID, type: 'match', data: {}, url: `/posts/${ID}` });
    expect(sw.showNotification).toHaveBeenCalledWith('余药互助', {
      body: '附近有信息可能帮到你，点开查看。',
      tag: ID,
      icon: '/favicon.svg',
      data: { url: `/posts/${ID}`, id: ID },
    });
  });

  test('English for an English browser; an unknown type still shows something', async () => {
    const sw = loadWorker('en-GB');
    await sw.push({ id: ID, type: 'something_new', data: {}, url: '/me' });
    expect(sw.showNotification.mock.calls[0]?.[0]).toBe('MedRelay');
    expect(sw.showNotification.mock.calls[0]?.[1]).toMatchObject({ body: 'You have a new notification.' });
  });

  test('a tap opens the path on this site; a payload cannot send anyone elsewhere', async () => {
    const sw = loadWorker();
    const close = await sw.click({ url: `/posts/${ID}` });
    expect(close).toHaveBeenCalled();
    expect(sw.openWindow).toHaveBeenCalledWith(`https://yaoyao.example.cn/posts/${ID}`);
    for (const url of ['https://evil.example/x', '//evil.example/x', 'javascript:alert(1)', undefined]) {
      await sw.click({ url });
      expect(sw.openWindow).toHaveBeenLastCalledWith('https://yaoyao.example.cn/notifications');
    }
  });

  test('a tap focuses an open window of the app and takes it to the page', async () => {
    const sw = loadWorker();
    const focus = vi.fn(async () => undefined);
    const navigate = vi.fn(async () => undefined);
    sw.windows.push({ url: 'https://yaoyao.example.cn/square', focus, navigate });
    await sw.click({ url: '/messages/abc' });
    expect(focus).toHaveBeenCalled();
    expect(navigate).toHaveBeenCalledWith('https://yaoyao.example.cn/messages/abc');
    expect(sw.openWindow).not.toHaveBeenCalled();
  });
});
