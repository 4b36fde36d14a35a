import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { AppError } from '../../platform/errors.ts';
import { SESSION_COOKIE } from './accounts.routes.ts';
import type { AccountsService, User } from './accounts.service.ts';

type Role = User['role'];
const RANK: Record<Role, number> = { resident: 0, moderator: 1, admin: 2 };

declare module 'fastify' {
  interface FastifyInstance {
    /** Logged in; banned accounts may still read, export and erase their data. */
    requireUser: preHandlerAsyncHookHandler;
    /** Sets `req.user` when a valid session comes with the request; anonymous requests pass. */
    optionalUser: preHandlerAsyncHookHandler;
    /** Logged in and not banned: may report. */
    requireActiveUser: preHandlerAsyncHookHandler;
    /** Not banned and real-name verified when the platform requires it (the default): may publish, reveal. */
    requireVerifiedUser: preHandlerAsyncHookHandler;
    /** Moderator or admin (admin includes moderator). */
    requireRole(role: Exclude<Role, 'resident'>): preHandlerAsyncHookHandler;
  }
  interface FastifyRequest {
    user: User;
  }
}

/** Route guards, decorated on the root instance so every module's routes can name them. */
export function installGuards(
  app: FastifyInstance,
  accounts: AccountsService,
  opts: { requireVerification: boolean },
) {
  const load = async (req: FastifyRequest) => {
    const user = await accounts.authenticate(req.cookies[SESSION_COOKIE]);
    if (!user) throw new AppError('unauthenticated', 401);
    req.user = user;
    return user;
  };
  const active = async (req: FastifyRequest) => {
    const user = await load(req);
    if (user.bannedAt) throw new AppError('account_banned', 403);
    return user;
  };
  app.decorateRequest('user');
  app.decorate('requireUser', async (req: FastifyRequest) => {
    await load(req);
  });
  app.decorate('optionalUser', async (req: FastifyRequest) => {
    const user = await accounts.authenticate(req.cookies[SESSION_COOKIE]);
    if (user) req.user = user;
  });
  app.decorate('requireActiveUser', async (req: FastifyRequest) => {
    await active(req);
  });
  app.decorate('requireVerifiedUser', async (req: FastifyRequest) => {
    const user = await active(req);
    if (opts.requireVerification && !user.verifiedAt) throw new AppError('verification_required', 403);
  });
  app.decorate('requireRole', (role: Exclude<Role, 'resident'>) => async (req: FastifyRequest) => {
    const user = await active(req);
    if (RANK[user.role] < RANK[role]) throw new AppError('forbidden', 403, { role });
  });
}
