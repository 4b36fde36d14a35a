import type { QueueItem } from '@medrelay/contracts';
import type { Catalog } from '../catalog/index.ts';
import { type ItemRow, type PostRow, presentPost } from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';

/** A post as a moderator sees it: the public view plus the signals that fired and the reports. */
export function presentQueueItem(
  post: PostRow,
  items: ItemRow[],
  reports: { reason: QueueItem['reports'][number]['reason']; count: number }[],
  deps: { catalog: Catalog; regions: Regions },
  /** The note as the active rules read it, with the matched parts (issue 18). */
  highlighted?: { normalized: string; spans: [number, number][] },
): QueueItem {
  return {
    ...presentPost(post, items, deps),
    moderationReason: post.moderationReason,
    authorId: post.userId,
    signals: post.moderationSignals,
    reportCount: post.reportCount,
    reports,
    ...(highlighted ? { normalized: highlighted.normalized, highlights: highlighted.spans } : {}),
  };
}
