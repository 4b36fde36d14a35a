/* Web Push in the service worker: shows the server's notifications and opens their page on a tap.
 *
 * The push payload is {id, type, data, url} (the server's PushPayload): ids and data only, never a
 * name, a phone number or a place, so the words are made here. `tag: id` makes a notification sent
 * twice (a retry after a crash) replace itself instead of showing twice.
 */

const TEXTS = {
  zh: {
    title: '余药互助',
    match: '附近有信息可能帮到你，点开查看。',
    alert: '你关注的药品有新信息。',
    message: '你收到一条新留言。',
    contact_revealed: '有人查看了你的联系方式。',
    post_expiring: '你的信息即将到期，点开可延期。',
    post_held: '你的信息正在审核。',
    post_approved: '你的信息已通过审核。',
    post_removed: '你的信息已被下架。',
    report_resolved: '你的举报已处理。',
    other: '你有一条新通知。',
  },
  en: {
    title: 'MedRelay',
    match: 'A post nearby may help you. Tap to see it.',
    alert: 'There is news about a medicine you follow.',
    message: 'You have a new message.',
    contact_revealed: 'Someone viewed your contact.',
    post_expiring: 'Your post expires soon. Tap to renew it.',
    post_held: 'Your post is being reviewed.',
    post_approved: 'Your post was approved.',
    post_removed: 'Your post was removed.',
    report_resolved: 'Your report was acted on.',
    other: 'You have a new notification.',
  },
} as const;

interface WindowLike {
  url: string;
  focus?: () => Promise<unknown>;
  navigate?: (url: string) => Promise<unknown>;
}

interface Extendable {
  waitUntil(promise: Promise<unknown>): void;
}

/** The part of ServiceWorkerGlobalScope this uses, so a unit test can stand in for it. */
export interface PushScope {
  navigator: { language?: string };
  location: { origin: string };
  registration: { showNotification(title: string, options: Record<string, unknown>): Promise<unknown> };
  clients: {
    matchAll(options: { type: 'window'; includeUncontrolled: boolean }): Promise<readonly WindowLike[]>;
    openWindow(url: string): Promise<unknown>;
  };
  addEventListener(type: string, listener: (event: never) => void): void;
}

// Only a path on this site is opened: a payload can never send someone elsewhere.
export const safePath = (url: unknown): string =>
  typeof url === 'string' && /^\/(?!\/)/.test(url) ? url : '/notifications';

export function installPush(scope: PushScope): void {
  const texts = () => (/^zh/i.test(scope.navigator.language || 'zh') ? TEXTS.zh : TEXTS.en);

  scope.addEventListener('push', (event: Extendable & { data?: { json(): unknown } | null }) => {
    let payload: { id?: unknown; type?: unknown; url?: unknown } = {};
    try {
      payload = (event.data ? event.data.json() : {}) as typeof payload;
    } catch {
      payload = {};
    }
    const t: Record<string, string> = texts();
    const type = typeof payload.type === 'string' ? payload.type : '';
    const body = Object.hasOwn(t, type) && type !== 'title' ? (t[type] as string) : t.other;
    event.waitUntil(
      scope.registration.showNotification(t.title as string, {
        body,
        tag: typeof payload.id === 'string' ? payload.id : undefined,
        icon: '/favicon.svg',
        data: { url: safePath(payload.url), id: payload.id },
      }),
    );
  });

  scope.addEventListener(
    'notificationclick',
    (event: Extendable & { notification: { close(): void; data?: { url?: unknown } } }) => {
      event.notification.close();
      const target = new URL(safePath(event.notification.data?.url), scope.location.origin);
      event.waitUntil(
        (async () => {
          const open = await scope.clients.matchAll({ type: 'window', includeUncontrolled: true });
          for (const client of open) {
            if (new URL(client.url).origin === target.origin && client.focus) {
              await client.focus();
              if (client.navigate) await client.navigate(target.href);
              return;
            }
          }
          await scope.clients.openWindow(target.href);
        })(),
      );
    },
  );
}
