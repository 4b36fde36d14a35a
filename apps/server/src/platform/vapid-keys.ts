import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

/** The server's identity towards push services (RFC 8292): a P-256 key pair and a contact. */
export interface VapidKeys {
  /** Uncompressed P-256 point, base64url (65 bytes): the browser's applicationServerKey. */
  publicKey: string;
  /** base64url of 32 bytes. */
  privateKey: string;
  /** `mailto:` or `https:`; push services contact it when this server misbehaves. */
  subject: string;
}

const KEY_FILE = 'vapid.json';

const bytes = (b64url: string) => Buffer.from(b64url, 'base64url').length;
/** True when the pair has the shapes web-push and the browsers expect. */
export const isVapidPair = (publicKey: string, privateKey: string) =>
  /^[A-Za-z0-9_-]+$/.test(publicKey) &&
  /^[A-Za-z0-9_-]+$/.test(privateKey) &&
  bytes(publicKey) === 65 &&
  Buffer.from(publicKey, 'base64url')[0] === 4 &&
  bytes(privateKey) === 32;

/**
 * VAPID keys come from configuration. On the embedded store they may instead be generated on first
 * start into DATA_DIR (owner-only), like the personal-data keys. With DATABASE_URL and no keys, Web
 * Push is off (undefined): processes that each invented a key pair would refuse each other's
 * subscriptions, and a push channel is not worth refusing to start for.
 */
export function loadVapidKeys(opts: {
  publicKey?: string;
  privateKey?: string;
  subject: string;
  dataDir: string;
  allowGenerate: boolean;
}): VapidKeys | undefined {
  if (opts.publicKey && opts.privateKey) {
    return { publicKey: opts.publicKey, privateKey: opts.privateKey, subject: opts.subject };
  }
  if (!opts.allowGenerate) return undefined;
  const file = path.join(opts.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(webpush.generateVAPIDKeys()), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as { publicKey: string; privateKey: string };
  if (!isVapidPair(stored.publicKey, stored.privateKey)) throw new Error(`${file} holds no VAPID key pair`);
  return { publicKey: stored.publicKey, privateKey: stored.privateKey, subject: opts.subject };
}
