import type { FastifyPluginAsync } from 'fastify';
import { SECURITY } from '../../platform/openapi/security.ts';
import type { PaymentsService } from './payments.service.ts';

/**
 * WeChat Pay's callback (支付通知). The signature covers the body byte for byte, so this route
 * takes the body as the raw string it came as. Answered 204 when handled (WeChat Pay stops
 * retrying), 401 for a forged or altered notice (nothing changed).
 */
export const paymentsRoutes: FastifyPluginAsync<{ payments: PaymentsService }> = async (
  app,
  { payments },
) => {
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  app.post(
    '/payments/wechat/notify',
    {
      schema: {
        operationId: 'wechatPayNotify',
        tags: ['payments'],
        summary: 'WeChat Pay API v3 callback (signed by WeChat Pay; resource encrypted with the APIv3 key)',
        security: SECURITY.public,
      },
    },
    async (req, reply) => {
      await payments.notice(req.headers, typeof req.body === 'string' ? req.body : '');
      return reply.code(204).send();
    },
  );
};
