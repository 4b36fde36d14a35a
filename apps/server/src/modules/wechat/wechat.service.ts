import { createHash, randomBytes } from 'node:crypto';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { VendorFailure } from '../../platform/vendors/vendor-http.ts';
import { BAD_CODE_ERRORS, WechatApiError, type WechatClient } from '../../platform/vendors/wechat-client.ts';
import type { AccountsService, User } from '../accounts/index.ts';
import { wechatRepo as repo } from './wechat.repo.ts';
import type { WechatKind } from './wechat.tables.ts';

export const BIND_TTL_MS = 10 * 60_000;
export const TICKET_TTL_MS = 60_000;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const newToken = () => randomBytes(24).toString('base64url');

/** A WeChat call's failure as a stable API error: a bad code is the caller's, the rest is WeChat's. */
export function wechatError(err: unknown, field = 'code'): unknown {
  if (err instanceof WechatApiError) {
    if (BAD_CODE_ERRORS.has(err.errcode)) return new AppError('wechat_code_invalid', 400, { field });
    return new AppError('wechat_unavailable', 503, { errcode: err.errcode });
  }
  if (err instanceof VendorFailure) return new AppError('wechat_unavailable', 503, { reason: err.reason });
  return err;
}

async function call<T>(p: Promise<T>, field?: string): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw wechatError(err, field);
  }
}

export type SignIn =
  | { status: 'logged_in'; token: string; user: User }
  | { status: 'phone_required'; bindToken: string; expiresInSeconds: number };

export interface WechatIdentity {
  kind: WechatKind;
  openid: string;
  unionid?: string;
}

/**
 * WeChat sign-in and account linking. A WeChat identity (an openid per app, a unionid across apps)
 * belongs to one phone account; a WeChat user without one binds a phone first (the getPhoneNumber
 * button, or an SMS code). openids and unionids never leave this module: answers name the kind of
 * app only.
 */
export function createWechatAccounts(deps: {
  db: Db;
  clock: Clock;
  accounts: AccountsService;
  miniprogram?: WechatClient;
  official?: WechatClient;
}) {
  const { db, clock, accounts } = deps;

  function clientOf(kind: WechatKind): WechatClient {
    const c = kind === 'miniprogram' ? deps.miniprogram : deps.official;
    // Not configured on this deployment: 404 (nothing to retry); WeChat failing is the 503 below.
    if (!c) throw new AppError('wechat_unavailable', 404, { kind, reason: 'not_configured' });
    return c;
  }

  /** Links an identity to an account; 409 if the openid is another account's or the account has another. */
  async function link(userId: string, id: WechatIdentity): Promise<void> {
    const appId = clientOf(id.kind).appId;
    const existing = await repo.byOpenid(db, appId, id.openid);
    if (existing) {
      if (existing.userId !== userId) throw new AppError('wechat_already_linked', 409, { kind: id.kind });
      return;
    }
    const inserted = await repo.insertIdentity(db, {
      userId,
      appId,
      kind: id.kind,
      openid: id.openid,
      unionid: id.unionid ?? null,
      createdAt: clock.now(),
    });
    if (!inserted) throw new AppError('wechat_already_linked', 409, { kind: id.kind });
    if (id.kind === 'miniprogram') await accounts.setWechatOpenid(userId, id.openid);
  }

  async function signIn(id: WechatIdentity): Promise<SignIn> {
    const appId = clientOf(id.kind).appId;
    let known = await repo.byOpenid(db, appId, id.openid);
    if (known && id.unionid && !known.unionid) await repo.setUnionid(db, appId, id.openid, id.unionid);
    if (!known && id.unionid) {
      // The same person through another of our WeChat apps: the unionid names their account.
      const sibling = await repo.byUnionid(db, id.unionid);
      if (sibling) {
        await link(sibling.userId, id);
        known = sibling;
      }
    }
    if (known) return { status: 'logged_in', ...(await accounts.startSession(known.userId)) };
    const bindToken = newToken();
    const now = clock.now();
    await repo.insertPending(
      db,
      {
        tokenHash: sha256(bindToken),
        appId,
        kind: id.kind,
        openid: id.openid,
        unionid: id.unionid ?? null,
        expiresAt: new Date(now.getTime() + BIND_TTL_MS),
      },
      now,
    );
    return { status: 'phone_required', bindToken, expiresInSeconds: BIND_TTL_MS / 1000 };
  }

  async function pending(bindToken: string | undefined) {
    const row = bindToken ? await repo.findPending(db, sha256(bindToken), clock.now()) : undefined;
    if (!row) throw new AppError('wechat_bind_expired', 400, { field: 'bindToken' });
    return row;
  }

  async function finishBind(bindToken: string, row: Awaited<ReturnType<typeof pending>>, userId: string) {
    await link(userId, { kind: row.kind, openid: row.openid, unionid: row.unionid ?? undefined });
    await repo.deletePending(db, sha256(bindToken));
  }

  return {
    enabled: (kind: WechatKind) => Boolean(kind === 'miniprogram' ? deps.miniprogram : deps.official),

    /** The mini program's wx.login code. */
    async miniprogramLogin(code: string): Promise<SignIn> {
      const id = await call(clientOf('miniprogram').code2Session(code));
      return signIn({ kind: 'miniprogram', ...id });
    },

    /** The official account's OAuth redirect code: sign in, or link to `viewer` when logged in. */
    async oauthLogin(
      code: string,
      viewer: User | undefined,
    ): Promise<SignIn | { status: 'linked'; user: User }> {
      const c = clientOf('official');
      const got = await call(c.oauthExchange(code));
      let unionid = got.unionid;
      if (!unionid && got.scope.includes('snsapi_userinfo'))
        unionid = (await call(c.oauthUserinfo(got.accessToken, got.openid))).unionid;
      const id: WechatIdentity = { kind: 'official', openid: got.openid, unionid };
      if (viewer) {
        await link(viewer.id, id);
        return { status: 'linked', user: viewer };
      }
      return signIn(id);
    },

    /** A pending WeChat user binds the phone from the getPhoneNumber button. */
    async bindPhone(bindToken: string, phoneCode: string) {
      const row = await pending(bindToken);
      const { phone, countryCode } = await call(clientOf('miniprogram').phoneNumber(phoneCode), 'phoneCode');
      if (countryCode !== '86' || !/^1\d{10}$/.test(phone))
        throw new AppError('validation_failed', 400, { field: 'phoneCode', reason: 'mainland_mobile_only' });
      const user = await accounts.findOrCreate(phone);
      await finishBind(bindToken, row, user.id);
      return accounts.startSession(user.id);
    },

    /** A pending WeChat user binds a phone by SMS code (the H5 app, or no getPhoneNumber). */
    async bindSms(bindToken: string | undefined, phone: string, code: string) {
      const row = await pending(bindToken);
      const session = await accounts.login(phone, code);
      try {
        await finishBind(bindToken as string, row, session.user.id);
      } catch (err) {
        await accounts.logout(session.token);
        throw err;
      }
      return session;
    },

    /** Links another WeChat app to the logged-in account by a fresh code of it. */
    async linkWithCode(user: User, kind: WechatKind, code: string) {
      if (kind === 'miniprogram') {
        const id = await call(clientOf('miniprogram').code2Session(code));
        await link(user.id, { kind, ...id });
      } else {
        const got = await call(clientOf('official').oauthExchange(code));
        await link(user.id, { kind, openid: got.openid, unionid: got.unionid });
      }
    },

    async unlink(user: User, kind: WechatKind) {
      const gone = await repo.deleteIdentity(db, user.id, kind);
      if (gone.length === 0) throw new AppError('not_found', 404, { kind });
      if (kind === 'miniprogram') await accounts.setWechatOpenid(user.id, null);
    },

    async identities(user: User) {
      const rows = await repo.ofUser(db, user.id);
      return {
        items: rows
          .map((r) => ({ kind: r.kind, linkedAt: r.createdAt.toISOString() }))
          .sort((a, b) => a.kind.localeCompare(b.kind)),
      };
    },

    /** A ticket for the mini program's web-view: valid 60 s, used once; only its hash is kept. */
    async createTicket(user: User) {
      const ticket = newToken();
      const now = clock.now();
      const expiresAt = new Date(now.getTime() + TICKET_TTL_MS);
      await repo.insertTicket(
        db,
        { ticketHash: sha256(ticket), userId: user.id, createdAt: now, expiresAt },
        now,
      );
      return { ticket, expiresAt: expiresAt.toISOString() };
    },

    async useTicket(ticket: string) {
      const userId = await repo.useTicket(db, sha256(ticket), clock.now());
      if (!userId) throw new AppError('ticket_invalid', 400, { field: 'ticket' });
      return accounts.startSession(userId);
    },

    oauthAuthorizeUrl(redirectUri: string, scope: 'snsapi_base' | 'snsapi_userinfo', state: string) {
      return clientOf('official').oauthAuthorizeUrl(redirectUri, scope, state);
    },

    /** The mini program code (小程序码) that opens the shell on a partner's square (scene `r=<ref>`). */
    async partnerCode(ref: string) {
      return call(clientOf('miniprogram').wxacodeUnlimit({ scene: `r=${ref}`, page: 'pages/index/index' }));
    },

    async jsSdkConfig(url: string) {
      return call(clientOf('official').jsSdkConfig(url));
    },
  };
}

export type WechatAccounts = ReturnType<typeof createWechatAccounts>;

/** Where to go after a login: a path of this site only (never `//host` or a full URL). */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
