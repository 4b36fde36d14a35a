import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  type CampaignBody,
  type CampaignView,
  type InviteClaimBody,
  REFERRAL_TICKET_DAYS,
  type ReferralDecisionBody,
} from '@medrelay/contracts';
import QRCode from 'qrcode';
import type { z } from 'zod';
import { type Clock, DAY, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { CommunityAccess } from './community-access.ts';
import { groupsRepo } from './groups.repo.ts';
import type { ReferralRow } from './referral-tables.ts';
import { type CampaignFound, referralsRepo as repo } from './referrals.repo.ts';

const LEADERBOARD_SIZE = 20;

/** 张** for a verified name (its first character, always two stars), else 居民. */
export const maskInviter = (nameMasked: string | null | undefined): string =>
  nameMasked ? `${[...nameMasked][0]}**` : '居民';

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/**
 * Referral campaigns (邀请达人榜). The rules: only verified residents invite; an invite is claimed by
 * an account created after its link was opened (a signed ticket carries that moment through login
 * or sign-up); it counts once its invitee is verified and has done the first action. Self-invites,
 * farms and people already referred are held for the operator; forged links store nothing.
 */
export function createReferralsService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  publicUrl: string;
  access: CommunityAccess;
}) {
  const { db, clock, personal, access } = deps;

  const phaseOf = (c: CampaignFound['campaign'], now: Date) =>
    c.closedAt || c.endsAt <= now ? 'closed' : c.startsAt > now ? 'upcoming' : 'open';

  const view = ({ campaign: c, institution, groupName }: CampaignFound): CampaignView => ({
    id: c.id,
    partnerId: c.partnerId,
    institution,
    name: c.name,
    startsAt: c.startsAt.toISOString(),
    endsAt: c.endsAt.toISOString(),
    phase: phaseOf(c, clock.now()),
    firstAction: c.firstAction,
    groupId: c.groupId,
    groupName,
    rewardPoints: c.rewardPoints,
  });

  // The ticket: the link's token and the moment it was opened, signed with the keyed hash.
  const sign = (token: string, openedAt: number) =>
    personal.hash('referral-ticket', `${token}.${openedAt}`).slice(0, 40);
  const ticketOf = (token: string, openedAt: number) => `${token}.${openedAt}.${sign(token, openedAt)}`;
  const readTicket = (ticket: string) => {
    const [token = '', at = '', sig = ''] = ticket.split('.');
    const openedAt = Number(at);
    const expected = Buffer.from(sign(token, openedAt));
    const valid =
      /^\d{13}$/.test(at) && sig.length === expected.length && timingSafeEqual(Buffer.from(sig), expected);
    if (!valid) throw new AppError('referral_token_invalid', 404);
    if (clock.now().getTime() - openedAt > REFERRAL_TICKET_DAYS * DAY)
      throw new AppError('referral_token_invalid', 404, { reason: 'expired' });
    return { token, openedAt: new Date(openedAt) };
  };

  async function operatorCampaign(user: User, partnerId: string, campaignId: string, write: boolean) {
    await access.operator(user, partnerId, write);
    const found = await repo.findCampaign(db, campaignId);
    if (!found || found.campaign.partnerId !== partnerId) throw new AppError('not_found', 404);
    return found;
  }

  async function operatorViews(found: CampaignFound[]) {
    const counts = await repo.counts(
      db,
      found.map((f) => f.campaign.id),
    );
    const zero = { counted: 0, pending: 0, held: 0, rejected: 0, inviters: 0 };
    return found.map((f) => {
      const c = counts.find((n) => n.campaign_id === f.campaign.id);
      return {
        ...view(f),
        farmLimit: f.campaign.farmLimit,
        farmWindowMinutes: f.campaign.farmWindowMinutes,
        counts: c ? { ...zero, ...c, campaign_id: undefined } : zero,
      };
    });
  }

  const joinPathOf = (f: CampaignFound) =>
    f.campaign.firstAction === 'join_group' && f.groupJoinToken ? `/groups/join/${f.groupJoinToken}` : null;

  const settle = (campaignId: string | null) => repo.settle(db, clock.now(), campaignId);

  async function residentCampaign(campaignId: string) {
    const found = await repo.findCampaign(db, campaignId);
    if (!found) throw new AppError('not_found', 404);
    return found;
  }

  return {
    /** The counting pass over every campaign (bootstrap runs it); reads of counts run it per campaign. */
    settleAll: () => settle(null),

    // Operators.
    async create(user: User, partnerId: string, body: z.output<typeof CampaignBody>) {
      await access.operator(user, partnerId, true);
      if (body.groupId) {
        const group = await groupsRepo.findGroup(db, body.groupId);
        if (!group || group.group.partnerId !== partnerId || group.group.archivedAt)
          throw new AppError('not_found', 404, { field: 'groupId' });
      }
      const id = randomUUID();
      await repo.insertCampaign(db, {
        id,
        partnerId,
        name: body.name,
        startsAt: new Date(body.startsAt),
        endsAt: new Date(body.endsAt),
        closedAt: null,
        firstAction: body.firstAction,
        groupId: body.groupId,
        rewardPoints: body.rewardPoints,
        farmLimit: body.farmLimit,
        farmWindowMinutes: body.farmWindowMinutes,
        createdBy: user.id,
        createdAt: clock.now(),
      });
      const [created] = await operatorViews([(await repo.findCampaign(db, id)) as CampaignFound]);
      return created as NonNullable<typeof created>;
    },
    async list(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      await settle(null);
      return { items: await operatorViews(await repo.campaignsOf(db, partnerId)) };
    },
    async close(user: User, partnerId: string, campaignId: string) {
      const found = await operatorCampaign(user, partnerId, campaignId, true);
      if (!found.campaign.closedAt) await repo.closeCampaign(db, campaignId, clock.now());
      const [closed] = await operatorViews([(await repo.findCampaign(db, campaignId)) as CampaignFound]);
      return closed as NonNullable<typeof closed>;
    },
    async reviewList(user: User, partnerId: string, campaignId: string, status?: string) {
      await operatorCampaign(user, partnerId, campaignId, false);
      await settle(campaignId);
      const rows = await repo.reviewList(db, campaignId, status);
      return {
        items: rows.map((r) => ({
          id: r.id,
          inviter: maskInviter(r.inviter),
          invitee: maskInviter(r.invitee),
          status: r.counted_at
            ? ('counted' as const)
            : r.review === 'held'
              ? ('held' as const)
              : r.review === 'rejected'
                ? ('rejected' as const)
                : ('pending' as const),
          reason: r.hold_reason as ReferralRow['holdReason'],
          claimedAt: iso(r.claimed_at) as string,
          reviewedAt: iso(r.reviewed_at),
        })),
      };
    },
    /** Approve puts a held invite back on the normal track (it still needs verification and the action). */
    async decide(
      user: User,
      partnerId: string,
      campaignId: string,
      referralId: string,
      { action }: z.infer<typeof ReferralDecisionBody>,
    ) {
      await operatorCampaign(user, partnerId, campaignId, true);
      await db.transaction(async (tx) => {
        await repo.findCampaign(tx, campaignId, true);
        const r = await repo.findReferral(tx, referralId);
        if (!r || r.campaignId !== campaignId) throw new AppError('not_found', 404);
        if (r.review !== 'held') throw new AppError('referral_not_held', 409, { status: r.review });
        if (action === 'approve' && r.holdReason === 'already_referred')
          throw new AppError('referral_not_approvable', 409, { reason: r.holdReason });
        await repo.decide(tx, referralId, {
          review: action === 'approve' ? 'approved' : 'rejected',
          reviewedBy: user.id,
          reviewedAt: clock.now(),
        });
      });
      await settle(campaignId);
      const { items } = await this.reviewList(user, partnerId, campaignId);
      return items.find((i) => i.id === referralId) as NonNullable<(typeof items)[number]>;
    },

    // Residents.
    async openCampaigns() {
      return { items: (await repo.openCampaigns(db, clock.now())).map(view) };
    },
    /** My link (made on first visit, verified residents only), QR, count, rank and points. */
    async mine(user: User, campaignId: string) {
      const found = await residentCampaign(campaignId);
      await settle(campaignId);
      let link = await repo.linkOf(db, campaignId, user.id);
      if (!link && user.verifiedAt && phaseOf(found.campaign, clock.now()) !== 'closed') {
        link = await repo.ensureLink(db, {
          campaignId,
          inviterId: user.id,
          token: randomBytes(18).toString('base64url'),
          createdAt: clock.now(),
        });
      }
      const url = link ? new URL(`/invite/${link.token}`, deps.publicUrl).toString() : null;
      const mine = await repo.mine(db, campaignId, user.id);
      return {
        campaign: view(found),
        link: url
          ? { url, svg: await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' }) }
          : null,
        counted: mine.counted,
        pending: mine.pending,
        rank: mine.counted ? await repo.rankOf(db, campaignId, user.id) : null,
        points: mine.points,
      };
    },
    async leaderboard(user: User, campaignId: string) {
      const found = await residentCampaign(campaignId);
      await settle(campaignId);
      const rows = await repo.leaderboard(db, campaignId, LEADERBOARD_SIZE);
      return {
        campaign: view(found),
        items: rows.map((r) => ({
          rank: r.rank,
          name: maskInviter(r.name_masked),
          count: r.count,
          me: r.inviter_id === user.id,
        })),
      };
    },
    /** What an invite link shows, and the signed ticket that carries the moment it was opened. */
    async preview(token: string) {
      const link = await repo.linkByToken(db, token);
      if (!link) throw new AppError('referral_token_invalid', 404);
      const found = await residentCampaign(link.campaign_id);
      if (phaseOf(found.campaign, clock.now()) !== 'open')
        throw new AppError('referral_campaign_closed', 409);
      return {
        campaign: view(found),
        inviter: maskInviter(link.name_masked),
        ticket: ticketOf(token, clock.now().getTime()),
        joinPath: joinPathOf(found),
      };
    },
    /** Attaches me, as the invitee, to the inviter of the ticket's link; a repeat answers the same. */
    async claim(user: User, body: z.output<typeof InviteClaimBody>, ip: string) {
      const { token, openedAt } = readTicket(body.ticket);
      const link = await repo.linkByToken(db, token);
      if (!link) throw new AppError('referral_token_invalid', 404);
      const campaignId = link.campaign_id;
      const now = clock.now();
      const status = await db.transaction(async (tx) => {
        // One claim at a time per campaign, so that the farm count cannot be raced past its limit.
        const found = await repo.findCampaign(tx, campaignId, true);
        if (!found || phaseOf(found.campaign, now) !== 'open')
          throw new AppError('referral_campaign_closed', 409);
        const before = await repo.referralOf(tx, campaignId, user.id);
        if (before) return before;
        const c = found.campaign;
        const ipHash = personal.hash('referral-ip', ip);
        const deviceHash = body.deviceId ? personal.hash('referral-device', body.deviceId) : null;
        let holdReason: ReferralRow['holdReason'] = null;
        if (link.inviter_id === user.id) holdReason = 'self_invite';
        else if (user.createdAt < openedAt) throw new AppError('referral_not_new_account', 409);
        else if (await repo.wasReferred(tx, user.id)) holdReason = 'already_referred';
        else {
          const since = new Date(now.getTime() - c.farmWindowMinutes * MINUTE);
          if ((await repo.claimsFrom(tx, campaignId, 'ip', ipHash, since)) >= c.farmLimit)
            holdReason = 'address_farm';
          else if (
            deviceHash &&
            (await repo.claimsFrom(tx, campaignId, 'device', deviceHash, since)) >= c.farmLimit
          )
            holdReason = 'device_farm';
        }
        const row: ReferralRow = {
          id: randomUUID(),
          campaignId,
          inviterId: link.inviter_id,
          inviteeId: user.id,
          ipHash,
          deviceHash,
          claimedAt: now,
          review: holdReason ? 'held' : 'none',
          holdReason,
          reviewedBy: null,
          reviewedAt: null,
          countedAt: null,
        };
        await repo.insertReferral(tx, row);
        return row;
      });
      await settle(campaignId);
      const after = (await repo.referralOf(db, campaignId, user.id)) ?? status;
      const found = await residentCampaign(campaignId);
      return {
        campaign: view(found),
        inviter: maskInviter(link.name_masked),
        joinPath: joinPathOf(found),
        // Held or rejected reads as pending here: the invitee is not told how the fraud rules see them.
        status: after.countedAt ? ('counted' as const) : ('pending' as const),
        verified: Boolean(user.verifiedAt),
      };
    },
  };
}

export type ReferralsService = ReturnType<typeof createReferralsService>;
