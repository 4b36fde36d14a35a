import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { schema } from '../../platform/db/index.ts';
import {
  type ArticleRow,
  communityArticles as articles,
  communityReviewers as reviewers,
} from './community.tables.ts';

const { partners, partnerMembers } = schema;

/** SQL only: articles and the members who may review them. */
export const articlesRepo = {
  async insert(db: Db, row: ArticleRow) {
    await db.insert(articles).values(row);
  },
  async update(db: Db, id: string, set: Partial<ArticleRow>) {
    const [row] = await db.update(articles).set(set).where(eq(articles.id, id)).returning();
    return row;
  },
  async find(db: Db, id: string) {
    const [row] = await db.select().from(articles).where(eq(articles.id, id));
    return row;
  },
  /** For update inside a transaction: two reviewers at once see one another's step. */
  async lock(db: Db, id: string) {
    const [row] = await db.select().from(articles).where(eq(articles.id, id)).for('update');
    return row;
  },
  async ofPartner(db: Db, partnerId: string) {
    return db
      .select()
      .from(articles)
      .where(eq(articles.partnerId, partnerId))
      .orderBy(desc(articles.updatedAt))
      .limit(200);
  },
  async findPublished(db: Db, id: string) {
    const [row] = await db
      .select({ article: articles, institution: partners.name })
      .from(articles)
      .innerJoin(partners, eq(partners.id, articles.partnerId))
      .where(and(eq(articles.id, id), eq(articles.status, 'published')));
    return row;
  },

  async reviewer(db: Db, partnerId: string, userId: string) {
    const [row] = await db
      .select()
      .from(reviewers)
      .where(and(eq(reviewers.partnerId, partnerId), eq(reviewers.userId, userId)));
    return row;
  },
  async reviewers(db: Db, partnerId: string) {
    return db.select().from(reviewers).where(eq(reviewers.partnerId, partnerId));
  },
  async isPartnerMember(db: Db, partnerId: string, userId: string) {
    const [row] = await db
      .select({ userId: partnerMembers.userId })
      .from(partnerMembers)
      .where(and(eq(partnerMembers.partnerId, partnerId), eq(partnerMembers.userId, userId)));
    return Boolean(row);
  },
  async upsertReviewer(db: Db, row: typeof reviewers.$inferInsert) {
    await db
      .insert(reviewers)
      .values(row)
      .onConflictDoUpdate({
        target: [reviewers.partnerId, reviewers.userId],
        set: { profession: row.profession },
      });
  },
  async removeReviewer(db: Db, partnerId: string, userId: string) {
    await db.delete(reviewers).where(and(eq(reviewers.partnerId, partnerId), eq(reviewers.userId, userId)));
  },
};
