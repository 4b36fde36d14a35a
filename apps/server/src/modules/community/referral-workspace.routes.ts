import {
  CampaignBody,
  CampaignIdParams,
  CampaignPatch,
  OperatorCampaignsReply,
  OperatorCampaignView,
  PartnerIdParams,
  ReferralDecisionBody,
  ReferralDecisionParams,
  ReferralListQuery,
  ReferralReviewReply,
  ReferralReviewView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { ReferralsService } from './referrals.service.ts';

/** The operator's referral campaigns in the partner workspace: create, close, review held invites. */
export const referralWorkspaceRoutes: FastifyPluginAsyncZod<{ referrals: ReferralsService }> = async (
  app,
  { referrals },
) => {
  const tags = ['community'];
  const security = SECURITY.activeSession;
  const preHandler = app.requireActiveUser;
  const base = '/partners/:id/community/referral-campaigns';

  app.get(
    base,
    {
      schema: {
        operationId: 'listOperatorReferralCampaigns',
        security,
        tags,
        summary: "The institution's referral campaigns with their counts",
        params: PartnerIdParams,
        response: { 200: OperatorCampaignsReply },
      },
      preHandler,
    },
    async (req) => referrals.list(req.user, req.params.id),
  );
  app.post(
    base,
    {
      schema: {
        operationId: 'createReferralCampaign',
        security,
        tags,
        summary: 'Create a referral campaign: window, first action, optional group and points per invite',
        params: PartnerIdParams,
        body: CampaignBody,
        response: { 201: OperatorCampaignView },
      },
      preHandler,
    },
    async (req, reply) => reply.code(201).send(await referrals.create(req.user, req.params.id, req.body)),
  );
  app.patch(
    `${base}/:campaignId`,
    {
      schema: {
        operationId: 'closeReferralCampaign',
        security,
        tags,
        summary: 'Close a campaign early (counting stops at this moment)',
        params: CampaignIdParams,
        body: CampaignPatch,
        response: { 200: OperatorCampaignView },
      },
      preHandler,
    },
    async (req) => referrals.close(req.user, req.params.id, req.params.campaignId),
  );
  app.get(
    `${base}/:campaignId/referrals`,
    {
      schema: {
        operationId: 'listCampaignReferrals',
        security,
        tags,
        summary: 'Invites of a campaign for review (held ones with their reason); masked names only',
        params: CampaignIdParams,
        querystring: ReferralListQuery,
        response: { 200: ReferralReviewReply },
      },
      preHandler,
    },
    async (req) => referrals.reviewList(req.user, req.params.id, req.params.campaignId, req.query.status),
  );
  app.post(
    `${base}/:campaignId/referrals/:referralId/decision`,
    {
      schema: {
        operationId: 'decideReferral',
        security,
        tags,
        summary: 'Approve or reject a held invite',
        params: ReferralDecisionParams,
        body: ReferralDecisionBody,
        response: { 200: ReferralReviewView },
      },
      preHandler,
    },
    async (req) =>
      referrals.decide(req.user, req.params.id, req.params.campaignId, req.params.referralId, req.body),
  );
};
