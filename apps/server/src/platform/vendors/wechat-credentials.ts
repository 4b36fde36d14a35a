import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { VendorFailure } from './vendor-http.ts';

/** A credential WeChat hands out for a while (access_token, jsapi_ticket) and how long it lasts. */
export interface IssuedCredential {
  value: string;
  /** Seconds, as WeChat answers in expires_in. */
  expiresIn: number;
}

// Refresh this long before WeChat says the credential expires (both last 7200 s).
export const CREDENTIAL_MARGIN_MS = 5 * 60_000;
// How long a process holds the Redis refresh lock at most (a refresh that dies frees it by then).
const LOCK_MS = 10_000;
// How often a process that did not get the lock looks for the token its peer is fetching.
const POLL_MS = 25;

/**
 * Keeps one WeChat credential (an app's access_token, or its jsapi_ticket) until shortly before it
 * expires. Every new access_token replaces the previous one at WeChat, so refreshing must happen once
 * for everyone: concurrent callers in this process share one request (single flight) and, with
 * Redis, processes share the value and take a lock (SET NX PX) so that only one of them asks WeChat;
 * the others wait for the value to appear.
 */
export class SharedCredential {
  private cached: { value: string; expiresAt: number } | undefined;
  private fetching: Promise<string> | undefined;

  constructor(
    private readonly opts: {
      /** Redis key of the value; the lock is the same key with `:lock`. */
      key: string;
      fetch: () => Promise<IssuedCredential>;
      now: () => number;
      redis?: Redis;
      /** How long a waiter waits for a peer's refresh before it gives up. */
      waitMs?: number;
    },
  ) {}

  /** The current value; a new one if it expires soon, or if `rejected` (WeChat refused it) is current. */
  async get(rejected?: string): Promise<string> {
    const c = this.cached;
    if (c && c.expiresAt > this.opts.now() && c.value !== rejected) return c.value;
    this.fetching ??= this.refresh(rejected).finally(() => {
      this.fetching = undefined;
    });
    return this.fetching;
  }

  private async refresh(rejected: string | undefined): Promise<string> {
    const redis = this.opts.redis;
    if (!redis) return this.store(await this.opts.fetch());
    const shared = await this.readShared(rejected);
    if (shared) return shared;
    const lockKey = `${this.opts.key}:lock`;
    const nonce = randomBytes(12).toString('hex');
    // Wall time, not the injected clock: tests freeze that one.
    const deadline = Date.now() + (this.opts.waitMs ?? LOCK_MS);
    for (;;) {
      const locked = await redis.set(lockKey, nonce, 'PX', LOCK_MS, 'NX');
      if (locked === 'OK') {
        try {
          // A peer may have finished between our read and our lock.
          const again = await this.readShared(rejected);
          if (again) return again;
          const fresh = await this.opts.fetch();
          const value = this.store(fresh);
          await redis.set(
            this.opts.key,
            JSON.stringify(this.cached),
            'PX',
            Math.max(1, fresh.expiresIn * 1000 - CREDENTIAL_MARGIN_MS),
          );
          return value;
        } finally {
          // Only our own lock: if it timed out and a peer holds it now, leave theirs.
          await redis.eval(
            "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
            1,
            lockKey,
            nonce,
          );
        }
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
      const got = await this.readShared(rejected);
      if (got) return got;
      if (Date.now() > deadline) throw new VendorFailure('timeout');
    }
  }

  private async readShared(rejected: string | undefined): Promise<string | undefined> {
    const raw = await this.opts.redis?.get(this.opts.key);
    if (!raw) return undefined;
    const parsed = JSON.parse(raw) as { value: string; expiresAt: number };
    if (parsed.value === rejected || parsed.expiresAt <= this.opts.now()) return undefined;
    this.cached = parsed;
    return parsed.value;
  }

  private store(fresh: IssuedCredential): string {
    this.cached = {
      value: fresh.value,
      expiresAt: this.opts.now() + fresh.expiresIn * 1000 - CREDENTIAL_MARGIN_MS,
    };
    return fresh.value;
  }
}
