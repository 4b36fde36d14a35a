import {
  CampaignsReply,
  InviteClaimBody,
  InviteClaimReply,
  InvitePreview,
  InviteTokenParams,
  LeaderboardReply,
  MyCampaignParams,
  MyReferralsView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { softLimit } from '../../platform/rate-limits.ts';
import type { ReferralsService } from './referrals.service.ts';

/** A resident's side of referral campaigns: my invite link and rank, the leaderboard, claiming an invite. */
export const referralsRoutes: FastifyPluginAsyncZod<{ referrals: ReferralsService }> = async (
  app,
  { referrals },
) => {
  const tags = ['community'];

  app.get(
    '/referral-campaigns',
    {
      schema: {
        operationId: 'listReferralCampaigns',
        security: SECURITY.session,
        tags,
        summary: 'Referral campaigns open now (邀请活动)',
        response: { 200: CampaignsReply },
      },
      preHandler: app.requireUser,
    },
    async () => referrals.openCampaigns(),
  );

  app.get(
    '/referral-campaigns/:campaignId/me',
    {
      schema: {
        operationId: 'getMyReferrals',
        security: SECURITY.session,
        tags,
        summary: 'My invite link and QR code (verified residents), my counted invites, rank and points',
        params: MyCampaignParams,
        response: { 200: MyReferralsView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => referrals.mine(req.user, req.params.campaignId),
  );

  app.get(
    '/referral-campaigns/:campaignId/leaderboard',
    {
      schema: {
        operationId: 'getReferralLeaderboard',
        security: SECURITY.session,
        tags,
        summary: 'The top inviters of a campaign (邀请达人榜), with masked names',
        params: MyCampaignParams,
        response: { 200: LeaderboardReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => referrals.leaderboard(req.user, req.params.campaignId),
  );

  app.get(
    '/invites/:token',
    {
      schema: {
        operationId: 'previewInvite',
        security: SECURITY.public,
        tags,
        summary: 'What an invite link shows, with the signed ticket the app keeps through sign-up',
        params: InviteTokenParams,
        response: { 200: InvitePreview },
      },
      config: softLimit('visit'),
    },
    async (req) => referrals.preview(req.params.token),
  );

  app.post(
    '/invites/claim',
    {
      schema: {
        operationId: 'claimInvite',
        security: SECURITY.activeSession,
        tags,
        summary:
          'Attach my new account to the invite I followed (counted after verification and the first action)',
        body: InviteClaimBody,
        response: { 200: InviteClaimReply },
      },
      preHandler: app.requireActiveUser,
      config: softLimit('visit'),
    },
    async (req) => referrals.claim(req.user, req.body, req.ip),
  );
};
