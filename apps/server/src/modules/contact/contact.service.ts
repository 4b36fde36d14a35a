import { randomUUID } from 'node:crypto';
import type { ContactReply, MessageView, RevealQuota, ThreadView } from '@medrelay/contracts';
import type { Clock } from '../../platform/clock.ts';
import { DAY, HOUR } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PrivacyNumberProvider } from '../../platform/identity.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import { refuseWhenFull } from '../../platform/windows.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import { isOpenPost, type PostState } from '../posts/index.ts';
import { contactRepo as repo } from './contact.repo.ts';

export interface RevealLimits {
  perHour: number;
  perDay: number;
  perIpPerDay: number;
}
export const DEFAULT_REVEAL_LIMITS: RevealLimits = { perHour: 3, perDay: 10, perIpPerDay: 30 };

export interface ContactService {
  reveal(viewer: User, postId: string, ip: string): Promise<ContactReply>;
  sendToPost(helper: User, postId: string, text: string): Promise<ThreadView>;
  reply(user: User, threadId: string, text: string): Promise<ThreadView>;
  thread(user: User, threadId: string): Promise<ThreadView>;
  threads(user: User): Promise<Omit<ThreadView, 'messages'>[]>;
  /** What is left of my reveal limits, to say before I spend one. */
  revealQuota(viewer: User): Promise<RevealQuota>;
  /** How many people responded to a post (a count; visible posts only). */
  responses(postId: string): Promise<{ count: number }>;
}

type PostRow = NonNullable<Awaited<ReturnType<typeof repo.findPost>>>;

export function createContactService(deps: {
  db: Db;
  /** Counts a reveal on the post: the posts module writes posts. */
  postState: Pick<PostState, 'countReveal'>;
  /** Tells the other side, in the same transaction: a message arrived; the contact was revealed. */
  notify?: (tx: Db, notice: Notice) => Promise<string | null>;
  clock: Clock;
  personal: PersonalData;
  limits?: RevealLimits;
  privacyNumbers?: PrivacyNumberProvider;
}): ContactService {
  const { db, clock, personal, privacyNumbers } = deps;
  const limits = deps.limits ?? DEFAULT_REVEAL_LIMITS;

  /** An open post someone else owns: the only kind a helper may contact. */
  function contactable(post: PostRow | undefined, viewer: User, now: Date): PostRow {
    if (!post || post.status === 'deleted') throw new AppError('not_found', 404);
    if (post.userId === viewer.id) throw new AppError('own_post', 403);
    if (!isOpenPost(post, now)) throw new AppError('post_not_open', 409);
    return post;
  }

  const threadView = async (
    thread: { id: string; postId: string; helperId: string; createdAt: Date; lastMessageAt: Date },
    me: User,
  ) => ({
    id: thread.id,
    postId: thread.postId,
    role: thread.helperId === me.id ? ('helper' as const) : ('owner' as const),
    createdAt: thread.createdAt.toISOString(),
    lastMessageAt: thread.lastMessageAt.toISOString(),
    messages: (await repo.messages(db, thread.id)).map(
      (m): MessageView => ({
        id: m.id,
        mine: m.senderId === me.id,
        text: m.body,
        createdAt: m.createdAt.toISOString(),
      }),
    ),
  });

  /** A new message: the other side is told, without its text (the inbox is not a copy of the thread). */
  async function notifyMessage(tx: Db, to: string | null, threadId: string, postId: string, at: Date) {
    if (!to) return;
    await deps.notify?.(tx, {
      userId: to,
      type: 'message',
      dedupKey: `message:${threadId}:${at.getTime()}`,
      data: { postId, threadId },
    });
  }

  return {
    async reveal(viewer, postId, ip) {
      const ipHash = personal.hash('ip', ip);
      const result = await db.transaction(async (tx) => {
        const now = clock.now();
        await repo.lockFor(tx, `reveal:user:${viewer.id}`, `reveal:ip:${ipHash}`);
        const post = contactable(await repo.findPost(tx, postId), viewer, now);
        if (post.contactMode === 'relay' || !post.contactPhoneEnc)
          throw new AppError('contact_by_message', 409);
        // Seeing the same number again is not a new disclosure: no second audit row, no quota.
        const seen = await repo.findReveal(tx, postId, viewer.id);
        if (!seen) {
          refuseWhenFull(
            await repo.revealTimes(tx, { viewerId: viewer.id }, new Date(now.getTime() - HOUR)),
            { max: limits.perHour, windowMs: HOUR, code: 'reveal_limit', scope: 'user_hour' },
            now,
          );
          refuseWhenFull(
            await repo.revealTimes(tx, { viewerId: viewer.id }, new Date(now.getTime() - DAY)),
            { max: limits.perDay, windowMs: DAY, code: 'reveal_limit', scope: 'user_day' },
            now,
          );
          refuseWhenFull(
            await repo.revealTimes(tx, { ipHash }, new Date(now.getTime() - DAY)),
            { max: limits.perIpPerDay, windowMs: DAY, code: 'reveal_limit', scope: 'ip_day' },
            now,
          );
          await repo.insertReveal(tx, {
            postId,
            viewerId: viewer.id,
            ipHash,
            via: privacyNumbers ? 'privacy_number' : 'direct',
            createdAt: now,
          });
          const count = await deps.postState.countReveal(tx, postId);
          // The poster learns that it happened and how often, never who.
          if (post.userId) {
            await deps.notify?.(tx, {
              userId: post.userId,
              type: 'contact_revealed',
              dedupKey: `reveal:${postId}:${count}`,
              data: { postId, count },
            });
          }
        }
        return { post, now };
      });
      const ownerPhone = personal.decrypt(result.post.contactPhoneEnc as string);
      if (!privacyNumbers) return { phone: ownerPhone, via: 'direct', expiresAt: null };
      return bindMiddleNumber(result.post, viewer, ownerPhone, result.now);
    },

    async revealQuota(viewer) {
      const now = clock.now().getTime();
      const [hour, day] = await Promise.all([
        repo.revealTimes(db, { viewerId: viewer.id }, new Date(now - HOUR)),
        repo.revealTimes(db, { viewerId: viewer.id }, new Date(now - DAY)),
      ]);
      return {
        leftToday: Math.max(0, limits.perDay - day.length),
        leftThisHour: Math.max(0, limits.perHour - hour.length),
        perDay: limits.perDay,
        perHour: limits.perHour,
      };
    },

    async responses(postId) {
      const post = await repo.findPost(db, postId);
      if (!post || !['open', 'resolved', 'expired'].includes(post.status))
        throw new AppError('not_found', 404);
      return { count: await repo.responders(db, postId) };
    },

    async sendToPost(helper, postId, text) {
      const thread = await db.transaction(async (tx) => {
        const now = clock.now();
        const post = contactable(await repo.findPost(tx, postId), helper, now);
        await repo.insertThread(tx, {
          id: randomUUID(),
          postId,
          helperId: helper.id,
          createdAt: now,
          lastMessageAt: now,
        });
        const t = await repo.findThreadFor(tx, postId, helper.id);
        if (!t) throw new Error('thread vanished after insert');
        await repo.insertMessage(tx, { threadId: t.id, senderId: helper.id, body: text, createdAt: now });
        await notifyMessage(tx, post.userId, t.id, postId, now);
        return t;
      });
      return threadView(thread, helper);
    },

    async reply(user, threadId, text) {
      const found = await repo.findThread(db, threadId);
      if (!found || (found.thread.helperId !== user.id && found.ownerId !== user.id))
        throw new AppError('not_found', 404);
      const now = clock.now();
      const other = found.thread.helperId === user.id ? found.ownerId : found.thread.helperId;
      await db.transaction(async (tx) => {
        await repo.insertMessage(tx, { threadId, senderId: user.id, body: text, createdAt: now });
        await notifyMessage(tx, other, threadId, found.thread.postId, now);
      });
      return threadView(found.thread, user);
    },

    async thread(user, threadId) {
      const found = await repo.findThread(db, threadId);
      if (!found || (found.thread.helperId !== user.id && found.ownerId !== user.id))
        throw new AppError('not_found', 404);
      return threadView(found.thread, user);
    },

    async threads(user) {
      const rows = await repo.threadsOf(db, user.id);
      return rows.map(({ thread }) => ({
        id: thread.id,
        postId: thread.postId,
        role: thread.helperId === user.id ? ('helper' as const) : ('owner' as const),
        createdAt: thread.createdAt.toISOString(),
        lastMessageAt: thread.lastMessageAt.toISOString(),
      }));
    },
  };

  /** AXB: poster (A) and helper (B) both dial the middle number X, which lives as long as the post. */
  async function bindMiddleNumber(
    post: PostRow,
    viewer: User,
    ownerPhone: string,
    now: Date,
  ): Promise<ContactReply> {
    const provider = privacyNumbers as PrivacyNumberProvider;
    const existing = await repo.findBinding(db, post.id, viewer.id);
    if (existing && existing.expiresAt > now) {
      return {
        phone: personal.decrypt(existing.middleNumberEnc),
        via: 'privacy_number',
        expiresAt: existing.expiresAt.toISOString(),
      };
    }
    const bound = await provider.bind({
      phoneA: ownerPhone,
      phoneB: personal.decrypt(viewer.phoneEnc),
      expiresAt: post.expiresAt,
    });
    await repo.insertBinding(db, {
      postId: post.id,
      viewerId: viewer.id,
      bindingId: bound.bindingId,
      middleNumberEnc: personal.encrypt(bound.middleNumber),
      expiresAt: post.expiresAt,
      createdAt: now,
    });
    return { phone: bound.middleNumber, via: 'privacy_number', expiresAt: post.expiresAt.toISOString() };
  }
}
