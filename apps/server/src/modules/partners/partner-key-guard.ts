import type { Scope } from '@medrelay/contracts';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import {
  type AuthenticatedKey,
  hashKey,
  KEY_LIMITS,
  type PartnerKeysService,
} from './partner-keys.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    partnerKey: AuthenticatedKey;
  }
}

const bearer = (req: FastifyRequest) => /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];

/**
 * The partner API's guard, shared by every module that serves under /api/partner/v1: a secret key
 * holding `scope`, and a rate limit per key rather than per address (an institution's servers may
 * sit behind one gateway). The route plugin decorates the request with `partnerKey` once.
 */
export function partnerKeyGuard(keys: PartnerKeysService) {
  return {
    requireScope: (scope: Scope) => async (req: FastifyRequest) => {
      const found = await keys.authenticateKey(bearer(req));
      if (found.key.kind !== 'secret')
        throw new AppError('api_key_invalid', 401, { reason: 'publishable keys are for the widget' });
      if (!found.key.scopes.includes(scope)) throw new AppError('scope_missing', 403, { scope });
      req.partnerKey = found;
    },
    perKey: {
      rateLimit: {
        max: KEY_LIMITS.perMinute,
        timeWindow: 60_000,
        keyGenerator: (req: FastifyRequest) => `key:${hashKey(bearer(req) ?? req.ip).slice(0, 32)}`,
        groupId: 'partner-api',
      },
    },
  };
}
