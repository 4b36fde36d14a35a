import {
  AudienceDefinition,
  AudienceMembersQuery,
  AudienceMembersReply,
  AudienceSendBody,
  AudienceSendsReply,
  AudienceSendView,
  InstitutionMessagePrefs,
  MarketingConsentBody,
  OptOutParams,
  PartnerIdParams,
  SuppressedCount,
  TagBody,
  TagIdParams,
  TagMembersBody,
  TagsReply,
  TagView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { AudienceService } from './audience.service.ts';

/** Segments (issue 14): tags and audiences for operators; residents' opt-out and marketing consent. */
export const audienceRoutes: FastifyPluginAsyncZod<{ audience: AudienceService }> = async (
  app,
  { audience },
) => {
  const tags = ['community'];
  const security = SECURITY.activeSession;
  const preHandler = app.requireActiveUser;
  const base = '/partners/:id/community';
  const op = (operationId: string, summary: string) => ({ operationId, summary, security, tags });

  app.get(
    `${base}/tags`,
    {
      schema: {
        ...op('listCommunityTags', "The institution's member tags with counts"),
        params: PartnerIdParams,
        response: { 200: TagsReply },
      },
      preHandler,
    },
    async (req) => audience.tags(req.user, req.params.id),
  );
  app.post(
    `${base}/tags`,
    {
      schema: {
        ...op('createCommunityTag', 'A manual tag, or a rule tag evaluated on demand'),
        params: PartnerIdParams,
        body: TagBody,
        response: { 201: TagView },
      },
      preHandler,
    },
    async (req, reply) => reply.code(201).send(await audience.createTag(req.user, req.params.id, req.body)),
  );
  app.delete(
    `${base}/tags/:tagId`,
    { schema: { ...op('deleteCommunityTag', 'Delete a tag'), params: TagIdParams }, preHandler },
    async (req, reply) => {
      await audience.deleteTag(req.user, req.params.id, req.params.tagId);
      return reply.code(204).send();
    },
  );
  app.put(
    `${base}/tags/:tagId/members`,
    {
      schema: {
        ...op('changeCommunityTagMembers', 'Add members to or remove them from a manual tag'),
        params: TagIdParams,
        body: TagMembersBody,
        response: { 200: TagView },
      },
      preHandler,
    },
    async (req) => audience.setTagMembers(req.user, req.params.id, req.params.tagId, req.body),
  );
  app.get(
    `${base}/audience-members`,
    {
      schema: {
        ...op(
          'listAudienceMembers',
          "The institution's members as opaque references, with their manual tags",
        ),
        params: PartnerIdParams,
        querystring: AudienceMembersQuery,
        response: { 200: AudienceMembersReply },
      },
      preHandler,
    },
    async (req) => audience.members(req.user, req.params.id, req.query.page),
  );
  app.post(
    `${base}/audiences/preview`,
    {
      schema: {
        ...op('previewAudience', "An audience's size (small counts suppressed), never who"),
        params: PartnerIdParams,
        body: AudienceDefinition,
        response: { 200: SuppressedCount },
      },
      preHandler,
    },
    async (req) => audience.preview(req.user, req.params.id, req.body),
  );
  app.post(
    `${base}/audience-sends`,
    {
      schema: {
        ...op('sendToAudience', 'Send a message to an audience through notifications'),
        params: PartnerIdParams,
        body: AudienceSendBody,
        response: { 201: AudienceSendView },
      },
      preHandler,
    },
    async (req, reply) => reply.code(201).send(await audience.send(req.user, req.params.id, req.body)),
  );
  app.get(
    `${base}/audience-sends`,
    {
      schema: {
        ...op('listAudienceSends', 'The audit of sends (owners)'),
        params: PartnerIdParams,
        response: { 200: AudienceSendsReply },
      },
      preHandler,
    },
    async (req) => audience.sends(req.user, req.params.id),
  );

  const mine = { security: SECURITY.session, tags };
  app.get(
    '/me/institution-messages',
    {
      schema: {
        ...mine,
        operationId: 'getInstitutionMessagePrefs',
        summary: 'My marketing consent and the institutions I stopped',
        response: { 200: InstitutionMessagePrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => audience.prefs(req.user),
  );
  app.put(
    '/me/institution-messages/marketing',
    {
      schema: {
        ...mine,
        operationId: 'setMarketingConsent',
        summary: 'Agree (or not) to receive marketing from institutions',
        body: MarketingConsentBody,
        response: { 200: InstitutionMessagePrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => audience.setMarketing(req.user, req.body.consent),
  );
  app.put(
    '/me/institution-messages/opt-outs/:partnerId',
    {
      schema: {
        ...mine,
        operationId: 'optOutOfInstitution',
        summary: "Stop an institution's messages (one tap)",
        params: OptOutParams,
        response: { 200: InstitutionMessagePrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => audience.optOut(req.user, req.params.partnerId),
  );
  app.delete(
    '/me/institution-messages/opt-outs/:partnerId',
    {
      schema: {
        ...mine,
        operationId: 'optInToInstitution',
        summary: "Receive an institution's messages again",
        params: OptOutParams,
        response: { 200: InstitutionMessagePrefs },
      },
      preHandler: app.requireUser,
    },
    async (req) => audience.optIn(req.user, req.params.partnerId),
  );
};
