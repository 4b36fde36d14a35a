import type { PostEventTopic, PostStatus } from '@medrelay/contracts';
import { type SQL, sql } from 'drizzle-orm';

/**
 * A post's life, as one table. The posts module is the only code that changes a post's state; every
 * change below keeps the post's feed rows (`post_items`) in step and writes its event in the same
 * transaction (see posts.state.ts). docs/architecture.md shows the same table.
 *
 * `review` is the stored name of "held": a post kept out of the square until a moderator decides.
 */
export type PostAction =
  | 'approve'
  | 'hide'
  | 'remove'
  | 'resolve'
  | 'reopen'
  | 'revise'
  | 'release'
  | 'renew'
  | 'expire'
  | 'delete'
  | 'erase';

export interface Transition {
  from: readonly PostStatus[];
  to: PostStatus;
  /** Who may ask for it; the service that calls it checks this. */
  by: 'owner' | 'moderator' | 'reports' | 'expiry job' | 'account erasure';
  /** The event it writes, which may depend on where the post came from. */
  event: (from: PostStatus) => PostEventTopic;
  /** Whether the post leaves the square for good (closedAt is set). */
  closes: boolean;
}

export const POST_TRANSITIONS: Record<PostAction, Transition> = {
  // A held post becomes visible for the first time: that is its creation as far as anyone outside
  // can tell. A post hidden by reports was visible before, so it is restored.
  approve: {
    from: ['review', 'hidden'],
    to: 'open',
    by: 'moderator',
    event: (from) => (from === 'review' ? 'post.created' : 'post.restored'),
    closes: false,
  },
  hide: { from: ['open'], to: 'hidden', by: 'reports', event: () => 'post.hidden', closes: false },
  remove: {
    from: ['open', 'review', 'hidden'],
    to: 'removed',
    by: 'moderator',
    event: () => 'post.removed',
    closes: true,
  },
  resolve: { from: ['open'], to: 'resolved', by: 'owner', event: () => 'post.resolved', closes: true },
  // Undo of 已解决 within REOPEN_WINDOW_MS (the service checks the window): the post comes back to
  // the square as it was, which subscribers already know as post.restored.
  reopen: { from: ['resolved'], to: 'open', by: 'owner', event: () => 'post.restored', closes: false },
  // The owner edits a held post and the rules read it again (issue 16): still held, it stays held
  // with the new reason; allowed now, it reaches the square for the first time, as an approval would.
  revise: { from: ['review'], to: 'review', by: 'owner', event: () => 'post.held', closes: false },
  release: { from: ['review'], to: 'open', by: 'owner', event: () => 'post.created', closes: false },
  renew: { from: ['open', 'expired'], to: 'open', by: 'owner', event: () => 'post.renewed', closes: false },
  expire: { from: ['open'], to: 'expired', by: 'expiry job', event: () => 'post.expired', closes: true },
  // A removed post stays removed: its owner cannot erase the moderation record by deleting it.
  delete: {
    from: ['open', 'review', 'hidden', 'resolved', 'expired'],
    to: 'deleted',
    by: 'owner',
    event: () => 'post.deleted',
    closes: true,
  },
  // Erasing an account takes down what is still live; resolved and expired posts stay as they are,
  // anonymised, so the statistics of what was resolved do not change.
  erase: {
    from: ['open', 'review', 'hidden'],
    to: 'deleted',
    by: 'account erasure',
    event: () => 'post.deleted',
    closes: true,
  },
};

/** Where a new post starts: in the square at once, or held for a moderator. */
export const initialEvent = (status: 'open' | 'review'): PostEventTopic =>
  status === 'open' ? 'post.created' : 'post.held';

export const canApply = (action: PostAction, from: PostStatus): boolean =>
  POST_TRANSITIONS[action].from.includes(from);

/**
 * "Open" in one place: the status says open and its time has not run out (the expiry job may not
 * have swept it yet). SQL that needs the same test uses `openPostSql`.
 */
export const isOpenPost = (post: { status: PostStatus; expiresAt: Date }, now: Date): boolean =>
  post.status === 'open' && post.expiresAt > now;

const ALIAS = /^[a-z_][a-z0-9_]*$/;

/**
 * `isOpenPost` in SQL, for a row of `posts` or `post_items` (both carry status and expires_at), as
 * `alias.` or unqualified. `status = 'open'` is written as a literal so that the planner can use the
 * partial indexes (`WHERE status = 'open'`); the time is a runtime filter on top of them.
 */
export function openPostSql(now: Date, alias?: string): SQL {
  if (alias !== undefined && !ALIAS.test(alias)) throw new Error(`not a table alias: ${alias}`);
  const column = (name: string) => sql.raw(alias ? `${alias}.${name}` : name);
  return sql`(${column('status')} = 'open' AND ${column('expires_at')} > ${now.toISOString()}::timestamptz)`;
}
