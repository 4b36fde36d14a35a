import {
  ClaimBody,
  ClaimsReply,
  ClaimView,
  CouponAdminView,
  CouponBody,
  CouponsAdminReply,
  CouponView,
  MemberLookupReply,
  MemberSettings,
  MemberSettingsBody,
  MembershipsReply,
  MembershipView,
  PartnerIdParams,
  PharmacyFigures,
  PharmacyMembersQuery,
  PharmacyMembersReply,
  PointsBody,
  PointsReply,
  RedeemCouponBody,
  RedeemCouponReply,
  ScanBody,
  ScanReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../../platform/openapi/security.ts';
import type { MemberServices } from './member-services.ts';

const PharmacyParams = z.object({ pharmacyId: z.uuid() });
const CouponParams = z.object({ pharmacyId: z.uuid(), couponId: z.uuid() });
const MemberCodeParams = z.object({
  id: z.uuid(),
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^M\d{9}$/),
});

/** Residents' side (membership card, coupons) and the pharmacy's side (/partner/:id) of issue 12's members. */
export const pharmacyMembersRoutes: FastifyPluginAsyncZod<MemberServices> = async (
  app,
  { members, coupons, poster, scan, figures, joinUrl },
) => {
  const tags = ['pharmacies'];
  const active = { preHandler: app.requireActiveUser };
  const security = SECURITY.activeSession;

  // Residents.
  app.post(
    '/pharmacies/:pharmacyId/membership',
    {
      schema: {
        operationId: 'joinPharmacyMembership',
        security,
        tags,
        summary: 'Join the pharmacy as a member (扫码即会员); joining twice is joining once',
        params: PharmacyParams,
        response: { 200: MembershipView },
      },
      ...active,
    },
    async (req) => members.join(req.user, req.params.pharmacyId),
  );
  app.get(
    '/pharmacies/:pharmacyId/membership',
    {
      schema: {
        operationId: 'getMyMembershipCard',
        security,
        tags,
        summary: 'My member card there: member code, points balance and history',
        params: PharmacyParams,
        response: { 200: MembershipView },
      },
      ...active,
    },
    async (req) => members.myCard(req.user, req.params.pharmacyId),
  );
  app.delete(
    '/pharmacies/:pharmacyId/membership',
    {
      schema: {
        operationId: 'leavePharmacyMembership',
        security,
        tags,
        summary: 'Leave the membership: the card and its points history are deleted',
        params: PharmacyParams,
        response: { 204: z.null() },
      },
      ...active,
    },
    async (req, reply) => {
      await members.leave(req.user, req.params.pharmacyId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    '/me/pharmacy-memberships',
    {
      schema: {
        operationId: 'listMyPharmacyMemberships',
        security,
        tags,
        summary: 'The pharmacies I am a member of, with my balance at each',
        response: { 200: MembershipsReply },
      },
      ...active,
    },
    async (req) => ({ items: await members.mine(req.user) }),
  );
  app.get(
    '/pharmacies/:pharmacyId/coupons/:couponId',
    {
      schema: {
        operationId: 'getPharmacyCoupon',
        security: SECURITY.public,
        tags,
        summary: "A coupon's terms and what is left (its claim page)",
        params: CouponParams,
        response: { 200: CouponView },
      },
    },
    async (req) => coupons.show(req.params.pharmacyId, req.params.couponId),
  );
  app.post(
    '/pharmacies/:pharmacyId/coupons/:couponId/claim',
    {
      schema: {
        operationId: 'claimPharmacyCoupon',
        security: SECURITY.verifiedSession,
        tags,
        summary: "Claim a coupon (real-name verified people only), optionally through a friend's share link",
        params: CouponParams,
        body: ClaimBody,
        response: { 201: ClaimView },
      },
      preHandler: app.requireVerifiedUser,
    },
    async (req, reply) =>
      reply
        .code(201)
        .send(await coupons.claim(req.user, req.params.pharmacyId, req.params.couponId, req.body.sharedBy)),
  );
  app.get(
    '/me/pharmacy-coupons',
    {
      schema: {
        operationId: 'listMyPharmacyCoupons',
        security,
        tags,
        summary:
          'My claimed coupons with their codes, friends who claimed through my link, and whether usable',
        response: { 200: ClaimsReply },
      },
      ...active,
    },
    async (req) => ({ items: await coupons.mine(req.user) }),
  );

  // The pharmacy's workspace.
  const ws = '/partners/:id/pharmacy';
  app.get(
    `${ws}/members`,
    {
      schema: {
        operationId: 'listPharmacyMembers',
        security,
        tags,
        summary: 'Members by member code (search), with balances; no names or phones',
        params: PartnerIdParams,
        querystring: PharmacyMembersQuery,
        response: { 200: PharmacyMembersReply },
      },
      ...active,
    },
    async (req) => members.list(req.user, req.params.id, req.query.q),
  );
  app.get(
    `${ws}/members/:code`,
    {
      schema: {
        operationId: 'getPharmacyMember',
        security,
        tags,
        summary: 'One member by code, with the points history',
        params: MemberCodeParams,
        response: { 200: MemberLookupReply },
      },
      ...active,
    },
    async (req) => members.lookup(req.user, req.params.id, req.params.code),
  );
  app.post(
    `${ws}/points`,
    {
      schema: {
        operationId: 'movePharmacyPoints',
        security,
        tags,
        summary: 'Add or redeem points with a reason; the operation id makes a retry apply once',
        params: PartnerIdParams,
        body: PointsBody,
        response: { 200: PointsReply },
      },
      ...active,
    },
    async (req) => members.movePoints(req.user, req.params.id, req.body),
  );
  app.get(
    `${ws}/member-settings`,
    {
      schema: {
        operationId: 'getPharmacyMemberSettings',
        security,
        tags,
        summary: 'Membership settings: months after which points expire',
        params: PartnerIdParams,
        response: { 200: MemberSettings },
      },
      ...active,
    },
    async (req) => members.settings(req.user, req.params.id),
  );
  app.put(
    `${ws}/member-settings`,
    {
      schema: {
        operationId: 'setPharmacyMemberSettings',
        security,
        tags,
        summary: 'Set the months after which points expire (null = never; owner)',
        params: PartnerIdParams,
        body: MemberSettingsBody,
        response: { 200: MemberSettings },
      },
      ...active,
    },
    async (req) => members.setSettings(req.user, req.params.id, req.body.pointsExpireMonths),
  );
  app.get(
    `${ws}/coupons`,
    {
      schema: {
        operationId: 'listPharmacyCoupons',
        security,
        tags,
        summary: "The pharmacy's coupons with stock, claims and redemptions",
        params: PartnerIdParams,
        response: { 200: CouponsAdminReply },
      },
      ...active,
    },
    async (req) => ({ items: await coupons.list(req.user, req.params.id) }),
  );
  app.post(
    `${ws}/coupons`,
    {
      schema: {
        operationId: 'issuePharmacyCoupon',
        security,
        tags,
        summary: 'Issue a coupon: money off (fen) or percent off, minimum spend, validity, quantity, limits',
        params: PartnerIdParams,
        body: CouponBody,
        response: { 201: CouponAdminView.omit({ claims: true, redemptions: true }) },
      },
      ...active,
    },
    async (req, reply) => reply.code(201).send(await coupons.issue(req.user, req.params.id, req.body)),
  );
  app.post(
    `${ws}/coupons/redeem`,
    {
      schema: {
        operationId: 'redeemPharmacyCoupon',
        security,
        tags,
        summary: "Use a resident's coupon at the counter by its code",
        params: PartnerIdParams,
        body: RedeemCouponBody,
        response: { 200: RedeemCouponReply },
      },
      ...active,
    },
    async (req) => coupons.redeemAtCounter(req.user, req.params.id, req.body.code, req.body.spendFen),
  );
  app.post(
    `${ws}/scan`,
    {
      schema: {
        operationId: 'scanPharmacyCode',
        security,
        tags,
        summary: 'What a scanned or typed code is: a pickup code, a member code or a coupon code',
        params: PartnerIdParams,
        body: ScanBody,
        response: { 200: ScanReply },
      },
      ...active,
    },
    async (req) => scan(req.user, req.params.id, req.body.code),
  );
  app.get(
    `${ws}/figures`,
    {
      schema: {
        operationId: 'getPharmacyFigures',
        security,
        tags,
        summary: 'Reservations, pickups, no-shows, members, coupon claims and redemptions',
        params: PartnerIdParams,
        response: { 200: PharmacyFigures },
      },
      ...active,
    },
    async (req) => figures(req.user, req.params.id),
  );
  app.get(
    `${ws}/poster.pdf`,
    {
      schema: {
        operationId: 'getPharmacyPoster',
        security,
        tags,
        summary: 'The counter poster: an A4 PDF with the join QR code and short Chinese instructions',
        params: PartnerIdParams,
      },
      ...active,
    },
    async (req, reply) => {
      const pdf = await poster(req.user, req.params.id);
      reply.header('content-disposition', 'attachment; filename="medrelay-poster.pdf"');
      reply.header('cache-control', 'no-store');
      return reply.type('application/pdf').send(pdf);
    },
  );
  app.get(
    `${ws}/join-link`,
    {
      schema: {
        operationId: 'getPharmacyJoinLink',
        security,
        tags,
        summary: 'The link the join QR code opens',
        params: PartnerIdParams,
        response: { 200: z.object({ url: z.url() }) },
      },
      ...active,
    },
    async (req) => {
      await members.settings(req.user, req.params.id);
      return { url: joinUrl(req.params.id) };
    },
  );
};
