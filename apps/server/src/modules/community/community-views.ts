import type {
  AnnouncementView,
  ArticleView,
  GroupMemberView,
  GroupPublicView,
  GroupView,
  PublicArticleView,
} from '@medrelay/contracts';
import type { z } from 'zod';
import type { AnnouncementRow, ArticleRow, GroupRow } from './community.tables.ts';
import { renderArticle } from './markdown.ts';

export const joinPathOf = (token: string) => `/groups/join/${token}`;

export const groupView = (g: GroupRow, memberCount: number): GroupView => ({
  id: g.id,
  partnerId: g.partnerId,
  name: g.name,
  kind: g.kind,
  description: g.description,
  rules: g.rules,
  joinPath: joinPathOf(g.joinToken),
  memberCount,
  wecomRobot: Boolean(g.wecomRobotKeyEnc),
  createdAt: g.createdAt.toISOString(),
});

export const groupPublicView = (
  g: GroupRow,
  institution: string,
  memberCount: number,
  joined: boolean,
): z.infer<typeof GroupPublicView> => ({
  id: g.id,
  name: g.name,
  kind: g.kind,
  description: g.description,
  rules: g.rules,
  institution,
  memberCount,
  joined,
});

export const announcementView = (a: AnnouncementRow): z.infer<typeof AnnouncementView> => ({
  id: a.id,
  body: a.body,
  pinned: a.pinned,
  wecomStatus: a.wecomStatus,
  createdAt: a.createdAt.toISOString(),
});

/**
 * What an operator sees of a member: the nickname only if the member agreed to show it, otherwise
 * its first character and stars, or the verified name's masked form (张*), or just 居民.
 */
export function memberView(m: {
  memberNo: number;
  nickname: string | null;
  showName: boolean;
  nameMasked: string | null;
  joinedAt: Date;
}): z.infer<typeof GroupMemberView> {
  const shared = m.showName && Boolean(m.nickname);
  const masked = m.nickname ? `${[...m.nickname][0]}**` : (m.nameMasked ?? '居民');
  return {
    memberNo: m.memberNo,
    name: shared ? (m.nickname as string) : masked,
    nameShared: shared,
    joinedAt: m.joinedAt.toISOString(),
  };
}

export const articleView = (a: ArticleRow, userId: string): ArticleView => ({
  id: a.id,
  partnerId: a.partnerId,
  kind: a.kind,
  title: a.title,
  summary: a.summary,
  bodyMd: a.bodyMd,
  html: renderArticle(a.bodyMd),
  tags: a.tags,
  coverUrl: a.coverUrl,
  status: a.status,
  mine: a.authorId === userId,
  reviewerProfession: a.reviewerProfession,
  reviewedAt: a.reviewedAt?.toISOString() ?? null,
  publishedAt: a.publishedAt?.toISOString() ?? null,
  updatedAt: a.updatedAt.toISOString(),
});

export const publicArticleView = (a: ArticleRow, institution: string): PublicArticleView => ({
  id: a.id,
  kind: a.kind,
  title: a.title,
  summary: a.summary,
  html: renderArticle(a.bodyMd),
  tags: a.tags,
  coverUrl: a.coverUrl,
  institution,
  reviewerProfession: a.reviewerProfession,
  publishedAt: (a.publishedAt ?? a.updatedAt).toISOString(),
});
