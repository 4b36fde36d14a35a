import { LoginBody, MeView, SendCodeBody, SendCodeReply, VerificationBody } from '@medrelay/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SECURITY } from '../../platform/openapi/security.ts';
import { byIp, strictLimit } from '../../platform/rate-limits.ts';
import type { AccountsService } from './accounts.service.ts';
import { SESSION_ABSOLUTE_MS } from './accounts.service.ts';
import type { VerificationService } from './verification.service.ts';

export const SESSION_COOKIE = 'mr_sid';

/** Sets the HttpOnly session cookie (SMS login, WeChat login, a web-view ticket). */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure,
    path: '/',
    maxAge: SESSION_ABSOLUTE_MS / 1000,
  });
}

export const accountsRoutes: FastifyPluginAsyncZod<{
  accounts: AccountsService;
  verification: VerificationService;
  secureCookies: boolean;
}> = async (app, { accounts, verification, secureCookies }) => {
  app.post(
    '/auth/sms',
    {
      schema: {
        operationId: 'requestLoginCode',
        security: SECURITY.public,
        tags: ['auth'],
        summary: 'Send a 6-digit one-time login code (valid 5 minutes; at most one a minute per phone)',
        body: SendCodeBody,
        response: { 200: SendCodeReply },
      },
      config: strictLimit('sms', byIp),
    },
    async (req) => ({ sent: true as const, ...(await accounts.sendCode(req.body.phone, req.ip)) }),
  );

  app.post(
    '/auth/login',
    {
      schema: {
        operationId: 'loginWithCode',
        security: SECURITY.public,
        tags: ['auth'],
        summary: 'Log in with the code; sets an HttpOnly session cookie',
        body: LoginBody,
        response: { 200: MeView },
      },
      config: strictLimit('login', byIp),
    },
    async (req, reply) => {
      const { token, user } = await accounts.login(req.body.phone, req.body.code);
      // A fresh token at every login: a session id planted before login is never promoted.
      setSessionCookie(reply, token, secureCookies);
      return await accounts.me(user);
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        operationId: 'logout',
        security: SECURITY.optionalSession,
        tags: ['auth'],
        summary: 'End the session',
        response: { 204: z.null() },
      },
    },
    async (req, reply) => {
      const token = req.cookies[SESSION_COOKIE];
      if (token) await accounts.logout(token);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        operationId: 'getMe',
        security: SECURITY.session,
        tags: ['auth'],
        summary: 'The logged-in account',
        response: { 200: MeView },
      },
      preHandler: app.requireUser,
    },
    async (req) => accounts.me(req.user),
  );

  app.post(
    '/me/verification',
    {
      schema: {
        operationId: 'verifyIdentity',
        security: SECURITY.session,
        tags: ['auth'],
        summary: '实名核验: verify the account with a name and a resident ID number (GB 11643)',
        description:
          'The ID number is checked (check character, region, birth date, age ≥ 14) and then passed to the ' +
          'configured verifier. Only a keyed hash and masked forms are stored.',
        body: VerificationBody,
        response: { 200: MeView },
      },
      config: strictLimit('verification'),
      preHandler: app.requireUser,
    },
    async (req) => accounts.me(await verification.verify(req.user, req.body)),
  );
};
