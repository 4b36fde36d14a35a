import {
  AnnouncementBody,
  AnnouncementParams,
  AnnouncementsReply,
  AnnouncementView,
  ArticleActionBody,
  ArticleBody,
  ArticleIdParams,
  ArticlesReply,
  ArticleView,
  GroupBody,
  GroupIdParams,
  GroupMembersReply,
  GroupPatchBody,
  GroupsReply,
  GroupView,
  JoinQrReply,
  PartnerIdParams,
  PinBody,
  ReviewerBody,
  ReviewersReply,
  ScheduleBody,
  ScheduleParams,
  ScheduleReply,
  ScheduleView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { CommunityServices } from './community-services.ts';

/** The operator's side of community in the partner workspace (/partner/:id): groups, content, calendar. */
export const communityWorkspaceRoutes: FastifyPluginAsyncZod<CommunityServices> = async (
  app,
  { groups, articles, calendar },
) => {
  const tags = ['community'];
  const security = SECURITY.activeSession;
  const preHandler = app.requireActiveUser;
  const base = '/partners/:id/community';

  app.get(
    `${base}/groups`,
    {
      schema: {
        operationId: 'listCommunityGroups',
        security,
        tags,
        summary: "The institution's groups",
        params: PartnerIdParams,
        response: { 200: GroupsReply },
      },
      preHandler,
    },
    async (req) => groups.list(req.user, req.params.id),
  );
  app.post(
    `${base}/groups`,
    {
      schema: {
        operationId: 'createCommunityGroup',
        security,
        tags,
        summary: 'Create a group by neighbourhood or topic',
        params: PartnerIdParams,
        body: GroupBody,
        response: { 201: GroupView },
      },
      preHandler,
    },
    async (req, reply) => reply.code(201).send(await groups.create(req.user, req.params.id, req.body)),
  );
  app.patch(
    `${base}/groups/:groupId`,
    {
      schema: {
        operationId: 'updateCommunityGroup',
        security,
        tags,
        summary: "Change a group's name, description, rules or WeCom robot key",
        params: GroupIdParams,
        body: GroupPatchBody,
        response: { 200: GroupView },
      },
      preHandler,
    },
    async (req) => groups.update(req.user, req.params.id, req.params.groupId, req.body),
  );
  app.delete(
    `${base}/groups/:groupId`,
    {
      schema: {
        operationId: 'archiveCommunityGroup',
        security,
        tags,
        summary: 'Archive a group (its link stops working)',
        params: GroupIdParams,
      },
      preHandler,
    },
    async (req, reply) => {
      await groups.archive(req.user, req.params.id, req.params.groupId);
      return reply.code(204).send();
    },
  );
  app.get(
    `${base}/groups/:groupId/qr`,
    {
      schema: {
        operationId: 'getCommunityGroupQr',
        security,
        tags,
        summary: "The group's join link and its QR code (SVG)",
        params: GroupIdParams,
        response: { 200: JoinQrReply },
      },
      preHandler,
    },
    async (req) => groups.joinQr(req.user, req.params.id, req.params.groupId),
  );
  app.get(
    `${base}/groups/:groupId/members`,
    {
      schema: {
        operationId: 'listCommunityGroupMembers',
        security,
        tags,
        summary: 'Members, as far as each agreed to be seen (masked by default)',
        params: GroupIdParams,
        querystring: z.object({ page: z.coerce.number().int().min(1).max(1000).default(1) }),
        response: { 200: GroupMembersReply },
      },
      preHandler,
    },
    async (req) => groups.members(req.user, req.params.id, req.params.groupId, req.query.page),
  );
  app.get(
    `${base}/groups/:groupId/announcements`,
    {
      schema: {
        operationId: 'listCommunityAnnouncements',
        security,
        tags,
        summary: "A group's announcements, pinned first",
        params: GroupIdParams,
        response: { 200: AnnouncementsReply },
      },
      preHandler,
    },
    async (req) => groups.announcements(req.user, req.params.id, req.params.groupId),
  );
  app.post(
    `${base}/groups/:groupId/announcements`,
    {
      schema: {
        operationId: 'postCommunityAnnouncement',
        security,
        tags,
        summary: 'Post an announcement: members are notified; optionally mirrored to the WeCom group',
        params: GroupIdParams,
        body: AnnouncementBody,
        response: { 201: AnnouncementView },
      },
      preHandler,
    },
    async (req, reply) =>
      reply.code(201).send(await groups.announce(req.user, req.params.id, req.params.groupId, req.body)),
  );
  app.put(
    `${base}/groups/:groupId/announcements/:announcementId/pin`,
    {
      schema: {
        operationId: 'pinCommunityAnnouncement',
        security,
        tags,
        summary: 'Pin or unpin an announcement',
        params: AnnouncementParams,
        body: PinBody,
        response: { 200: AnnouncementView },
      },
      preHandler,
    },
    async (req) =>
      groups.pin(req.user, req.params.id, req.params.groupId, req.params.announcementId, req.body.pinned),
  );
  app.delete(
    `${base}/groups/:groupId/announcements/:announcementId`,
    {
      schema: {
        operationId: 'deleteCommunityAnnouncement',
        security,
        tags,
        summary: 'Delete an announcement',
        params: AnnouncementParams,
      },
      preHandler,
    },
    async (req, reply) => {
      await groups.removeAnnouncement(req.user, req.params.id, req.params.groupId, req.params.announcementId);
      return reply.code(204).send();
    },
  );

  app.get(
    `${base}/articles`,
    {
      schema: {
        operationId: 'listCommunityArticles',
        security,
        tags,
        summary: "The institution's content library",
        params: PartnerIdParams,
        response: { 200: ArticlesReply },
      },
      preHandler,
    },
    async (req) => articles.list(req.user, req.params.id),
  );
  app.post(
    `${base}/articles`,
    {
      schema: {
        operationId: 'createCommunityArticle',
        security,
        tags,
        summary: 'Write an article (a draft until a doctor or pharmacist reviews it)',
        params: PartnerIdParams,
        body: ArticleBody,
        response: { 201: ArticleView },
      },
      preHandler,
    },
    async (req, reply) => reply.code(201).send(await articles.create(req.user, req.params.id, req.body)),
  );
  app.put(
    `${base}/articles/:articleId`,
    {
      schema: {
        operationId: 'updateCommunityArticle',
        security,
        tags,
        summary: 'Edit an article (it becomes a draft again)',
        params: ArticleIdParams,
        body: ArticleBody,
        response: { 200: ArticleView },
      },
      preHandler,
    },
    async (req) => articles.update(req.user, req.params.id, req.params.articleId, req.body),
  );
  app.post(
    `${base}/articles/:articleId/actions`,
    {
      schema: {
        operationId: 'stepCommunityArticle',
        security,
        tags,
        summary: 'Review (a doctor or pharmacist, not the author), publish or unpublish an article',
        params: ArticleIdParams,
        body: ArticleActionBody,
        response: { 200: ArticleView },
      },
      preHandler,
    },
    async (req) => articles.act(req.user, req.params.id, req.params.articleId, req.body.action),
  );
  app.get(
    `${base}/reviewers`,
    {
      schema: {
        operationId: 'listCommunityReviewers',
        security,
        tags,
        summary: 'Members who may review articles, as doctor or pharmacist',
        params: PartnerIdParams,
        response: { 200: ReviewersReply },
      },
      preHandler,
    },
    async (req) => articles.reviewers(req.user, req.params.id),
  );
  app.put(
    `${base}/reviewers`,
    {
      schema: {
        operationId: 'setCommunityReviewer',
        security,
        tags,
        summary: 'Mark a member as a doctor or pharmacist who may review (owners)',
        params: PartnerIdParams,
        body: ReviewerBody,
        response: { 200: ReviewersReply },
      },
      preHandler,
    },
    async (req) => articles.setReviewer(req.user, req.params.id, req.body),
  );
  app.delete(
    `${base}/reviewers/:userId`,
    {
      schema: {
        operationId: 'removeCommunityReviewer',
        security,
        tags,
        summary: 'No longer a reviewer (owners)',
        params: z.object({ id: z.uuid(), userId: z.uuid() }),
        response: { 200: ReviewersReply },
      },
      preHandler,
    },
    async (req) => articles.removeReviewer(req.user, req.params.id, req.params.userId),
  );

  app.get(
    `${base}/groups/:groupId/schedule`,
    {
      schema: {
        operationId: 'listCommunitySchedule',
        security,
        tags,
        summary: "A group's content calendar",
        params: GroupIdParams,
        response: { 200: ScheduleReply },
      },
      preHandler,
    },
    async (req) => calendar.list(req.user, req.params.id, req.params.groupId),
  );
  app.post(
    `${base}/groups/:groupId/schedule`,
    {
      schema: {
        operationId: 'scheduleCommunityArticle',
        security,
        tags,
        summary: 'Schedule a published article into the group at a day and time (China time)',
        params: GroupIdParams,
        body: ScheduleBody,
        response: { 201: ScheduleView },
      },
      preHandler,
    },
    async (req, reply) =>
      reply.code(201).send(await calendar.schedule(req.user, req.params.id, req.params.groupId, req.body)),
  );
  app.delete(
    `${base}/groups/:groupId/schedule/:scheduleId`,
    {
      schema: {
        operationId: 'cancelCommunitySchedule',
        security,
        tags,
        summary: 'Cancel a scheduled send that has not gone out',
        params: ScheduleParams,
      },
      preHandler,
    },
    async (req, reply) => {
      await calendar.cancel(req.user, req.params.id, req.params.groupId, req.params.scheduleId);
      return reply.code(204).send();
    },
  );
};
