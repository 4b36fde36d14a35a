import {
  ApproveBody,
  AuditReply,
  BulkRemoveBody,
  BulkRemoveReply,
  DryRunReply,
  EditHeldPostBody,
  ModerationResult,
  MyPostView,
  PostIdParams,
  PublishRulesBody,
  QueueReply,
  RemoveBody,
  ReportBody,
  ReportReply,
  RoleBody,
  RoleReply,
  RulesBody,
  RulesReply,
  ScreenDraftBody,
  ScreenDraftReply,
} from '@medrelay/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { bySessionOrIp, softLimit, strictLimit } from '../../platform/rate-limits.ts';
import type { ModerationService } from './moderation.service.ts';

export const moderationRoutes: FastifyPluginAsyncZod<{ moderation: ModerationService }> = async (
  app,
  { moderation },
) => {
  app.post(
    '/posts/:id/reports',
    {
      schema: {
        operationId: 'reportPost',
        security: SECURITY.activeSession,
        tags: ['moderation'],
        summary: 'Report a post (trading, fake, spam, dangerous, personal information, other)',
        description: `Reports from ${3} distinct verified residents hide the post until a moderator reviews it.`,
        params: PostIdParams,
        body: ReportBody,
        response: { 201: ReportReply },
      },
      config: strictLimit('report'),
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => {
      const { hidden } = await moderation.report(req.user, req.params.id, req.body.reason, req.body.note);
      return reply.code(201).send({ reported: true as const, hidden });
    },
  );

  // Screening for residents (issue 16): the post form warns while typing, with the same rules and
  // model as publishing, and the owner of a held post edits it and has it screened again.
  app.post(
    '/posts/screen',
    {
      schema: {
        operationId: 'screenDraftPost',
        security: SECURITY.activeSession,
        tags: ['posts'],
        summary: "Screen a draft's note as publishing would: allowed, held for review or refused, and why",
        description:
          'Nothing is stored. The reasons are codes for the resident (price, trade, off_platform_contact…), never the rule that matched.',
        body: ScreenDraftBody,
        response: { 200: ScreenDraftReply },
      },
      config: softLimit('screen', bySessionOrIp),
      preHandler: app.requireActiveUser,
    },
    async (req) => moderation.screenDraft(req.body),
  );

  app.patch(
    '/posts/:id',
    {
      schema: {
        operationId: 'editHeldPost',
        security: SECURITY.verifiedSession,
        tags: ['posts'],
        summary:
          'Edit my held post (note, items); it is screened again and may publish, stay held or be refused',
        description:
          'Only a post held for review (409 invalid_transition otherwise). Refused as blocked: 422 post_blocked and the post stays as it was.',
        params: PostIdParams,
        body: EditHeldPostBody,
        response: { 200: MyPostView },
      },
      config: strictLimit('post'),
      preHandler: app.requireVerifiedUser,
    },
    async (req) => moderation.editHeld(req.user, req.params.id, req.body),
  );

  const mod = { preHandler: app.requireRole('moderator') };
  const tags = ['moderation'];

  app.get(
    '/moderation/queue',
    {
      schema: {
        operationId: 'getModerationQueue',
        security: SECURITY.moderator,
        tags,
        summary: 'Posts held for review and posts hidden by reports',
        response: { 200: QueueReply },
      },
      ...mod,
    },
    async () => ({ items: await moderation.queue() }),
  );
  app.post(
    '/moderation/posts/:id/approve',
    {
      schema: {
        operationId: 'approvePost',
        security: SECURITY.moderator,
        tags,
        summary: 'Publish a held or hidden post',
        params: PostIdParams,
        body: ApproveBody,
        response: { 200: ModerationResult },
      },
      ...mod,
    },
    async (req) => moderation.approve(req.user, req.params.id, req.body.note),
  );
  app.post(
    '/moderation/posts/:id/remove',
    {
      schema: {
        operationId: 'removePost',
        security: SECURITY.moderator,
        tags,
        summary: 'Take a post down with a reason the poster sees',
        params: PostIdParams,
        body: RemoveBody,
        response: { 200: ModerationResult },
      },
      ...mod,
    },
    async (req) => moderation.remove(req.user, req.params.id, req.body.reason, req.body.note),
  );
  app.post(
    '/moderation/posts/:id/ban-author',
    {
      schema: {
        operationId: 'banPostAuthor',
        security: SECURITY.moderator,
        tags,
        summary: "Ban the post's author: the account and its verified identity; their posts come down",
        params: PostIdParams,
        body: RemoveBody,
        response: { 200: z.object({ removedPosts: z.number().int() }) },
      },
      ...mod,
    },
    async (req) => moderation.banAuthor(req.user, req.params.id, req.body.reason),
  );
  app.post(
    '/moderation/posts/bulk-remove',
    {
      schema: {
        operationId: 'bulkRemovePosts',
        security: SECURITY.moderator,
        tags,
        summary: "Take down many held posts (one account's obvious spam) with one reason, optionally banning",
        description:
          'All or nothing: a post that is not held any more refuses the whole decision with 409 post_not_pending.',
        body: BulkRemoveBody,
        response: { 200: BulkRemoveReply },
      },
      ...mod,
    },
    async (req) => moderation.bulkRemove(req.user, req.body),
  );
  app.get(
    '/moderation/rules',
    {
      schema: {
        operationId: 'getModerationRules',
        security: SECURITY.moderator,
        tags,
        summary: 'The active anti-trade rule set',
        response: { 200: RulesReply },
      },
      ...mod,
    },
    async () => moderation.rules(),
  );
  app.post(
    '/moderation/rules/dry-run',
    {
      schema: {
        operationId: 'dryRunRules',
        security: SECURITY.moderator,
        tags,
        summary: 'Try edited rules on recent posts without publishing them',
        body: RulesBody,
        response: { 200: DryRunReply },
      },
      ...mod,
    },
    async (req) => moderation.dryRun(req.body.rules),
  );
  app.put(
    '/moderation/rules',
    {
      schema: {
        operationId: 'publishRules',
        security: SECURITY.moderator,
        tags,
        summary: 'Publish edited rules as a new version',
        description:
          'With baseVersion, refused with 409 rules_changed if another moderator published meanwhile.',
        body: PublishRulesBody,
        response: { 200: RulesReply },
      },
      ...mod,
    },
    async (req) => moderation.publishRules(req.user, req.body.rules, req.body.note, req.body.baseVersion),
  );
  app.get(
    '/moderation/audit',
    {
      schema: {
        operationId: 'listModerationAudit',
        security: SECURITY.moderator,
        tags,
        summary: 'Every moderator and admin action, newest first',
        response: { 200: AuditReply },
      },
      ...mod,
    },
    async () => ({
      items: (await moderation.auditLog()).map((a) => ({ ...a, createdAt: a.createdAt.toISOString() })),
    }),
  );
  app.post(
    '/admin/roles',
    {
      schema: {
        operationId: 'grantRole',
        security: SECURITY.admin,
        tags: ['admin'],
        summary: 'Grant or withdraw the moderator or admin role',
        body: RoleBody,
        response: { 200: RoleReply },
      },
      preHandler: app.requireRole('admin'),
    },
    async (req) =>
      moderation.setRole(req.user, req.body.phone, req.body.role) as Promise<z.infer<typeof RoleReply>>,
  );
};
