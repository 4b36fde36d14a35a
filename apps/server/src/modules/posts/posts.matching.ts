import { MATCH_RADIUS_KM, type PostView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { type Db, selectRows } from '../../platform/db/index.ts';
import { distanceKm } from '../../platform/geo.ts';
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
  /** Where it is (not for any reply: the fan-out measures distances from it as the view does). */
  lat: number;
  lng: number;
}

/** The post whose counterparts are looked for. */
export interface MatchSubject {
  id: string;
  kind: 'need' | 'offer';
  lat: number;
  lng: number;
  medicineIds: string[];
}

/**
 * The open posts of the other kind for the same medicines within the match radius of a post,
 * nearest first, through the square's own index-driven query (one per medicine, at most a handful).
 * For an offer the needs of vulnerable people (elderly, infant, pregnant, chronic) come first.
 */
export async function counterparts(
  db: Db,
  view: { catalog: Catalog; regions: Regions },
  post: MatchSubject,
  now: Date,
): Promise<PostView[]> {
  const near = { lat: post.lat, lng: post.lng };
  const rows = await repo.findPublicPosts(db, [...(await counterpartHits(db, post, now)).keys()]);
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

/** A counterpart as the reach consumer needs it: its owner and how far it is, nothing to show. */
export interface MatchedOwner extends PostOwner {
  distanceKm: number;
}

/**
 * The same counterparts in the same order, without presenting them: one look-up of their owners
 * instead of the posts and items a page of views needs. This is what publishing's fan-out runs.
 */
export async function counterpartOwners(db: Db, post: MatchSubject, now: Date): Promise<MatchedOwner[]> {
  const keys = await counterpartHits(db, post, now);
  const owners = (await ownersOf(db, [...keys.keys()])).map((o) => ({
    ...o,
    // As the view measures it (presentPost), so both rank alike and say the same distance.
    distanceKm: Math.round(distanceKm(post.lat, post.lng, o.lat, o.lng) * 10) / 10,
  }));
  owners.sort((a, b) => {
    if (post.kind === 'offer') {
      const vulnerable = Number(b.flags !== 0) - Number(a.flags !== 0);
      if (vulnerable !== 0) return vulnerable;
    }
    return a.distanceKm - b.distanceKm;
  });
  return owners.slice(0, MAX_MATCHES);
}

/** Open counterparts within the radius, one index-driven query per medicine: id → distance key (mm). */
async function counterpartHits(db: Db, post: MatchSubject, now: Date): Promise<Map<string, number>> {
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
  const keys = new Map<string, number>();
  for (const hit of pages.flatMap((p) => p.hits)) {
    if (hit.id === post.id) continue;
    keys.set(hit.id, Math.min(keys.get(hit.id) ?? hit.key, hit.key));
  }
  return keys;
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
    lat: p.lat,
    lng: p.lng,
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
