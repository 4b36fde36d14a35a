import type { FeedReply, PostView, VulnerableFlag } from '@medrelay/contracts';
import { LIVE_TOPICS } from '@medrelay/contracts/event-topics';
import type { InfiniteData } from '@tanstack/react-query';

/**
 * The live square's events, as the server names them (the contracts' zod-free topic lists).
 * `post.created`, `post.restored` and `post.renewed` carry the public view; `post.updated` (a
 * hand-off gave part of an offer), resolved and expired too; removed, hidden and deleted only what is
 * needed to take the post down (its note may be what a moderator kept out of sight).
 */
export { LIVE_TOPICS };
export type LiveTopic = (typeof LIVE_TOPICS)[number];

export interface LiveEvent {
  topic: LiveTopic;
  post: PostView | { id: string; status: string };
}

type Feed = InfiniteData<FeedReply>;

const isView = (p: LiveEvent['post']): p is PostView => 'items' in p && Array.isArray(p.items);

/** Parses an event's data; anything malformed is dropped rather than breaking the list. */
export function parseLiveEvent(topic: string, data: string): LiveEvent | undefined {
  if (!(LIVE_TOPICS as readonly string[]).includes(topic)) return undefined;
  try {
    const body = JSON.parse(data) as { post?: { id?: unknown; status?: unknown } };
    const post = body.post;
    if (!post || typeof post.id !== 'string') return undefined;
    return { topic: topic as LiveTopic, post: post as LiveEvent['post'] };
  } catch {
    return undefined;
  }
}

/**
 * The filters the live endpoint cannot apply (it knows kind, medicine, region and radius): a category
 * and the vulnerable-group flags, checked here the way the feed checks them.
 */
export function passesClientFilters(
  post: PostView,
  f: { category?: string; flags?: readonly VulnerableFlag[] },
): boolean {
  if (f.category && !post.items.some((i) => i.category === f.category)) return false;
  if (f.flags?.length && !post.flags.some((x) => f.flags?.includes(x))) return false;
  return true;
}

export const feedIds = (feed: Feed | undefined): Set<string> =>
  new Set(feed?.pages.flatMap((p) => p.items.map((i) => i.id)) ?? []);

/** What an event does: a post to announce (new to this list), or a change to posts already shown. */
export type LiveEffect =
  | { kind: 'announce'; post: PostView }
  | { kind: 'update'; post: PostView }
  | { kind: 'drop'; id: string }
  | { kind: 'none' };

export function effectOf(
  event: LiveEvent,
  known: Set<string>,
  f: { category?: string; flags?: readonly VulnerableFlag[] },
): LiveEffect {
  const { topic, post } = event;
  switch (topic) {
    case 'post.created':
    case 'post.restored':
      if (!isView(post)) return { kind: 'none' };
      if (known.has(post.id)) return { kind: 'update', post };
      return passesClientFilters(post, f) ? { kind: 'announce', post } : { kind: 'none' };
    case 'post.renewed':
    case 'post.updated':
    case 'post.resolved':
    case 'post.expired':
      // Shown in place as it now is (a closed post greys out where it stands, nothing jumps); a post
      // that is still open but not shown is not news (renewed, or less of it left).
      if (known.has(post.id) && isView(post)) return { kind: 'update', post };
      return topic === 'post.renewed' || topic === 'post.updated'
        ? { kind: 'none' }
        : { kind: 'drop', id: post.id };
    default:
      return { kind: 'drop', id: post.id };
  }
}

const mapPages = (feed: Feed, fn: (items: PostView[]) => PostView[]): Feed => ({
  ...feed,
  pages: feed.pages.map((p) => ({ ...p, items: fn(p.items) })),
});

/** A post's new state where it stands; keeps the distance the server computed for this list. */
export const updateInFeed = (feed: Feed, post: PostView): Feed =>
  mapPages(feed, (items) =>
    items.map((p) => (p.id === post.id ? { ...post, distanceKm: post.distanceKm ?? p.distanceKm } : p)),
  );

export const dropFromFeed = (feed: Feed, id: string): Feed =>
  mapPages(feed, (items) => items.filter((p) => p.id !== id));

/** New posts at the top of the first page, newest first, without duplicates. */
export function insertTop(feed: Feed, posts: PostView[]): Feed {
  const known = feedIds(feed);
  const fresh = posts
    .filter((p, i, all) => !known.has(p.id) && all.findIndex((q) => q.id === p.id) === i)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (fresh.length === 0) return feed;
  const [first, ...rest] = feed.pages;
  if (!first) return feed;
  return { ...feed, pages: [{ ...first, items: [...fresh, ...first.items] }, ...rest] };
}

/** The banner's waiting posts after an event: new ones added once, closed or changed ones kept true. */
export function nextPending(pending: PostView[], effect: LiveEffect): PostView[] {
  switch (effect.kind) {
    case 'announce':
      return [effect.post, ...pending.filter((p) => p.id !== effect.post.id)];
    case 'drop':
      return pending.some((p) => p.id === effect.id) ? pending.filter((p) => p.id !== effect.id) : pending;
    default:
      return pending;
  }
}
