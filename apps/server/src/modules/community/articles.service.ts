import { randomUUID } from 'node:crypto';
import type { ArticleBody, ReviewerBody } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import { articlesRepo as repo } from './articles.repo.ts';
import type { ArticleRow } from './community.tables.ts';
import type { CommunityAccess } from './community-access.ts';
import { articleView, publicArticleView } from './community-views.ts';

export type ArticleAction = 'review' | 'publish' | 'unpublish';

// The review step: a draft is reviewed by a doctor or pharmacist of the institution who did not
// write it, then published; unpublishing takes it back to reviewed. Editing the text of a reviewed
// or published article makes it a draft again: what was reviewed is what is published.
const STEPS: Record<ArticleAction, { from: ArticleRow['status']; to: ArticleRow['status'] }> = {
  review: { from: 'draft', to: 'reviewed' },
  publish: { from: 'reviewed', to: 'published' },
  unpublish: { from: 'published', to: 'reviewed' },
};

export function createArticlesService(deps: { db: Db; clock: Clock; access: CommunityAccess }) {
  const { db, clock, access } = deps;

  async function mine(user: User, partnerId: string, articleId: string, write = true) {
    await access.operator(user, partnerId, write);
    const row = await repo.find(db, articleId);
    if (!row || row.partnerId !== partnerId) throw new AppError('not_found', 404);
    return row;
  }

  return {
    async create(user: User, partnerId: string, body: z.infer<typeof ArticleBody>) {
      await access.operator(user, partnerId);
      const now = clock.now();
      const row: ArticleRow = {
        id: randomUUID(),
        partnerId,
        ...body,
        status: 'draft',
        authorId: user.id,
        reviewerId: null,
        reviewerProfession: null,
        reviewedAt: null,
        publishedAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await repo.insert(db, row);
      return articleView(row, user.id);
    },
    async list(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      return { items: (await repo.ofPartner(db, partnerId)).map((a) => articleView(a, user.id)) };
    },
    async get(user: User, partnerId: string, articleId: string) {
      return articleView(await mine(user, partnerId, articleId, false), user.id);
    },
    async update(user: User, partnerId: string, articleId: string, body: z.infer<typeof ArticleBody>) {
      await mine(user, partnerId, articleId);
      const row = await repo.update(db, articleId, {
        ...body,
        status: 'draft',
        reviewerId: null,
        reviewerProfession: null,
        reviewedAt: null,
        publishedAt: null,
        updatedAt: clock.now(),
      });
      return articleView(row as ArticleRow, user.id);
    },
    async act(user: User, partnerId: string, articleId: string, action: ArticleAction) {
      await mine(user, partnerId, articleId);
      const row = await db.transaction(async (tx) => {
        const current = await repo.lock(tx, articleId);
        if (!current) throw new AppError('not_found', 404);
        const step = STEPS[action];
        if (current.status !== step.from)
          throw new AppError('article_invalid_step', 409, { status: current.status, action });
        const now = clock.now();
        if (action === 'review') {
          const reviewer = await repo.reviewer(tx, partnerId, user.id);
          if (!reviewer) throw new AppError('not_a_reviewer', 403);
          if (current.authorId === user.id) throw new AppError('own_article_review', 403);
          return repo.update(tx, articleId, {
            status: step.to,
            reviewerId: user.id,
            reviewerProfession: reviewer.profession,
            reviewedAt: now,
            updatedAt: now,
          });
        }
        return repo.update(tx, articleId, {
          status: step.to,
          publishedAt: action === 'publish' ? now : current.publishedAt,
          updatedAt: now,
        });
      });
      return articleView(row as ArticleRow, user.id);
    },
    /** Anyone may read a published article: no author, no reviewer's name. */
    async publicView(articleId: string) {
      const found = await repo.findPublished(db, articleId);
      if (!found) throw new AppError('not_found', 404);
      return publicArticleView(found.article, found.institution);
    },

    async reviewers(user: User, partnerId: string) {
      await access.operator(user, partnerId, false);
      const rows = await repo.reviewers(db, partnerId);
      return { items: rows.map((r) => ({ userId: r.userId, profession: r.profession })) };
    },
    /** Owners mark a member of the institution as a doctor or pharmacist who may review. */
    async setReviewer(user: User, partnerId: string, body: z.infer<typeof ReviewerBody>) {
      await access.operator(user, partnerId, 'owner');
      if (!(await repo.isPartnerMember(db, partnerId, body.userId)))
        throw new AppError('not_found', 404, { field: 'userId' });
      await repo.upsertReviewer(db, { partnerId, ...body, createdAt: clock.now() });
      return this.reviewers(user, partnerId);
    },
    async removeReviewer(user: User, partnerId: string, userId: string) {
      await access.operator(user, partnerId, 'owner');
      await repo.removeReviewer(db, partnerId, userId);
      return this.reviewers(user, partnerId);
    },
  };
}

export type ArticlesService = ReturnType<typeof createArticlesService>;
