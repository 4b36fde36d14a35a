import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type {
  ApiKeyCreateBody,
  ApiKeyView,
  PartnerApplyBody,
  PartnerView,
  Scope,
  WebhookCreateBody,
  WebhookEvent,
} from '@medrelay/contracts';
import type { z } from 'zod';
import { type Clock, chinaDate, secondsUntilChinaMidnight } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { maskName } from '../../platform/id-number.ts';
import { maskPhone, type PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Regions } from '../regions/index.ts';
import { type ApiKeyRow, type PartnerRow, partnersRepo as repo } from './partners.repo.ts';

type Role = 'owner' | 'developer' | 'viewer';
const RANK: Record<Role, number> = { viewer: 0, developer: 1, owner: 2 };

// Defaults for a new key: generous for a street office's H5 page, bounded for abuse.
export const KEY_LIMITS = { perMinute: 120, perDay: 20_000 };

export const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export interface AuthenticatedKey {
  key: ApiKeyRow;
  partner: PartnerRow;
}

export function createPartnersService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  regions: Regions;
}) {
  const { db, clock, personal, regions } = deps;

  const view = (p: PartnerRow, myRole: Role | null): PartnerView => ({
    id: p.id,
    name: p.name,
    type: p.type,
    contactNameMasked: p.contactNameMasked,
    contactPhoneMasked: p.contactPhoneMasked,
    regionCodes: p.regionCodes,
    allowedOrigins: p.allowedOrigins,
    status: p.status,
    createdAt: p.createdAt.toISOString(),
    myRole,
  });

  /** The partner, if `user` has at least `role` in it (admins see every partner). */
  async function asMember(user: User, partnerId: string, role: Role) {
    const partner = await repo.findPartner(db, partnerId);
    const mine = partner ? await repo.memberRole(db, partnerId, user.id) : undefined;
    if (!partner || (!mine && user.role !== 'admin')) throw new AppError('not_found', 404);
    if (user.role !== 'admin' && RANK[mine as Role] < RANK[role])
      throw new AppError('forbidden', 403, { role });
    return { partner, role: (mine ?? null) as Role | null };
  }

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
    async apply(user: User, body: z.output<typeof PartnerApplyBody>) {
      for (const [i, code] of body.regionCodes.entries()) {
        if (!regions.get(code)) throw new AppError('unknown_region', 400, { field: `regionCodes[${i}]` });
      }
      const row: PartnerRow = {
        id: randomUUID(),
        name: body.name,
        type: body.type,
        contactNameMasked: maskName(body.contactName),
        contactPhoneEnc: personal.encrypt(body.contactPhone),
        contactPhoneMasked: maskPhone(body.contactPhone),
        regionCodes: body.regionCodes,
        allowedOrigins: body.allowedOrigins,
        status: 'pending',
        createdAt: clock.now(),
        decidedAt: null,
        decidedBy: null,
      };
      await db.transaction((tx) => repo.insertPartner(tx, row, user.id));
      return view(row, 'owner');
    },
    async mine(user: User) {
      return (await repo.partnersOf(db, user.id)).map((r) => view(r.partner, r.role));
    },
    async get(user: User, id: string) {
      const { partner, role } = await asMember(user, id, 'viewer');
      return view(partner, role);
    },
    async list(status?: PartnerRow['status']) {
      return (await repo.listPartners(db, status)).map((p) => view(p, null));
    },
    async decide(admin: User, id: string, decision: 'approved' | 'rejected' | 'suspended') {
      const row = await repo.updatePartner(db, id, {
        status: decision,
        decidedAt: clock.now(),
        decidedBy: admin.id,
      });
      if (!row) throw new AppError('not_found', 404);
      return view(row, null);
    },
    async setOrigins(user: User, id: string, allowedOrigins: string[]) {
      await asMember(user, id, 'owner');
      const row = await repo.updatePartner(db, id, { allowedOrigins });
      return view(row as PartnerRow, 'owner');
    },
    async members(user: User, id: string) {
      await asMember(user, id, 'viewer');
      return (await repo.members(db, id)).map((m) => ({ ...m, createdAt: m.createdAt.toISOString() }));
    },
    async addMember(user: User, id: string, phone: string, role: Role) {
      await asMember(user, id, 'owner');
      const member = await repo.findUserByPhoneHash(db, personal.hash('phone', phone));
      // The person logs in once first, so that no account is made for someone without their knowing.
      if (!member) throw new AppError('not_found', 404, { field: 'phone' });
      await repo.upsertMember(db, { partnerId: id, userId: member.id, role, createdAt: clock.now() });
      return this.members(user, id);
    },
    async keys(user: User, id: string) {
      await asMember(user, id, 'viewer');
      return keyViews(await repo.keys(db, id));
    },
    async createKey(user: User, id: string, body: z.output<typeof ApiKeyCreateBody>) {
      const { partner } = await asMember(user, id, 'developer');
      if (partner.status !== 'approved') throw new AppError('partner_not_approved', 409);
      return issueKey(id, body);
    },
    async rotateKey(user: User, id: string, keyId: string) {
      await asMember(user, id, 'developer');
      const old = await repo.findKey(db, id, keyId);
      if (!old || old.revokedAt) throw new AppError('not_found', 404);
      const fresh = await issueKey(id, { name: old.name, kind: old.kind, scopes: old.scopes as Scope[] });
      await repo.revokeKey(db, old.id, clock.now(), fresh.id);
      return fresh;
    },
    async revokeKey(user: User, id: string, keyId: string) {
      await asMember(user, id, 'developer');
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
    async createWebhook(user: User, id: string, body: z.output<typeof WebhookCreateBody>) {
      const { partner } = await asMember(user, id, 'developer');
      const within = body.regionCodes ?? partner.regionCodes;
      const outside = within.find((c) => !partner.regionCodes.some((mine) => c.startsWith(prefixOf(mine))));
      if (outside) throw new AppError('region_not_allowed', 403, { field: 'regionCodes', code: outside });
      const secret = `whsec_${randomBytes(24).toString('base64url')}`;
      const row = {
        id: randomUUID(),
        partnerId: id,
        url: body.url,
        secretEnc: personal.encrypt(secret),
        events: body.events,
        regionCodes: within,
        active: true,
        createdAt: clock.now(),
      };
      await repo.insertWebhook(db, row);
      return { ...webhookView(row), secret };
    },
    async webhooks(user: User, id: string) {
      await asMember(user, id, 'viewer');
      return (await repo.webhooks(db, id)).map(webhookView);
    },
    async deleteWebhook(user: User, id: string, webhookId: string) {
      await asMember(user, id, 'developer');
      if (!(await repo.deactivateWebhook(db, id, webhookId))) throw new AppError('not_found', 404);
    },
    async deliveries(user: User, id: string) {
      await asMember(user, id, 'viewer');
      return (await repo.deliveries(db, id)).map(({ d, topic }) => ({
        id: d.id,
        subscriptionId: d.subscriptionId,
        eventId: d.eventId,
        topic,
        status: d.status,
        attempts: d.attempts,
        lastStatus: d.lastStatus,
        lastLatencyMs: d.lastLatencyMs,
        lastError: d.lastError,
        nextAttemptAt: d.nextAttemptAt.toISOString(),
        deliveredAt: d.deliveredAt?.toISOString() ?? null,
        createdAt: d.createdAt.toISOString(),
      }));
    },
    async redeliver(user: User, id: string, deliveryId: number) {
      await asMember(user, id, 'developer');
      if (!(await repo.redeliver(db, id, deliveryId, clock.now()))) throw new AppError('not_found', 404);
    },
    /** Whether a region code (of a post) lies inside one of the partner's regions. */
    serves: (partner: PartnerRow, districtCode: string) =>
      partner.regionCodes.some((code) => districtCode.startsWith(prefixOf(code))),
  };
}

/** 440000 → '44', 440300 → '4403', 440305 → '440305': codes nest by prefix in GB/T 2260. */
export const prefixOf = (code: string) => code.replace(/(00)+$/, '');

const webhookView = (w: {
  id: string;
  url: string;
  events: string[];
  regionCodes: string[];
  active: boolean;
  createdAt: Date;
}) => ({
  id: w.id,
  url: w.url,
  events: w.events as z.infer<typeof WebhookEvent>[],
  regionCodes: w.regionCodes,
  active: w.active,
  createdAt: w.createdAt.toISOString(),
});

export type PartnersService = ReturnType<typeof createPartnersService>;
