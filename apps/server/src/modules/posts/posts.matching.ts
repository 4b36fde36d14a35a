import { MATCH_RADIUS_KM, type PostView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Regions } from '../regions/index.ts';
import { queryFeed } from './posts.feed.ts';
import { openPostSql } from './posts.lifecycle.ts';
import { postsRepo as repo } from './posts.repo.ts';
import { presentPost } from './posts.view.ts';

const MAX_MATCHES = 20;

/** What reach needs to know about a post's owner: who, and what the notification may say. */
export interface PostOwner {
  id: string;
  userId: string | null;
  kind: 'need' | 'offer';
  status: string;
  moderationReason: string | null;
  flags: number;
  expiresAt: Date;
}

/**
 * The open posts of the other kind for the same medicines within the match radius of a post,
 * nearest first, through the square's own index-driven query (one per medicine, at most a handful).
 * For an offer the needs of vulnerable people (elderly, infant, pregnant, chronic) come first.
 */
export async function counterparts(
  db: Db,
  view: { catalog: Catalog; regions: Regions },
  post: { id: string; kind: 'need' | 'offer'; lat: number; lng: number; medicineIds: string[] },
  now: Date,
): Promise<PostView[]> {
  const near = { lat: post.lat, lng: post.lng };
  const other = post.kind === 'need' ? 'offer' : 'need';
  const pages = await Promise.all(
    [...new Set(post.medicineIds)].map((medicineId) =>
      queryFeed(
        db,
        { kind: other, medicineId, near, radiusKm: MATCH_RADIUS_KM, sort: 'distance', limit: MAX_MATCHES },
        now,
      ),
    ),
  );
  const ids = [...new Set(pages.flatMap((p) => p.ids))].filter((id) => id !== post.id);
  const rows = await repo.findPublicPosts(db, ids);
  const views = rows.map((r) => presentPost(r, r.items, view, near));
  views.sort((a, b) => {
    if (post.kind === 'offer') {
      const vulnerable = Number(b.flags.length > 0) - Number(a.flags.length > 0);
      if (vulnerable !== 0) return vulnerable;
    }
    return (a.distanceKm ?? 0) - (b.distanceKm ?? 0);
  });
  return views.slice(0, MAX_MATCHES);
}

export async function ownersOf(db: Db, ids: string[]): Promise<PostOwner[]> {
  return (await repo.findPosts(db, ids)).map((p) => ({
    id: p.id,
    userId: p.userId,
    kind: p.kind,
    status: p.status,
    moderationReason: p.moderationReason,
    flags: p.flags,
    expiresAt: p.expiresAt,
  }));
}

/** Open posts whose time runs out within the window, for the "expires in 12 h" reminder. */
export async function expiringBetween(db: Db, from: Date, to: Date, limit = 500): Promise<PostOwner[]> {
  const rows = await selectRows<{ id: string }>(
    db,
    sql`SELECT id FROM posts
         WHERE ${openPostSql(from)} AND expires_at <= ${to.toISOString()}::timestamptz
           AND user_id IS NOT NULL AND NOT is_demo
         ORDER BY expires_at LIMIT ${limit}`,
  );
  return ownersOf(
    db,
    rows.map((r) => r.id),
  );
}
