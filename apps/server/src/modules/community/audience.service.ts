import { randomUUID } from 'node:crypto';
import {
  AUDIENCE_SEND_INTERVAL_HOURS,
  type AudienceDefinition,
  type AudienceMemberView,
  type AudienceSendView,
  type Condition,
  INSTITUTION_MESSAGE_DAILY_CAP,
  type TagRule,
  type TagView,
} from '@medrelay/contracts';
import { type Clock, DAY, HOUR } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import type { PartnerAccess } from '../partners/index.ts';
import { audienceRepo as repo } from './audience.repo.ts';
import type { AudienceSendRow, TagRow } from './audience.tables.ts';
import { audienceKey, combine, looksLikeMarketing, suppress } from './audience-rules.ts';
import { referralsRepo } from './referrals.repo.ts';

const MEMBERS_PAGE = 50;

export interface AudienceDeps {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  access: PartnerAccess;
  /** The statistics' minimum count: smaller counts are not shown, smaller audiences not sent to. */
  minCount: number;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<(string | null)[]>;
  /** Per person, institution messages received since a time (the daily cap). */
  receivedSince: (tx: Db, userIds: string[], since: Date) => Promise<Map<string, number>>;
  /** The institution's own pharmacy, when it is one: whether it is, and its members. */
  pharmacy: {
    isPharmacy(partnerId: string): Promise<boolean>;
    memberIds(partnerId: string): Promise<string[]>;
  };
  /** Care's audience rule (live shares to this institution that name conditions; each read audited). */
  conditionHolders: (actor: User, partnerId: string, condition: Condition) => Promise<Set<string>>;
}

/**
 * Tags on an institution's members, audiences built from them, and messages sent to an audience.
 * Operators only ever see counts (small ones suppressed) and opaque member references; a resident's
 * opt-out, marketing consent and the daily cap decide who a send reaches, and every send is audited.
 */
export function createAudienceService(deps: AudienceDeps) {
  const { db, clock, access, minCount } = deps;
  const refOf = (partnerId: string, userId: string) =>
    deps.personal.hash(`community-member:${partnerId}`, userId).slice(0, 12);

  /**
   * Everyone the institution may tag or message: group members, live-session people, pharmacy members,
   * and residents who joined through its referral campaigns (a counted invite; counting runs every 15 s
   * and whenever a campaign's rule is evaluated, so rule sets are built before the population is read).
   */
  async function population(partnerId: string) {
    const rows = await repo.population(db, partnerId);
    const byUser = new Map(rows.map((r) => [r.user_id, { ...r, pharmacy: false }]));
    for (const id of await repo.referredMembers(db, partnerId)) {
      if (!byUser.has(id))
        byUser.set(id, { user_id: id, groups: 0, live: 0, nickname: null, pharmacy: false });
    }
    if (await deps.pharmacy.isPharmacy(partnerId)) {
      for (const id of await deps.pharmacy.memberIds(partnerId)) {
        const row = byUser.get(id) ?? { user_id: id, groups: 0, live: 0, nickname: null, pharmacy: false };
        byUser.set(id, { ...row, pharmacy: true });
      }
    }
    return byUser;
  }

  async function ruleMembers(actor: User, partnerId: string, rule: TagRule): Promise<Set<string>> {
    switch (rule.kind) {
      case 'group':
        return repo.groupMembers(db, partnerId, rule.groupId);
      case 'live_registered':
        return repo.sessionPeople(db, partnerId, rule.sessionId, 'registered');
      case 'live_attended':
        return repo.sessionPeople(db, partnerId, rule.sessionId, 'attended');
      case 'pharmacy_member':
        return new Set(await deps.pharmacy.memberIds(partnerId));
      case 'health_condition':
        return deps.conditionHolders(actor, partnerId, rule.condition);
      case 'referral_campaign':
        // Counting is lazy (like the referral pages' reads): count what qualifies now, then read.
        await referralsRepo.settle(db, clock.now(), rule.campaignId);
        return repo.referredPeople(db, partnerId, rule.campaignId);
    }
  }

  const tagMembers = (actor: User, tag: TagRow) =>
    tag.rule ? ruleMembers(actor, tag.partnerId, tag.rule) : repo.manualMembers(db, tag.id);

  async function ownTag(partnerId: string, tagId: string) {
    const tag = await repo.tag(db, tagId);
    if (!tag || tag.partnerId !== partnerId) throw new AppError('tag_not_found', 404);
    return tag;
  }

  /** The people in an audience: its tags' and/or, within the institution's members, in the region. */
  async function resolve(actor: User, partnerId: string, def: AudienceDefinition) {
    const tags = await Promise.all([...new Set(def.tagIds)].map((id) => ownTag(partnerId, id)));
    const sets = [];
    for (const tag of tags) sets.push(await tagMembers(actor, tag));
    const people = await population(partnerId);
    let ids = [...combine(sets, def.match)].filter((id) => people.has(id));
    if (def.regionPrefix) {
      const prefix = def.regionPrefix;
      const districts = await repo.districts(db, ids);
      ids = ids.filter((id) => districts.get(id)?.startsWith(prefix));
    }
    return ids;
  }

  const tagView = (tag: TagRow, members: number | null): TagView => ({
    id: tag.id,
    name: tag.name,
    kind: tag.rule ? 'rule' : 'manual',
    rule: tag.rule ?? null,
    members: members === null ? null : suppress(members, minCount),
    createdAt: tag.createdAt.toISOString(),
  });

  const sendView = (row: AudienceSendRow, sender: string | null): AudienceSendView => ({
    id: row.id,
    audience: row.audience,
    title: row.title,
    body: row.body,
    marketing: row.marketing,
    sender,
    matched: suppress(row.matched, minCount),
    reached: suppress(row.reached, minCount),
    skipped: {
      optOut: suppress(row.skippedOptOut, minCount),
      consent: suppress(row.skippedConsent, minCount),
      cap: suppress(row.skippedCap, minCount),
    },
    createdAt: row.createdAt.toISOString(),
  });

  return {
    async tags(user: User, partnerId: string) {
      await access.asMember(user, partnerId, 'viewer');
      const rows = await repo.tags(db, partnerId);
      const sets: (Set<string> | null)[] = [];
      for (const tag of rows) {
        // A health rule is read (and audited) only when an operator previews or sends, not on every list.
        sets.push(tag.rule?.kind === 'health_condition' ? null : await tagMembers(user, tag));
      }
      const people = await population(partnerId);
      return {
        items: rows.map((tag, i) => {
          const set = sets[i];
          return tagView(tag, set ? [...set].filter((id) => people.has(id)).length : null);
        }),
      };
    },

    async createTag(user: User, partnerId: string, body: { name: string; rule?: TagRule }) {
      await access.asMember(user, partnerId, 'developer');
      const rule = body.rule;
      if (rule) {
        const ok =
          rule.kind === 'group'
            ? await repo.groupOf(db, partnerId, rule.groupId)
            : rule.kind === 'live_registered' || rule.kind === 'live_attended'
              ? await repo.sessionOf(db, partnerId, rule.sessionId)
              : rule.kind === 'referral_campaign'
                ? await repo.campaignOf(db, partnerId, rule.campaignId)
                : // Only a pharmacy has members and receives health-record shares.
                  await deps.pharmacy.isPharmacy(partnerId);
        if (!ok) throw new AppError('tag_rule_target_not_found', 404, { rule: rule.kind });
      }
      if (await repo.tagNamed(db, partnerId, body.name)) throw new AppError('tag_name_taken', 409);
      const row: TagRow = {
        id: randomUUID(),
        partnerId,
        name: body.name,
        rule: rule ?? null,
        createdBy: user.id,
        createdAt: clock.now(),
      };
      await repo.insertTag(db, row);
      if (rule?.kind === 'health_condition') return tagView(row, null);
      const members = await tagMembers(user, row);
      const people = await population(partnerId);
      return tagView(row, [...members].filter((id) => people.has(id)).length);
    },

    async deleteTag(user: User, partnerId: string, tagId: string) {
      await access.asMember(user, partnerId, 'developer');
      await ownTag(partnerId, tagId);
      await repo.deleteTag(db, tagId);
    },

    async members(user: User, partnerId: string, page: number) {
      await access.asMember(user, partnerId, 'viewer');
      const people = await population(partnerId);
      const tagsOf = new Map<string, string[]>();
      for (const r of await repo.manualTagsOf(db, partnerId)) {
        tagsOf.set(r.user_id, [...(tagsOf.get(r.user_id) ?? []), r.tag_id]);
      }
      const all: AudienceMemberView[] = [...people.values()]
        .map((p) => ({
          ref: refOf(partnerId, p.user_id),
          nickname: p.nickname,
          groups: p.groups,
          pharmacyMember: p.pharmacy,
          liveSessions: p.live,
          tagIds: (tagsOf.get(p.user_id) ?? []).sort(),
        }))
        .sort((a, b) => a.ref.localeCompare(b.ref));
      const start = (page - 1) * MEMBERS_PAGE;
      return { items: all.slice(start, start + MEMBERS_PAGE), total: all.length };
    },

    async setTagMembers(
      user: User,
      partnerId: string,
      tagId: string,
      change: { add: string[]; remove: string[] },
    ) {
      await access.asMember(user, partnerId, 'developer');
      const tag = await ownTag(partnerId, tagId);
      if (tag.rule) throw new AppError('tag_not_manual', 409);
      const byRef = new Map(
        [...(await population(partnerId)).keys()].map((id) => [refOf(partnerId, id), id]),
      );
      const unknown = [...change.add, ...change.remove].filter((ref) => !byRef.has(ref));
      if (unknown.length)
        throw new AppError('validation_failed', 400, { field: 'add', unknown: unknown.length });
      const ids = (refs: string[]) => refs.map((ref) => byRef.get(ref) as string);
      await db.transaction(async (tx) => {
        await repo.addTagMembers(tx, tagId, ids(change.add), user.id, clock.now());
        await repo.removeTagMembers(tx, tagId, ids(change.remove));
      });
      const members = [...(await repo.manualMembers(db, tagId))].filter((id) =>
        byRef.has(refOf(partnerId, id)),
      );
      return tagView(tag, members.length);
    },

    async preview(user: User, partnerId: string, def: AudienceDefinition) {
      await access.asMember(user, partnerId, 'developer');
      return suppress((await resolve(user, partnerId, def)).length, minCount);
    },

    async send(
      user: User,
      partnerId: string,
      body: { audience: AudienceDefinition; title: string; body: string; marketing: boolean },
    ): Promise<AudienceSendView> {
      const { partner } = await access.asMember(user, partnerId, 'developer');
      if (!body.marketing && looksLikeMarketing(`${body.title}\n${body.body}`)) {
        throw new AppError('audience_marketing_unflagged', 400);
      }
      const ids = await resolve(user, partnerId, body.audience);
      if (ids.length === 0) throw new AppError('audience_empty', 409);
      if (ids.length < minCount) throw new AppError('audience_too_small', 409, { minCount });
      const now = clock.now();
      const key = audienceKey(body.audience);
      return db.transaction(async (tx) => {
        const last = await repo.lockSendsSince(
          tx,
          partnerId,
          key,
          new Date(now.getTime() - AUDIENCE_SEND_INTERVAL_HOURS * HOUR),
        );
        if (last) {
          const retryAt = new Date(last.createdAt.getTime() + AUDIENCE_SEND_INTERVAL_HOURS * HOUR);
          throw new AppError('audience_send_too_soon', 429, { retryAt: retryAt.toISOString() });
        }
        const optedOut = await repo.optedOut(tx, partnerId, ids);
        let rest = ids.filter((id) => !optedOut.has(id));
        const consented = body.marketing ? await repo.marketingConsented(tx, rest) : undefined;
        const noConsent = consented ? rest.filter((id) => !consented.has(id)).length : 0;
        if (consented) rest = rest.filter((id) => consented.has(id));
        const received = await deps.receivedSince(tx, rest, new Date(now.getTime() - DAY));
        const capped = rest.filter((id) => (received.get(id) ?? 0) >= INSTITUTION_MESSAGE_DAILY_CAP);
        rest = rest.filter((id) => (received.get(id) ?? 0) < INSTITUTION_MESSAGE_DAILY_CAP);
        const sendId = randomUUID();
        const data = { partnerId, partnerName: partner.name, sendId, title: body.title, body: body.body };
        const sent = await deps.notifyMany(
          tx,
          rest.map((userId) => ({
            userId,
            type: 'institution_message' as const,
            dedupKey: `institution_message:${sendId}`,
            data,
          })),
        );
        const row: AudienceSendRow = {
          id: sendId,
          partnerId,
          senderId: user.id,
          audience: body.audience,
          audienceKey: key,
          title: body.title,
          body: body.body,
          marketing: body.marketing,
          matched: ids.length,
          reached: sent.filter(Boolean).length,
          skippedOptOut: optedOut.size,
          skippedConsent: noConsent,
          skippedCap: capped.length,
          createdAt: now,
        };
        await repo.insertSend(tx, row);
        return sendView(row, null);
      });
    },

    /** The audit of sends: the owner's (who sent, to what audience, how many reached or skipped). */
    async sends(user: User, partnerId: string) {
      await access.asMember(user, partnerId, 'owner');
      return { items: (await repo.sends(db, partnerId)).map((r) => sendView(r.send, r.sender)) };
    },

    // A resident's side.
    async prefs(user: User) {
      const [marketing, optedOut] = await Promise.all([
        repo.marketing(db, user.id),
        repo.optOutsOf(db, user.id),
      ]);
      return {
        marketing,
        optedOut: optedOut.map((o) => ({ partnerId: o.partnerId, name: o.name, at: o.at.toISOString() })),
      };
    },
    async setMarketing(user: User, consent: boolean) {
      await repo.setMarketing(db, user.id, consent, clock.now());
      return this.prefs(user);
    },
    async optOut(user: User, partnerId: string) {
      if (!(await repo.partnerName(db, partnerId))) throw new AppError('not_found', 404);
      await repo.optOut(db, user.id, partnerId, clock.now());
      return this.prefs(user);
    },
    async optIn(user: User, partnerId: string) {
      await repo.optIn(db, user.id, partnerId);
      return this.prefs(user);
    },
  };
}

export type AudienceService = ReturnType<typeof createAudienceService>;
