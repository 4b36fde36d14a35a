import type { MyPostView } from '@medrelay/contracts';

// Reason codes the server may give a poster: the rules' reasons and the moderators' removal reasons.
// A code from a rule a moderator added later falls back to a general wording.
export const MODERATION_REASONS = [
  'price',
  'trade',
  'bulk',
  'off_platform_contact',
  'banned_medicine',
  'trading',
  'spam',
  'fake',
  'dangerous',
  'personal_info',
  'other',
  'reported',
] as const;

export interface ModerationNotice {
  /** me.moderation.<key>: held for review, hidden by reports, or removed. */
  key: 'held' | 'hidden' | 'removed';
  /** me.moderation.reasons.<reason>, or 'fallback'. */
  reason: (typeof MODERATION_REASONS)[number] | 'fallback';
}

/** What to tell the poster about a post moderation holds or took down: why, never which pattern. */
export function moderationNotice(
  post: Pick<MyPostView, 'status' | 'moderationReason'>,
): ModerationNotice | null {
  const key =
    post.status === 'review'
      ? 'held'
      : post.status === 'hidden'
        ? 'hidden'
        : post.status === 'removed'
          ? 'removed'
          : null;
  if (!key) return null;
  const known = MODERATION_REASONS.find((r) => r === post.moderationReason);
  return { key, reason: known ?? 'fallback' };
}
