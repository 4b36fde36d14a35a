import { createHash, randomBytes, randomInt, randomUUID, timingSafeEqual } from 'node:crypto';
import type { MeView } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import { type Db, schema } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { maskPhone, type PersonalData } from '../../platform/personal-data.ts';
import type { SmsProvider } from '../../platform/sms.ts';
import { refuseWhenFull } from '../../platform/windows.ts';
import { accountsRepo as repo } from './accounts.repo.ts';

export const CODE_TTL_MS = 5 * MINUTE;
export const CODE_RESEND_MS = MINUTE;
export const CODE_MAX_WRONG_TRIES = 5;
export const SMS_PER_PHONE_PER_DAY = 5;
export const SMS_PER_IP_PER_HOUR = 20;

export const SESSION_IDLE_MS = 30 * MINUTE;
export const SESSION_ABSOLUTE_MS = 7 * DAY;
// Writing last_seen_at on every request would turn each read into a write; a minute is precise enough.
const TOUCH_EVERY_MS = MINUTE;

/** The account row; phoneEnc is decrypted on demand only (the default contact phone of a post). */
export type User = typeof schema.users.$inferSelect;

// The privacy notice that a resident accepts with their first post (PIPL: separate, explicit consent
// to process sensitive personal information — the location and the phone).
export const CONSENT_PURPOSE = 'publish-location-phone';
export const CONSENT_VERSION = '2026-11';

export interface AccountsService {
  sendCode(phone: string, ip: string): Promise<{ retryAfterSeconds: number }>;
  login(phone: string, code: string): Promise<{ token: string; user: User }>;
  logout(token: string): Promise<void>;
  /** A new session for an account proven another way (WeChat login, a web-view ticket). */
  startSession(userId: string): Promise<{ token: string; user: User }>;
  /**
   * The mini program openid that subscribe messages go to (users.wechat_openid), kept in step by the
   * wechat module's identity links; null clears it.
   */
  setWechatOpenid(userId: string, openid: string | null): Promise<void>;
  findUser(userId: string): Promise<User | undefined>;
  authenticate(token: string | undefined): Promise<User | undefined>;
  /** The account for a phone, created on first use (login, or the demo seeder with isDemo). */
  findOrCreate(phone: string, opts?: { isDemo?: boolean }): Promise<User>;
  me(user: User): Promise<MeView>;
  hasConsented(userId: string): Promise<boolean>;
  /** details: how consent was taken when an institution recorded it for the resident. */
  recordConsent(userId: string, details?: Record<string, unknown>): Promise<void>;
  /**
   * Where an outside notice may reach this person: their own phone (decrypted, for an SMS notice to
   * them only) and their WeChat openid. Nothing for a banned or demo account (demo phones are made up).
   */
  reachOf(userId: string): Promise<{ phone?: string; wechatOpenid?: string }>;
}

const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export function createAccountsService(deps: {
  db: Db;
  clock: Clock;
  sms: SmsProvider;
  personal: PersonalData;
  /** REQUIRE_VERIFICATION, told to the app so it asks for verification only where it is needed. */
  requireVerification?: boolean;
}): AccountsService {
  const { db, clock, sms, personal } = deps;
  const phoneHash = (phone: string) => personal.hash('phone', phone);
  const codeHash = (phone: string, code: string) => personal.hash('sms-code', `${phone}:${code}`);

  async function findOrCreate(phone: string, opts: { isDemo?: boolean } = {}): Promise<User> {
    const hash = phoneHash(phone);
    await repo.insertUser(db, {
      id: randomUUID(),
      phoneHash: hash,
      phoneEnc: personal.encrypt(phone),
      phoneMasked: maskPhone(phone),
      isDemo: opts.isDemo ?? false,
      createdAt: clock.now(),
    });
    const user = await repo.findUserByPhoneHash(db, hash);
    if (!user) throw new Error('user vanished after insert');
    return user;
  }

  async function newSession(userId: string): Promise<string> {
    const now = clock.now();
    const token = randomBytes(32).toString('base64url');
    await repo.insertSession(db, {
      tokenHash: tokenHash(token),
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    });
    return token;
  }

  return {
    async sendCode(phone, ip) {
      const now = clock.now();
      const hash = phoneHash(phone);
      const ipHash = personal.hash('ip', ip);
      const last = await repo.latestCode(db, hash);
      const waitMs = last ? last.createdAt.getTime() + CODE_RESEND_MS - now.getTime() : 0;
      if (waitMs > 0) {
        throw new AppError('sms_too_soon', 429, { retryAfterSeconds: Math.ceil(waitMs / 1000) });
      }
      // Each SMS costs money and can be used to harass a number: cap per phone and per sender IP.
      const perPhone = await repo.codeTimes(db, { phoneHash: hash }, new Date(now.getTime() - DAY));
      refuseWhenFull(
        perPhone,
        { max: SMS_PER_PHONE_PER_DAY, windowMs: DAY, code: 'sms_limit', scope: 'phone_day' },
        now,
      );
      const perIp = await repo.codeTimes(db, { ipHash }, new Date(now.getTime() - HOUR));
      refuseWhenFull(
        perIp,
        { max: SMS_PER_IP_PER_HOUR, windowMs: HOUR, code: 'sms_limit', scope: 'ip_hour' },
        now,
      );
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      await repo.insertCode(db, {
        phoneHash: hash,
        ipHash,
        codeHash: codeHash(phone, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + CODE_TTL_MS),
      });
      await sms.send({ to: phone, code, text: `【余药互助】验证码 ${code}，5分钟内有效。请勿告诉他人。` });
      return { retryAfterSeconds: CODE_RESEND_MS / 1000 };
    },

    async login(phone, code) {
      const now = clock.now();
      const hash = phoneHash(phone);
      const row = await repo.latestCode(db, hash);
      if (!row || row.consumedAt || row.expiresAt <= now)
        throw new AppError('code_invalid', 400, { field: 'code' });
      if (row.attempts >= CODE_MAX_WRONG_TRIES) {
        throw new AppError('code_attempts_exceeded', 400, { field: 'code' });
      }
      const expected = Buffer.from(row.codeHash, 'hex');
      const given = Buffer.from(codeHash(phone, code), 'hex');
      if (!timingSafeEqual(expected, given)) {
        const attempts = await repo.recordWrongTry(db, row.id);
        const dead = attempts >= CODE_MAX_WRONG_TRIES;
        throw new AppError(dead ? 'code_attempts_exceeded' : 'code_invalid', 400, {
          field: 'code',
          triesLeft: Math.max(0, CODE_MAX_WRONG_TRIES - attempts),
        });
      }
      if (!(await repo.consumeCode(db, row.id, now)))
        throw new AppError('code_invalid', 400, { field: 'code' });

      const user = await findOrCreate(phone);
      return { token: await newSession(user.id), user };
    },

    async startSession(userId) {
      const user = await repo.findUser(db, userId);
      if (!user) throw new AppError('unauthenticated', 401);
      return { token: await newSession(user.id), user };
    },

    async setWechatOpenid(userId, openid) {
      await repo.setWechatOpenid(db, userId, openid);
    },

    findUser: (userId) => repo.findUser(db, userId),

    findOrCreate,

    async logout(token) {
      await repo.deleteSession(db, tokenHash(token));
    },

    async authenticate(token) {
      if (!token) return undefined;
      const now = clock.now();
      const hash = tokenHash(token);
      const session = await repo.findSession(db, hash, now);
      if (!session) return undefined;
      if (now.getTime() - session.lastSeenAt.getTime() > SESSION_IDLE_MS) {
        await repo.deleteSession(db, hash);
        return undefined;
      }
      if (now.getTime() - session.lastSeenAt.getTime() > TOUCH_EVERY_MS)
        await repo.touchSession(db, hash, now);
      return repo.findUser(db, session.userId);
    },

    async me(user) {
      return {
        id: user.id,
        phoneMasked: user.phoneMasked,
        createdAt: user.createdAt.toISOString(),
        verified: user.verifiedAt !== null,
        verification:
          user.verifiedAt && user.verifyMethod && user.nameMasked && user.idMasked
            ? {
                method: user.verifyMethod,
                identityProven: user.verifyMethod !== 'format',
                nameMasked: user.nameMasked,
                idMasked: user.idMasked,
                verifiedAt: user.verifiedAt.toISOString(),
              }
            : null,
        consented: await repo.hasConsent(db, user.id, CONSENT_PURPOSE, CONSENT_VERSION),
        consentVersion: CONSENT_VERSION,
        role: user.role,
        banned: user.bannedAt !== null,
        verificationRequired: deps.requireVerification !== false,
      };
    },

    async reachOf(userId) {
      const user = await repo.findUser(db, userId);
      if (!user || user.bannedAt || user.isDemo) return {};
      return { phone: personal.decrypt(user.phoneEnc), wechatOpenid: user.wechatOpenid ?? undefined };
    },

    hasConsented: (userId) => repo.hasConsent(db, userId, CONSENT_PURPOSE, CONSENT_VERSION),
    recordConsent: (userId, details) =>
      repo.insertConsent(db, {
        userId,
        purpose: CONSENT_PURPOSE,
        version: CONSENT_VERSION,
        createdAt: clock.now(),
        details: details ?? null,
      }),
  };
}
