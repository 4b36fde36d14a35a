import type { FeedReply, PostView } from '@medrelay/contracts';
import type { InfiniteData } from '@tanstack/react-query';
import { describe, expect, test } from 'vitest';
import { liveQuery } from './api/live.ts';
import {
  dropFromFeed,
  effectOf,
  feedIds,
  insertTop,
  nextPending,
  parseLiveEvent,
  updateInFeed,
} from './live-events.ts';

const post = (id: string, over: Partial<PostView> = {}): PostView => ({
  id,
  kind: 'offer',
  status: 'open',
  items: [
    {
      medicineId: 'ibuprofen-tablet',
      name: { zh: '布洛芬片', en: 'Ibuprofen tablets' },
      category: 'fever',
      unit: { zh: '片', en: 'tablet' },
      quantity: 4,
      expiresOn: '2027-06-01',
      unopened: true,
    },
  ],
  location: { lat: 22.53, lng: 113.93 },
  region: {
    provinceCode: '440000',
    cityCode: '440300',
    districtCode: '440305',
    province: '广东省',
    city: '深圳市',
    district: '南山区',
  },
  forWhom: 'self',
  flags: [],
  note: null,
  contactPhoneMasked: '138****0001',
  contactMode: 'phone',
  redFlags: [],
  assistedBy: null,
  isDemo: false,
  createdAt: '2026-11-29T10:00:00.000Z',
  expiresAt: '2026-12-02T10:00:00.000Z',
  ...over,
});

const feed = (...pages: PostView[][]): InfiniteData<FeedReply> => ({
  pages: pages.map((items) => ({ items, nextCursor: null })),
  pageParams: pages.map(() => undefined),
});

describe('the live square', () => {
  test('reads events by topic and drops malformed ones', () => {
    const p = post('a');
    expect(parseLiveEvent('post.created', JSON.stringify({ post: p }))).toEqual({
      topic: 'post.created',
      post: p,
    });
    expect(parseLiveEvent('post.created', '{not json')).toBeUndefined();
    expect(parseLiveEvent('post.created', '{"post":{}}')).toBeUndefined();
    expect(parseLiveEvent('demand.spike', JSON.stringify({ post: p }))).toBeUndefined();
  });

  test('a new post is announced once; one already on screen is updated instead', () => {
    const known = new Set(['a']);
    const created = effectOf({ topic: 'post.created', post: post('b') }, known, {});
    expect(created).toEqual({ kind: 'announce', post: post('b') });
    expect(effectOf({ topic: 'post.created', post: post('a') }, known, {}).kind).toBe('update');
    let pending = nextPending([], created);
    pending = nextPending(pending, created);
    expect(pending.map((p) => p.id)).toEqual(['b']);
  });

  test('applies the filters the endpoint does not know: category and flags', () => {
    const f = { category: 'cough', flags: [] };
    expect(effectOf({ topic: 'post.created', post: post('b') }, new Set(), f).kind).toBe('none');
    const flagged = { flags: ['infant' as const] };
    expect(effectOf({ topic: 'post.created', post: post('b') }, new Set(), flagged).kind).toBe('none');
    const infant = post('c', { flags: ['infant'] });
    expect(effectOf({ topic: 'post.created', post: infant }, new Set(), flagged).kind).toBe('announce');
  });

  test('a closed post greys out in place; a removed one goes; neither stays in the banner', () => {
    const shown = feed([post('a'), post('b')]);
    const resolved = effectOf(
      { topic: 'post.resolved', post: post('a', { status: 'resolved' }) },
      feedIds(shown),
      {},
    );
    expect(resolved.kind).toBe('update');
    if (resolved.kind !== 'update') return;
    const after = updateInFeed(shown, resolved.post);
    expect(after.pages[0]?.items.map((p) => p.status)).toEqual(['resolved', 'open']);

    const removed = effectOf(
      { topic: 'post.removed', post: { id: 'b', status: 'removed' } },
      feedIds(shown),
      {},
    );
    expect(removed).toEqual({ kind: 'drop', id: 'b' });
    expect(dropFromFeed(shown, 'b').pages[0]?.items.map((p) => p.id)).toEqual(['a']);

    const waiting = [post('c')];
    const expired = effectOf(
      { topic: 'post.expired', post: post('c', { status: 'expired' }) },
      feedIds(shown),
      {},
    );
    expect(nextPending(waiting, expired)).toEqual([]);
    expect(effectOf({ topic: 'post.renewed', post: post('z') }, feedIds(shown), {}).kind).toBe('none');
  });

  test('a hand-off shows what is left in place; a post not shown is left alone', () => {
    const shown = feed([post('a'), post('b')]);
    const given = post('a', {
      items: [{ ...(post('a').items[0] as PostView['items'][number]), quantity: 1 }],
    });
    const updated = effectOf({ topic: 'post.updated', post: given }, feedIds(shown), {});
    expect(updated).toEqual({ kind: 'update', post: given });
    if (updated.kind !== 'update') return;
    const after = updateInFeed(shown, updated.post);
    expect(after.pages[0]?.items.map((p) => [p.id, p.status, p.items[0]?.quantity])).toEqual([
      ['a', 'open', 1],
      ['b', 'open', 4],
    ]);
    // Not on screen: neither announced as new nor dropped from the banner.
    const elsewhere = effectOf({ topic: 'post.updated', post: post('z') }, feedIds(shown), {});
    expect(elsewhere).toEqual({ kind: 'none' });
    const waiting = [post('z')];
    expect(nextPending(waiting, elsewhere)).toBe(waiting);
    expect(parseLiveEvent('post.updated', JSON.stringify({ post: given }))).toEqual({
      topic: 'post.updated',
      post: given,
    });
  });

  test('keeps the distance the feed computed when a post is updated in place', () => {
    const shown = feed([post('a', { distanceKm: 1.4 })]);
    expect(updateInFeed(shown, post('a', { status: 'resolved' })).pages[0]?.items[0]?.distanceKm).toBe(1.4);
  });

  test('the banner inserts its posts at the top, newest first, without duplicates', () => {
    const shown = feed([post('a')], [post('b')]);
    const next = insertTop(shown, [
      post('c', { createdAt: '2026-11-29T11:00:00.000Z' }),
      post('d', { createdAt: '2026-11-29T12:00:00.000Z' }),
      post('a'),
    ]);
    expect(next.pages.map((p) => p.items.map((i) => i.id))).toEqual([['d', 'c', 'a'], ['b']]);
    expect(insertTop(next, [post('d')])).toBe(next);
  });

  test('asks the endpoint for what it can filter, a radius only with a point', () => {
    expect(
      liveQuery({
        kind: 'need',
        medicineId: 'm',
        category: 'c',
        region: '440305',
        radiusKm: 10,
        sort: 'time',
      }),
    ).toEqual({ kind: 'need', medicineId: 'm', region: '440305', near: undefined, radiusKm: undefined });
    expect(liveQuery({ kind: 'offer', near: '22.5,113.9', radiusKm: 5 })).toMatchObject({
      near: '22.5,113.9',
      radiusKm: 5,
    });
  });
});
