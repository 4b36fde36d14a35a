/**
 * The event catalogue's topics as plain values. The Zod enums and payloads in events.ts are built
 * from these lists; the web app imports them through '@medrelay/contracts/event-topics', and the
 * server's consumers pick their topics from them. No imports on purpose, like rules.ts: the square's
 * chunk must not pull zod in for a list of names. docs/architecture.md says who consumes what.
 */

/** In the square: these carry the post's public view (masked phone, rounded location). */
export const VISIBLE_POST_TOPICS = [
  // A post became visible for the first time: published at once, or approved from review.
  'post.created',
  // Visible again after reports hid it (a moderator approved it).
  'post.restored',
  // The owner kept it up for another period.
  'post.renewed',
] as const;

/**
 * Still in the square, but what it shows changed; they carry the public view like the visible ones.
 * Not "entered the square": nobody is alerted or matched again.
 */
export const CHANGED_POST_TOPICS = [
  // What is still on offer changed: a hand-off gave part of it (the last unit resolves it instead).
  'post.updated',
] as const;

/** Leaving the square; they carry the public view, as they always have. */
export const CLOSING_POST_TOPICS = [
  // The owner marked it 已解决.
  'post.resolved',
  // Its time ran out.
  'post.expired',
] as const;

/**
 * Taken out of the square. They carry only what a subscriber needs to take the post down, because
 * its note may be exactly what a moderator kept out of sight.
 */
export const TAKEN_DOWN_POST_TOPICS = [
  // Taken down by a moderator (or with its banned author).
  'post.removed',
  // Hidden by verified residents' reports, pending a moderator.
  'post.hidden',
  // Deleted by its owner, or with the owner's account.
  'post.deleted',
] as const;

/** Events whose payload is the bare post: the taken-down ones, and a post held for review at creation. */
export const BARE_POST_TOPICS = [...TAKEN_DOWN_POST_TOPICS, 'post.held'] as const;

/** Every post event; `post.held` (never public, so never sent to partners) tells only its poster. */
export const POST_TOPICS = [
  ...VISIBLE_POST_TOPICS,
  ...CHANGED_POST_TOPICS,
  ...CLOSING_POST_TOPICS,
  ...BARE_POST_TOPICS,
] as const;

/** The whole catalogue: the post events and a city's needs rising well above their usual hourly rate. */
export const EVENT_TOPICS = [...POST_TOPICS, 'demand.spike'] as const;

/** What the live square streams: every change to what a viewer of the square can see. */
export const LIVE_TOPICS = [
  ...VISIBLE_POST_TOPICS,
  ...CHANGED_POST_TOPICS,
  ...CLOSING_POST_TOPICS,
  ...TAKEN_DOWN_POST_TOPICS,
] as const;

/** What a partner may subscribe to with a webhook: the public post events and demand spikes. */
export const WEBHOOK_TOPICS = [...LIVE_TOPICS, 'demand.spike'] as const;
