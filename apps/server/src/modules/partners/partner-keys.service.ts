import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { ApiKeyCreateBody, ApiKeyView, Scope } from '@medrelay/contracts';
import type { z } from 'zod';
import { type Clock, chinaDate, secondsUntilChinaMidnight } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import type { PartnerAccess } from './partner-access.ts';
import { type ApiKeyRow, type PartnerRow, partnersRepo as repo } from './partners.repo.ts';

// Defaults for a new key: generous for a street office's H5 page, bounded for abuse.
export const KEY_LIMITS = { perMinute: 120, perDay: 20_000 };

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface AuthenticatedKey {
  key: ApiKeyRow;
  partner: PartnerRow;
}

/** API keys: issued, rotated and revoked by developers, shown once, stored as a hash, counted per day. */
export function createPartnerKeysService(deps: { db: Db; clock: Clock; access: PartnerAccess }) {
  const { db, clock, access } = deps;

  function newKey(kind: 'secret' | 'publishable') {
    const id = randomBytes(4).toString('hex');
    const prefix = `mr_${kind === 'secret' ? 'sk' : 'pk'}_${id}`;
    return { prefix, key: `${prefix}_${randomBytes(24).toString('base64url')}` };
  }

  async function keyViews(rows: ApiKeyRow[]): Promise<ApiKeyView[]> {
    const usage = await repo.usage(
      db,
      rows.map((r) => r.id),
      chinaDate(clock.now()),
    );
    return rows.map((k) => {
      const u = usage.find((x) => x.key_id === k.id);
      return {
        id: k.id,
        name: k.name,
        kind: k.kind,
        prefix: k.prefix,
        scopes: k.scopes as Scope[],
        perMinute: k.perMinute,
        perDay: k.perDay,
        createdAt: k.createdAt.toISOString(),
        revokedAt: k.revokedAt?.toISOString() ?? null,
        lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
        usageToday: u?.today ?? 0,
        usageTotal: u?.total ?? 0,
      };
    });
  }

  async function issueKey(
    partnerId: string,
    body: { name: string; kind: 'secret' | 'publishable'; scopes: Scope[] },
  ) {
    // A publishable key sits in a web page for anyone to read: it may only read public posts.
    if (body.kind === 'publishable' && body.scopes.some((s) => s !== 'posts:read')) {
      throw new AppError('scope_not_allowed', 400, { field: 'scopes' });
    }
    const { prefix, key } = newKey(body.kind);
    const row: ApiKeyRow = {
      id: randomUUID(),
      partnerId,
      kind: body.kind,
      name: body.name,
      prefix,
      keyHash: hashKey(key),
      scopes: [...new Set(body.scopes)],
      ...KEY_LIMITS,
      createdAt: clock.now(),
      revokedAt: null,
      lastUsedAt: null,
      replacedBy: null,
    };
    await repo.insertKey(db, row);
    const [v] = await keyViews([row]);
    return { ...(v as ApiKeyView), key };
  }

  return {
    async keys(user: User, id: string) {
      await access.asMember(user, id, 'viewer');
      return keyViews(await repo.keys(db, id));
    },
    async createKey(user: User, id: string, body: z.output<typeof ApiKeyCreateBody>) {
      const { partner } = await access.asMember(user, id, 'developer');
      if (partner.status !== 'approved') throw new AppError('partner_not_approved', 409);
      return issueKey(id, body);
    },
    async rotateKey(user: User, id: string, keyId: string) {
      await access.asMember(user, id, 'developer');
      const old = await repo.findKey(db, id, keyId);
      if (!old || old.revokedAt) throw new AppError('not_found', 404);
      const fresh = await issueKey(id, { name: old.name, kind: old.kind, scopes: old.scopes as Scope[] });
      await repo.revokeKey(db, old.id, clock.now(), fresh.id);
      return fresh;
    },
    async revokeKey(user: User, id: string, keyId: string) {
      await access.asMember(user, id, 'developer');
      const old = await repo.findKey(db, id, keyId);
      if (!old) throw new AppError('not_found', 404);
      await repo.revokeKey(db, old.id, clock.now());
    },
    /**
     * Checks a presented key: known, not revoked, partner approved. API calls count against the key's
     * day (`count`); widget page views do not, so a busy widget never vanishes in the evening.
     */
    async authenticateKey(
      presented: string | undefined,
      opts: { count?: boolean } = {},
    ): Promise<AuthenticatedKey> {
      if (!presented) throw new AppError('api_key_missing', 401);
      const found = await repo.findKeyByHash(db, hashKey(presented));
      if (!found) throw new AppError('api_key_invalid', 401);
      if (found.key.revokedAt && found.key.revokedAt <= clock.now())
        throw new AppError('api_key_revoked', 401);
      if (found.partner.status !== 'approved') throw new AppError('partner_not_approved', 403);
      const now = clock.now();
      if (opts.count === false) return found;
      const used = await repo.countUse(db, found.key.id, chinaDate(now), now);
      if (used > found.key.perDay) {
        throw new AppError('daily_quota_exceeded', 429, {
          limit: found.key.perDay,
          retryAfterSeconds: secondsUntilChinaMidnight(now),
        });
      }
      return found;
    },
  };
}

export type PartnerKeysService = ReturnType<typeof createPartnerKeysService>;
