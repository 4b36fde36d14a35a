import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Keys {
  encKeyId: string;
  encKey: Buffer;
  hashKey: Buffer;
}

const KEY_FILE = 'keys.json';

function decodeKey(name: string, b64: string): Buffer {
  const key = Buffer.from(b64, 'base64');
  if (key.length !== 32) throw new Error(`${name} must be base64 of 32 bytes`);
  return key;
}

/**
 * Keys come from configuration. On the embedded store they may instead be generated on first start
 * and kept in DATA_DIR (owner-only), so `npm start` works with no set-up; a shared PostgreSQL
 * deployment must be given them, or every process would invent its own.
 */
export function loadKeys(opts: {
  encKey?: string;
  encKeyId: string;
  hashKey?: string;
  dataDir: string;
  allowGenerate: boolean;
}): Keys {
  if (opts.encKey && opts.hashKey) {
    return {
      encKeyId: opts.encKeyId,
      encKey: decodeKey('PHONE_ENC_KEY', opts.encKey),
      hashKey: decodeKey('HASH_KEY', opts.hashKey),
    };
  }
  if (!opts.allowGenerate) {
    throw new Error('PHONE_ENC_KEY and HASH_KEY must be set when DATABASE_URL is used');
  }
  const file = path.join(opts.dataDir, KEY_FILE);
  if (!existsSync(file)) {
    mkdirSync(opts.dataDir, { recursive: true });
    const fresh = {
      encKeyId: 'local1',
      encKey: randomBytes(32).toString('base64'),
      hashKey: randomBytes(32).toString('base64'),
    };
    writeFileSync(file, JSON.stringify(fresh), { mode: 0o600 });
    chmodSync(file, 0o600);
  }
  const stored = JSON.parse(readFileSync(file, 'utf8')) as {
    encKeyId: string;
    encKey: string;
    hashKey: string;
  };
  return {
    encKeyId: stored.encKeyId,
    encKey: decodeKey('encKey', stored.encKey),
    hashKey: decodeKey('hashKey', stored.hashKey),
  };
}

/** Encryption at rest (AES-256-GCM, key id kept for rotation), keyed hashes, and masking. */
export class PersonalData {
  constructor(private readonly keys: Keys) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      this.keys.encKeyId,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      body.toString('base64'),
    ].join(':');
  }

  decrypt(sealed: string): string {
    const [keyId, iv, tag, body] = sealed.split(':');
    if (keyId !== this.keys.encKeyId || !iv || !tag || !body) throw new Error('unknown encryption key id');
    const decipher = createDecipheriv('aes-256-gcm', this.keys.encKey, Buffer.from(iv, 'base64'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for equality look-ups; without the key, a phone hash cannot be brute-forced. */
  hash(purpose: string, value: string): string {
    return createHmac('sha256', this.keys.hashKey).update(`${purpose}\0${value}`).digest('hex');
  }
}

export const maskPhone = (phone: string): string => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
