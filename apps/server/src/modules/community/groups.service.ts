import { randomBytes, randomUUID } from 'node:crypto';
import type { AnnouncementBody, GroupBody, GroupPatchBody, JoinBody } from '@medrelay/contracts';
import QRCode from 'qrcode';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Notice } from '../notifications/index.ts';
import type { AnnouncementRow } from './community.tables.ts';
import type { CommunityAccess } from './community-access.ts';
import { announcementView, groupPublicView, groupView, joinPathOf, memberView } from './community-views.ts';
import { groupsRepo as repo } from './groups.repo.ts';

/** The WeCom group robot as this module uses it; undefined when the robot is off (the default). */
export interface WecomRobot {
  send(key: string, message: { msgtype: 'markdown'; content: string }): Promise<string>;
}

/** Operators may paste the robot's whole webhook URL; only its key is kept. */
export function robotKeyFrom(input: string): string {
  const trimmed = input.trim();
  if (!/^https?:\/\//.test(trimmed)) return trimmed;
  const key = new URL(trimmed).searchParams.get('key');
  if (!key) throw new AppError('validation_failed', 400, { field: 'wecomRobotKey' });
  return key;
}

const MEMBERS_PAGE = 100;

export function createGroupsService(deps: {
  db: Db;
  clock: Clock;
  personal: PersonalData;
  access: CommunityAccess;
  publicUrl: string;
  notifyMany: (tx: Db, notices: readonly Notice[]) => Promise<unknown>;
  wecom?: WecomRobot;
  onMirrorError?: (err: unknown) => void;
}) {
  const { db, clock, access } = deps;

  async function mirror(groupName: string, keyEnc: string | null, row: AnnouncementRow) {
    if (!deps.wecom || !keyEnc) return 'off';
    try {
      return await deps.wecom.send(deps.personal.decrypt(keyEnc), {
        msgtype: 'markdown',
        content: `**${groupName} · 群公告**\n${row.body}`,
      });
    } catch (err) {
      deps.onMirrorError?.(err);
      return 'failed';
    }
  }

  return {
    async create(user: User, partnerId: string, body: z.infer<typeof GroupBody>) {
      await access.operator(user, partnerId);
      const now = clock.now();
      const row = {
        id: randomUUID(),
        partnerId,
        ...body,
        joinToken: randomBytes(18).toString('base64url'),
        wecomRobotKeyEnc: null,
        archivedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insertGroup(db, row);
      return groupView(row, 0);
    },
    async list(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      const rows = await repo.groupsOf(db, partnerId);
      return { items: rows.map((r) => groupView(r.group, r.memberCount)) };
    },
    async get(user: User, partnerId: string, groupId: string) {
      const { group, memberCount } = await access.group(user, partnerId, groupId, false);
      return groupView(group, memberCount);
    },
    async update(user: User, partnerId: string, groupId: string, patch: z.infer<typeof GroupPatchBody>) {
      const { group } = await access.group(user, partnerId, groupId);
      const { wecomRobotKey, ...rest } = patch;
      const set: Parameters<typeof repo.updateGroup>[2] = { ...rest, updatedAt: clock.now() };
      if (wecomRobotKey !== undefined)
        set.wecomRobotKeyEnc =
          wecomRobotKey === null ? null : deps.personal.encrypt(robotKeyFrom(wecomRobotKey));
      await repo.updateGroup(db, group.id, set);
      return this.get(user, partnerId, groupId);
    },
    async archive(user: User, partnerId: string, groupId: string) {
      const { group } = await access.group(user, partnerId, groupId);
      await repo.updateGroup(db, group.id, { archivedAt: clock.now(), updatedAt: clock.now() });
    },
    async joinQr(user: User, partnerId: string, groupId: string) {
      const { group } = await access.group(user, partnerId, groupId, false);
      const url = new URL(joinPathOf(group.joinToken), deps.publicUrl).toString();
      const svg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { url, svg };
    },
    async members(user: User, partnerId: string, groupId: string, page: number) {
      const { group } = await access.group(user, partnerId, groupId, false);
      const rows = await repo.members(db, group.id, MEMBERS_PAGE, Math.max(0, page - 1) * MEMBERS_PAGE);
      return { items: rows.map(memberView), total: await repo.countMembers(db, group.id) };
    },

    /** A pinned (or plain) announcement, told to every member, and mirrored to WeCom when asked. */
    async announce(user: User, partnerId: string, groupId: string, body: z.infer<typeof AnnouncementBody>) {
      const { group } = await access.group(user, partnerId, groupId);
      const row: AnnouncementRow = {
        id: randomUUID(),
        groupId: group.id,
        body: body.body,
        pinned: body.pinned,
        authorId: user.id,
        wecomStatus: null,
        createdAt: clock.now(),
      };
      await db.transaction(async (tx) => {
        await repo.insertAnnouncement(tx, row);
        const ids = await repo.memberIds(tx, group.id);
        await deps.notifyMany(
          tx,
          ids.map((userId) => ({
            userId,
            type: 'group_announcement' as const,
            dedupKey: `group_announcement:${row.id}`,
            data: { groupId: group.id, announcementId: row.id },
          })),
        );
      });
      if (body.mirrorToWecom) {
        row.wecomStatus = await mirror(group.name, group.wecomRobotKeyEnc, row);
        await repo.updateAnnouncement(db, group.id, row.id, { wecomStatus: row.wecomStatus });
      }
      return announcementView(row);
    },
    async announcements(user: User, partnerId: string, groupId: string) {
      const { group } = await access.group(user, partnerId, groupId, false);
      return { items: (await repo.announcements(db, group.id)).map(announcementView) };
    },
    async pin(user: User, partnerId: string, groupId: string, announcementId: string, pinned: boolean) {
      const { group } = await access.group(user, partnerId, groupId);
      const row = await repo.updateAnnouncement(db, group.id, announcementId, { pinned });
      if (!row) throw new AppError('not_found', 404);
      return announcementView(row);
    },
    async removeAnnouncement(user: User, partnerId: string, groupId: string, announcementId: string) {
      const { group } = await access.group(user, partnerId, groupId);
      if (!(await repo.deleteAnnouncement(db, group.id, announcementId)))
        throw new AppError('not_found', 404);
    },

    // The residents' side.
    async preview(token: string, user: User | undefined) {
      const found = await repo.findByToken(db, token);
      if (!found) throw new AppError('not_found', 404);
      const joined = user ? await repo.isMember(db, found.group.id, user.id) : false;
      return groupPublicView(found.group, found.institution, found.memberCount, joined);
    },
    /** Joining twice keeps one membership (and updates the nickname and its consent). */
    async join(user: User, token: string, body: z.infer<typeof JoinBody>) {
      const found = await repo.findByToken(db, token);
      if (!found) throw new AppError('not_found', 404);
      await repo.upsertMember(db, {
        groupId: found.group.id,
        userId: user.id,
        nickname: body.nickname,
        showName: body.showName && Boolean(body.nickname),
        joinedAt: clock.now(),
      });
      const again = await repo.findGroup(db, found.group.id);
      return groupPublicView(found.group, found.institution, again?.memberCount ?? 1, true);
    },
    async leave(user: User, groupId: string) {
      if (!(await repo.removeMember(db, groupId, user.id))) throw new AppError('not_found', 404);
    },
    async myGroups(user: User) {
      const rows = await repo.myGroups(db, user.id);
      return { items: rows.map((r) => groupPublicView(r.group, r.institution, r.memberCount, true)) };
    },
    /** A group I am in: its announcements, pinned first; articles come from the calendar. */
    async myGroup(user: User, groupId: string) {
      const found = await repo.findGroup(db, groupId);
      if (!found || found.group.archivedAt || !(await repo.isMember(db, groupId, user.id)))
        throw new AppError('not_found', 404);
      return {
        group: groupPublicView(found.group, found.institution, found.memberCount, true),
        announcements: (await repo.announcements(db, groupId)).map(announcementView),
      };
    },
  };
}

export type GroupsService = ReturnType<typeof createGroupsService>;
