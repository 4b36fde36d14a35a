import {
  GroupPublicView,
  JoinBody,
  JoinTokenParams,
  MyGroupParams,
  MyGroupReply,
  MyGroupsReply,
  PublicArticleParams,
  PublicArticleView,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { CommunityServices } from './community-services.ts';

/** A resident's side of community: my groups, joining by link, leaving, public article pages. */
export const communityRoutes: FastifyPluginAsyncZod<CommunityServices> = async (app, services) => {
  const { groups, articles } = services;
  const tags = ['community'];

  app.get(
    '/groups/join/:token',
    {
      schema: {
        operationId: 'previewGroupByLink',
        security: SECURITY.optionalSession,
        tags,
        summary: 'A group as its join link shows it: name, institution, rules (and whether I am in)',
        params: JoinTokenParams,
        response: { 200: GroupPublicView },
      },
      preHandler: app.optionalUser,
    },
    async (req) => groups.preview(req.params.token, req.user ?? undefined),
  );

  app.post(
    '/groups/join/:token',
    {
      schema: {
        operationId: 'joinGroup',
        security: SECURITY.activeSession,
        tags,
        summary: 'Join a group by its link, with a nickname the operators see only if I agree',
        params: JoinTokenParams,
        body: JoinBody,
        response: { 200: GroupPublicView },
      },
      preHandler: app.requireActiveUser,
    },
    async (req) => groups.join(req.user, req.params.token, req.body),
  );

  app.get(
    '/me/groups',
    {
      schema: {
        operationId: 'listMyGroups',
        security: SECURITY.session,
        tags,
        summary: 'The groups I joined',
        response: { 200: MyGroupsReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => groups.myGroups(req.user),
  );

  app.get(
    '/me/groups/:groupId',
    {
      schema: {
        operationId: 'getMyGroup',
        security: SECURITY.session,
        tags,
        summary: 'One of my groups: announcements (pinned first) and the articles it was sent',
        params: MyGroupParams,
        response: { 200: MyGroupReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => services.myGroup(req.user, req.params.groupId),
  );

  app.delete(
    '/me/groups/:groupId',
    {
      schema: {
        operationId: 'leaveGroup',
        security: SECURITY.session,
        tags,
        summary: 'Leave a group',
        params: MyGroupParams,
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await groups.leave(req.user, req.params.groupId);
      return reply.code(204).send();
    },
  );

  app.get(
    '/articles/:articleId',
    {
      schema: {
        operationId: 'getPublicArticle',
        security: SECURITY.public,
        tags,
        summary: 'A published article (sanitised HTML), for its public page and share card',
        params: PublicArticleParams,
        response: { 200: PublicArticleView },
      },
    },
    async (req) => articles.publicView(req.params.articleId),
  );
};
