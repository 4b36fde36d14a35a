import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { SESSION_COOKIE } from '../accounts/index.ts';
import type { PrivacyService } from './privacy.service.ts';
import { PRIVACY_NOTICE } from './privacy-notice.ts';

const Section = z.object({ title: z.string(), body: z.string() });
const NoticeReply = z.object({
  version: z.string(),
  sections: z.array(z.object({ id: z.string(), zh: Section, en: Section })),
});

export const privacyRoutes: FastifyPluginAsyncZod<{ privacy: PrivacyService }> = async (app, { privacy }) => {
  app.get(
    '/privacy-notice',
    {
      schema: {
        operationId: 'getPrivacyNotice',
        security: SECURITY.public,
        tags: ['privacy'],
        summary: 'The privacy notice: what is collected, why, for how long, who sees it',
        response: { 200: NoticeReply },
      },
    },
    async () => PRIVACY_NOTICE,
  );

  app.get(
    '/me/export',
    {
      schema: {
        operationId: 'exportMyData',
        security: SECURITY.session,
        tags: ['privacy'],
        summary: 'Everything held about me, as JSON (PIPL right of access and portability)',
        response: { 200: z.record(z.string(), z.unknown()) },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      reply.header('content-disposition', 'attachment; filename="medrelay-my-data.json"');
      return privacy.exportData(req.user);
    },
  );

  app.delete(
    '/me',
    {
      schema: {
        operationId: 'deleteMyAccount',
        security: SECURITY.session,
        tags: ['privacy'],
        summary: 'Erase my account and personal data; my posts stay only as anonymous statistics',
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await privacy.erase(req.user);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );
};
