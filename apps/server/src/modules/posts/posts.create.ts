import { randomUUID } from 'node:crypto';
import { type CreatePostBody, normalizePhone } from '@medrelay/contracts';
import type { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { cellOf } from '../../platform/geo.ts';
import { maskPhone, type PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Placement } from '../regions/index.ts';
import type { checkItems } from './posts.rules.ts';
import type { Screening, ScreenPost } from './posts.service.ts';
import { POST_TTL_MS } from './posts.state.ts';
import { flagsToMask, type ItemRow, type PostRow } from './posts.view.ts';
import { itemKeysOf } from './square-index/item-keys.ts';

// Post creation in named steps; the service runs them in order and stores the result in one
// transaction. Each step is plain: it reads its inputs and throws an AppError or returns.

type CreateInput = z.output<typeof CreatePostBody>;
type CheckedItems = ReturnType<typeof checkItems>;
export interface CreateOptions {
  isDemo?: boolean;
  assistedBy?: { id: string; name: string };
  consentRecorded?: boolean;
}

/** Step: the anti-trade rules. Blocked is refused here; held goes on with status review. */
export function screenOrRefuse(
  screen: ScreenPost | undefined,
  body: Pick<CreateInput, 'kind' | 'note'>,
  items: readonly { entry: { id: string } }[],
): Screening {
  const screening = screen?.({
    text: body.note ?? '',
    kind: body.kind,
    medicineIds: items.map((i) => i.entry.id),
  }) ?? { outcome: 'allowed', reasons: [], signals: [], redFlags: [] };
  if (screening.outcome === 'blocked') {
    throw new AppError('post_blocked', 422, { field: 'note', reasons: screening.reasons });
  }
  return screening;
}

/**
 * Step: 传递下去. An offer may name the need it passes on from: my own need, already resolved. Anything
 * else is refused, so that a relay chain is always one person's need met and passed on.
 */
export function relaySourceOrRefuse(
  body: CreateInput,
  user: User,
  source: Pick<PostRow, 'userId' | 'kind' | 'status'> | undefined,
): void {
  if (!body.relayedFrom) return;
  const fits =
    body.kind === 'offer' &&
    source?.userId === user.id &&
    source.kind === 'need' &&
    source.status === 'resolved';
  if (!fits) throw new AppError('validation_failed', 400, { field: 'relayedFrom' });
}

/** Step: the phone the post shows masked; "message me in the app" keeps none at all. */
export function contactPhoneFor(body: CreateInput, user: User, personal: PersonalData): string | null {
  if (body.contactMode === 'relay') return null;
  return body.contactPhone ? normalizePhone(body.contactPhone) : personal.decrypt(user.phoneEnc);
}

/** Step: the rows to store — the post, and one feed row per item carrying the filter columns. */
export function buildPostRows(args: {
  user: User;
  body: CreateInput;
  items: CheckedItems;
  point: { lat: number; lng: number };
  placement: Placement;
  screening: Screening;
  phone: string | null;
  personal: PersonalData;
  opts: CreateOptions;
  now: Date;
}): { post: PostRow; itemRows: ItemRow[] } {
  const { user, body, items, point, placement, screening, phone, personal, opts, now } = args;
  const post: PostRow = {
    id: randomUUID(),
    userId: user.id,
    kind: body.kind,
    // A weak signal holds the post for a moderator; honest first posts publish at once.
    status: screening.outcome === 'review' ? 'review' : 'open',
    moderationReason: screening.outcome === 'review' ? (screening.reasons[0] ?? 'review') : null,
    moderationSignals: screening.signals,
    relayedFrom: body.relayedFrom ?? null,
    redFlags: body.kind === 'need' ? screening.redFlags : [],
    reportCount: 0,
    assistedBy: opts.assistedBy?.id ?? null,
    assistedByName: opts.assistedBy?.name ?? null,
    lat: point.lat,
    lng: point.lng,
    cell: cellOf(point.lat, point.lng),
    ...placement,
    forWhom: body.forWhom,
    flags: flagsToMask(body.flags),
    note: body.note || null,
    contactPhoneEnc: phone ? personal.encrypt(phone) : null,
    contactPhoneMasked: phone ? maskPhone(phone) : null,
    contactMode: body.contactMode,
    revealCount: 0,
    purgedAt: null,
    categories: [...new Set(items.map((i) => i.entry.category))],
    isDemo: opts.isDemo ?? false,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + POST_TTL_MS[body.kind]),
    closedAt: null,
    renewCount: 0,
    resolution: null,
    itemKeys: '', // with the items, below
  };
  const itemRows: ItemRow[] = items.map((i, position) => ({
    postId: post.id,
    medicineId: i.entry.id,
    position,
    quantity: i.quantity,
    expiresOn: i.expiresOn,
    unopened: i.unopened,
    category: i.entry.category,
    kind: post.kind,
    status: post.status,
    lat: post.lat,
    lng: post.lng,
    cell: post.cell,
    provinceCode: post.provinceCode,
    cityCode: post.cityCode,
    districtCode: post.districtCode,
    flags: post.flags,
    given: 0,
    createdAt: post.createdAt,
    expiresAt: post.expiresAt,
  }));
  post.itemKeys = itemKeysOf(itemRows);
  return { post, itemRows };
}
