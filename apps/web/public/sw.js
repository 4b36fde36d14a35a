/* MedRelay service worker: shows Web Push notifications and opens their page on a tap.
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
};

const texts = () => (/^zh/i.test(self.navigator.language || 'zh') ? TEXTS.zh : TEXTS.en);

// Only a path on this site is opened: a payload can never send someone elsewhere.
const safePath = (url) => (typeof url === 'string' && /^\/(?!\/)/.test(url) ? url : '/notifications');

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

self.addEventListener('push', (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = {};
  }
  const t = texts();
  const body = Object.hasOwn(t, payload.type) && payload.type !== 'title' ? t[payload.type] : t.other;
  event.waitUntil(
    self.registration.showNotification(t.title, {
      body,
      tag: typeof payload.id === 'string' ? payload.id : undefined,
      icon: '/favicon.svg',
      data: { url: safePath(payload.url), id: payload.id },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const target = new URL(
    safePath(event.notification.data && event.notification.data.url),
    self.location.origin,
  );
  event.waitUntil(
    (async () => {
      const open = await self.clients.matchAll({ type: 'window', includeUncontrolled: true });
      for (const client of open) {
        if (new URL(client.url).origin === target.origin && 'focus' in client) {
          await client.focus();
          if ('navigate' in client) await client.navigate(target.href);
          return;
        }
      }
      await self.clients.openWindow(target.href);
    })(),
  );
});
