import { randomBytes } from 'node:crypto';
import {
  JsSdkConfigQuery,
  JsSdkConfigReply,
  MeView,
  ShareCardQuery,
  ShareCardView,
  WebTicketQuery,
  WebTicketReply,
  WechatBindPhoneBody,
  WechatBindSmsBody,
  WechatIdentitiesReply,
  WechatKindParams,
  WechatLinkBody,
  WechatLoginBody,
  WechatLoginReply,
  WechatOauthCallbackQuery,
  WechatOauthQuery,
} from '@medrelay/contracts';
import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { SECURITY } from '../../platform/openapi/security.ts';
import { byIp, strictLimit } from '../../platform/rate-limits.ts';
import { type AccountsService, setSessionCookie, type User } from '../accounts/index.ts';
import type { ShareCards } from './share-cards.ts';
import { BIND_TTL_MS, type SignIn, safeNext, type WechatAccounts } from './wechat.service.ts';

// The OAuth state and where to go after it (10 minutes), and a pending WeChat user's bind token.
const STATE_COOKIE = 'mr_wxo';
const BIND_COOKIE = 'mr_wxb';

export const wechatRoutes: FastifyPluginAsyncZod<{
  wechat: WechatAccounts;
  accounts: AccountsService;
  cards: ShareCards;
  publicUrl: string;
  secureCookies: boolean;
  /** The partner's deep link if `user` is its member (the partners module checks, 403/404 otherwise). */
  partnerDeepLink: (user: User, partnerId: string) => Promise<string>;
}> = async (app, { wechat, accounts, cards, publicUrl, secureCookies, partnerDeepLink }) => {
  const tags = ['wechat'];
  const base = publicUrl.replace(/\/$/, '');
  const shortCookie = (reply: FastifyReply, name: string, value: string, cookiePath: string) =>
    reply.setCookie(name, value, {
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      path: cookiePath,
      maxAge: BIND_TTL_MS / 1000,
    });

  async function answer(reply: FastifyReply, result: SignIn) {
    if (result.status === 'logged_in') {
      setSessionCookie(reply, result.token, secureCookies);
      return { status: 'logged_in' as const, me: await accounts.me(result.user) };
    }
    return result;
  }

  app.post(
    '/auth/wechat/miniprogram',
    {
      schema: {
        operationId: 'loginWithWechatMiniProgram',
        security: SECURITY.public,
        tags,
        summary: 'Log in from the mini program with a wx.login code (a new WeChat user binds a phone next)',
        body: WechatLoginBody,
        response: { 200: WechatLoginReply },
      },
      config: strictLimit('login', byIp),
    },
    async (req, reply) => answer(reply, await wechat.miniprogramLogin(req.body.code)),
  );

  app.post(
    '/auth/wechat/phone',
    {
      schema: {
        operationId: 'bindWechatPhone',
        security: SECURITY.public,
        tags,
        summary: "Bind a pending WeChat user's phone from the getPhoneNumber button's code; logs in",
        body: WechatBindPhoneBody,
        response: { 200: MeView },
      },
      config: strictLimit('login', byIp),
    },
    async (req, reply) => {
      const { token, user } = await wechat.bindPhone(req.body.bindToken, req.body.phoneCode);
      setSessionCookie(reply, token, secureCookies);
      return accounts.me(user);
    },
  );

  app.post(
    '/auth/wechat/sms',
    {
      schema: {
        operationId: 'bindWechatPhoneBySms',
        security: SECURITY.public,
        tags,
        summary: 'Bind a pending WeChat user to a phone with an SMS login code; logs in',
        description:
          'The bind token comes in the body (mini program) or in the cookie the OAuth callback set (H5).',
        body: WechatBindSmsBody,
        response: { 200: MeView },
      },
      config: strictLimit('login', byIp),
    },
    async (req, reply) => {
      const bindToken = req.body.bindToken ?? req.cookies[BIND_COOKIE];
      const { token, user } = await wechat.bindSms(bindToken, req.body.phone, req.body.code);
      setSessionCookie(reply, token, secureCookies);
      reply.clearCookie(BIND_COOKIE, { path: '/api/v1/auth/wechat' });
      return accounts.me(user);
    },
  );

  app.get(
    '/auth/wechat/oauth',
    {
      schema: {
        operationId: 'startWechatOauth',
        security: SECURITY.public,
        tags,
        summary:
          'Inside WeChat: redirect to the official account’s authorisation (snsapi_base or snsapi_userinfo)',
        querystring: WechatOauthQuery,
        response: { 302: z.null() },
      },
    },
    async (req, reply) => {
      const state = randomBytes(16).toString('base64url');
      const next = safeNext(req.query.next);
      shortCookie(
        reply,
        STATE_COOKIE,
        `${state}.${Buffer.from(next).toString('base64url')}`,
        '/api/v1/auth/wechat',
      );
      const url = wechat.oauthAuthorizeUrl(
        `${base}/api/v1/auth/wechat/oauth/callback`,
        req.query.scope,
        state,
      );
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/auth/wechat/oauth/callback',
    {
      schema: {
        operationId: 'finishWechatOauth',
        security: SECURITY.optionalSession,
        tags,
        summary:
          'The official account’s redirect: logs in, links to the logged-in account, or asks for a phone',
        querystring: WechatOauthCallbackQuery,
        response: { 302: z.null() },
      },
      preHandler: app.optionalUser,
    },
    async (req, reply) => {
      const [state, nextB64] = (req.cookies[STATE_COOKIE] ?? '').split('.');
      if (!state || state !== req.query.state || !req.query.code)
        throw new AppError('wechat_code_invalid', 400, { field: 'state' });
      reply.clearCookie(STATE_COOKIE, { path: '/api/v1/auth/wechat' });
      const next = safeNext(Buffer.from(nextB64 ?? '', 'base64url').toString('utf8'));
      const withFlag = (flag: string) => `${next}${next.includes('?') ? '&' : '?'}wechat=${flag}`;
      let result: Awaited<ReturnType<WechatAccounts['oauthLogin']>>;
      try {
        result = await wechat.oauthLogin(req.query.code, req.user);
      } catch (err) {
        if (err instanceof AppError && err.code === 'wechat_already_linked')
          return reply.redirect(withFlag('already_linked'), 302);
        throw err;
      }
      if (result.status === 'linked') return reply.redirect(withFlag('linked'), 302);
      if (result.status === 'logged_in') {
        setSessionCookie(reply, result.token, secureCookies);
        return reply.redirect(next, 302);
      }
      shortCookie(reply, BIND_COOKIE, result.bindToken, '/api/v1/auth/wechat');
      // The Me page's SMS login sends the code to /auth/wechat/sms while ?wechat=bind is set.
      return reply.redirect(`/me?wechat=bind&next=${encodeURIComponent(next)}`, 302);
    },
  );

  app.get(
    '/me/wechat',
    {
      schema: {
        operationId: 'listWechatIdentities',
        security: SECURITY.session,
        tags,
        summary: 'The WeChat apps this account is linked to (never the openid)',
        response: { 200: WechatIdentitiesReply },
      },
      preHandler: app.requireUser,
    },
    async (req) => wechat.identities(req.user),
  );

  app.post(
    '/me/wechat',
    {
      schema: {
        operationId: 'linkWechat',
        security: SECURITY.session,
        tags,
        summary: 'Link a WeChat app to this account with a fresh code of it (409 if it is another account’s)',
        body: WechatLinkBody,
        response: { 200: WechatIdentitiesReply },
      },
      config: strictLimit('login'),
      preHandler: app.requireUser,
    },
    async (req) => {
      await wechat.linkWithCode(req.user, req.body.kind, req.body.code);
      return wechat.identities(req.user);
    },
  );

  app.delete(
    '/me/wechat/:kind',
    {
      schema: {
        operationId: 'unlinkWechat',
        security: SECURITY.session,
        tags,
        summary: 'Unlink a WeChat app from this account (subscribe messages stop with the mini program)',
        params: WechatKindParams,
        response: { 204: z.null() },
      },
      preHandler: app.requireUser,
    },
    async (req, reply) => {
      await wechat.unlink(req.user, req.params.kind);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/auth/ticket',
    {
      schema: {
        operationId: 'createWebTicket',
        security: SECURITY.session,
        tags,
        summary: 'A one-time ticket (60 s) that opens the H5 app logged in, for the mini program’s web-view',
        response: { 201: WebTicketReply },
      },
      config: strictLimit('login'),
      preHandler: app.requireUser,
    },
    async (req, reply) => reply.code(201).send(await wechat.createTicket(req.user)),
  );

  app.get(
    '/auth/ticket',
    {
      schema: {
        operationId: 'useWebTicket',
        security: SECURITY.public,
        tags,
        summary: 'Exchange a web-view ticket for the session cookie and go to `next` (a path of this site)',
        querystring: WebTicketQuery,
        response: { 302: z.null() },
      },
      config: strictLimit('login', byIp),
    },
    async (req, reply) => {
      const { token } = await wechat.useTicket(req.query.ticket);
      setSessionCookie(reply, token, secureCookies);
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      return reply.redirect(safeNext(req.query.next), 302);
    },
  );

  app.get(
    '/wechat/jssdk-config',
    {
      schema: {
        operationId: 'getWechatJsSdkConfig',
        security: SECURITY.public,
        tags,
        summary: 'wx.config for a page of this site inside WeChat: appId, timestamp, nonceStr, signature',
        querystring: JsSdkConfigQuery,
        response: { 200: JsSdkConfigReply },
      },
    },
    async (req) => {
      let url: URL;
      try {
        url = new URL(req.query.url);
      } catch {
        throw new AppError('url_not_allowed', 400, { field: 'url' });
      }
      const site = new URL(base);
      if (url.origin !== site.origin || !url.pathname.startsWith(site.pathname))
        throw new AppError('url_not_allowed', 400, { field: 'url' });
      return wechat.jsSdkConfig(req.query.url);
    },
  );

  app.get(
    '/partners/:id/deep-link/wxacode',
    {
      schema: {
        operationId: 'getPartnerMiniProgramCode',
        security: SECURITY.activeSession,
        tags,
        summary: "The partner's deep link as a mini program code (小程序码, getwxacodeunlimit) for posters",
        description:
          'Opens the mini program on the square credited to the partner. 404 wechat_unavailable without a mini program.',
        params: z.strictObject({ id: z.uuid() }),
      },
      preHandler: app.requireActiveUser,
    },
    async (req, reply) => {
      const link = new URL(await partnerDeepLink(req.user, req.params.id));
      const ref = link.searchParams.get('ref') ?? '';
      const { contentType, bytes } = await wechat.partnerCode(ref);
      return reply.type(contentType).header('cache-control', 'private, max-age=3600').send(bytes);
    },
  );

  app.get(
    '/share',
    {
      schema: {
        operationId: 'getShareCard',
        security: SECURITY.public,
        tags,
        summary:
          'The share card of a page (post, square with filters, partner link): title, desc, image, link',
        querystring: ShareCardQuery,
        response: { 200: ShareCardView },
      },
    },
    async (req) => {
      const p = req.query.path;
      if (!p.startsWith('/') || p.startsWith('//'))
        throw new AppError('url_not_allowed', 400, { field: 'path' });
      const card = await cards.card(p);
      if (!card) throw new AppError('not_found', 404, { field: 'path' });
      return card;
    },
  );

  app.get(
    '/share/images/:kind',
    {
      schema: {
        operationId: 'getShareImage',
        security: SECURITY.public,
        tags,
        summary: 'The share card picture of a kind of post or of the square (PNG, 1200×630)',
        params: z.strictObject({ kind: z.enum(['need.png', 'offer.png', 'square.png']) }),
      },
    },
    async (req, reply) => {
      const kind = req.params.kind.replace('.png', '') as 'need' | 'offer' | 'square';
      return reply.type('image/png').header('cache-control', 'public, max-age=86400').send(cards.image(kind));
    },
  );
};
