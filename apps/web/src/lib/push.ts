/**
 * Browser push for this device: the service worker at /sw.js shows what the server pushes; this
 * subscribes it with the server's VAPID key and tells the server where to send.
 */
import { api } from './api-client.ts';

const SW_URL = '/sw.js';

/** Web Push needs a secure page (https or localhost), a service worker, the Push API and notifications. */
export const pushSupported = (): boolean =>
  typeof window !== 'undefined' &&
  window.isSecureContext &&
  'serviceWorker' in navigator &&
  'PushManager' in window &&
  'Notification' in window;

const urlBase64ToUint8Array = (base64: string): Uint8Array<ArrayBuffer> => {
  const padded = `${base64}${'='.repeat((4 - (base64.length % 4)) % 4)}`
    .replace(/-/g, '+')
    .replace(/_/g, '/');
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
};

const sameBytes = (a: ArrayBuffer | null | undefined, b: Uint8Array) => {
  if (!a || a.byteLength !== b.byteLength) return false;
  const view = new Uint8Array(a);
  return view.every((v, i) => v === b[i]);
};

/**
 * Asks for permission, subscribes and tells the server; false when the person said no. A
 * subscription made with another server key (the server's keys changed) is replaced.
 */
export async function enablePush(): Promise<boolean> {
  if (!pushSupported()) return false;
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return false;
  // The key first: a server without Web Push answers push_not_enabled before anything is installed.
  const { publicKey } = await api<{ publicKey: string }>('/push/key');
  const serverKey = urlBase64ToUint8Array(publicKey);
  await navigator.serviceWorker.register(SW_URL, { scope: '/' });
  const registration = await navigator.serviceWorker.ready;
  let subscription = await registration.pushManager.getSubscription();
  if (subscription && !sameBytes(subscription.options.applicationServerKey, serverKey)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: serverKey,
  });
  // The server takes the endpoint and the two keys, nothing else (toJSON() also has expirationTime).
  const json = subscription.toJSON();
  await api<null>('/me/push-subscriptions', {
    method: 'POST',
    body: { endpoint: subscription.endpoint, keys: { p256dh: json.keys?.p256dh, auth: json.keys?.auth } },
  });
  return true;
}

/** Tells the server to forget this browser, then unsubscribes it. */
export async function disablePush(): Promise<void> {
  if (!pushSupported()) return;
  const registration = await navigator.serviceWorker.getRegistration('/');
  const subscription = await registration?.pushManager.getSubscription();
  if (!subscription) return;
  await api<void>('/me/push-subscriptions', { method: 'DELETE', body: { endpoint: subscription.endpoint } });
  await subscription.unsubscribe();
}
