import { NOTIFICATION_TYPES as CONTRACT_TYPES, type NotificationPrefs } from '@medrelay/contracts';
import { describe, expect, test } from 'vitest';
import en from '../../locales/en.json';
import zhCN from '../../locales/zh-CN.json';
import { describeNotification, joinNames, NOTIFICATION_TYPES } from './notification-text.ts';
import { hasChannel, smsOffered, withChannel } from './prefs-rules.ts';

const POST = '11111111-1111-4111-8111-111111111111';
const MINE = '22222222-2222-4222-8222-222222222222';
const ALERT = '33333333-3333-4333-8333-333333333333';
const THREAD = '44444444-4444-4444-8444-444444444444';
const names: Record<string, string> = {
  'ibuprofen-tablet': '布洛芬片',
  'antigen-test-single': '抗原检测试剂',
};
const nameOf = (id: string) => names[id];

type Tree = { [k: string]: string | Tree };
const has = (tree: Tree, key: string) => {
  let node: string | Tree | undefined = tree;
  for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
  if (node !== undefined) return true;
  // English plural forms answer for the plain key.
  const parent = key.split('.').slice(0, -1);
  const last = key.split('.').at(-1);
  let p: string | Tree | undefined = tree;
  for (const part of parent) p = typeof p === 'object' ? p[part] : undefined;
  return typeof p === 'object' && `${last}_other` in p;
};

describe('notification sentences', () => {
  test('the prefs list every type the contracts know', () => {
    expect([...NOTIFICATION_TYPES].sort()).toEqual([...CONTRACT_TYPES].sort());
  });

  test('a match on my need: who offers what, how far, a link to their post', () => {
    const line = describeNotification(
      {
        type: 'match',
        data: {
          postId: POST,
          myPostId: MINE,
          kind: 'offer',
          medicineIds: ['ibuprofen-tablet'],
          distanceKm: 1.2,
        },
      },
      nameOf,
    );
    expect(line).toMatchObject({
      key: 'notifications.text.matchOfferNear',
      names: ['布洛芬片'],
      distanceKm: 1.2,
      href: `/posts/${POST}`,
    });
    expect(line.action).toBeUndefined();
  });

  test('an alert can be stopped from the notification', () => {
    const line = describeNotification(
      { type: 'alert', data: { postId: POST, alertId: ALERT, kind: 'need', medicineIds: ['x', 'x'] } },
      nameOf,
    );
    expect(line.key).toBe('notifications.text.alertNeed');
    // An id the catalogue does not know is left out rather than shown raw.
    expect(line.names).toEqual([]);
    expect(line.fallback).toBe('item');
    expect(line.action).toEqual({ type: 'stopAlert', alertId: ALERT });
  });

  test('a post about to expire can be renewed in one tap', () => {
    const line = describeNotification(
      { type: 'post_expiring', data: { postId: MINE, expiresAt: '2026-12-01T10:00:00.000Z' } },
      nameOf,
    );
    expect(line).toMatchObject({
      key: 'notifications.text.postExpiringAt',
      action: { type: 'renew', postId: MINE },
      href: `/posts/${MINE}`,
    });
  });

  test('a message leads to its thread', () => {
    expect(
      describeNotification({ type: 'message', data: { threadId: THREAD, postId: POST } }, nameOf).href,
    ).toBe(`/messages/${THREAD}`);
  });

  test('every type has its sentence in both languages', () => {
    const keys = new Set<string>();
    for (const type of NOTIFICATION_TYPES)
      for (const kind of ['need', 'offer'] as const)
        for (const distanceKm of [undefined, 2])
          for (const expiresAt of [undefined, '2026-12-01T10:00:00.000Z'])
            keys.add(describeNotification({ type, data: { kind, distanceKm, expiresAt } }, nameOf).key);
    for (const type of NOTIFICATION_TYPES) keys.add(`notifications.types.${type}`);
    const missing = [...keys].filter((k) => !has(zhCN as Tree, k) || !has(en as Tree, k));
    expect(missing).toEqual([]);
    expect(keys.size).toBeGreaterThan(20);
  });

  test('names past three are summed up', () => {
    expect(joinNames(['a', 'b'], '、')).toEqual({ text: 'a、b', more: 0 });
    expect(joinNames(['a', 'b', 'c', 'd', 'e'], ', ')).toEqual({ text: 'a, b, c', more: 2 });
  });
});

describe('notification preferences', () => {
  const prefs: NotificationPrefs = {
    channels: { match: ['push', 'wechat'], alert: [] },
    quietHours: { start: '22:00', end: '07:00' },
    urgentThroughQuiet: false,
  };

  test('SMS is offered for matches only', () => {
    expect(NOTIFICATION_TYPES.filter(smsOffered)).toEqual(['match']);
  });

  test('switching one channel keeps the others (WeChat stays as it was)', () => {
    const on = withChannel(prefs, 'match', 'sms', true);
    expect(on.channels.match).toEqual(['push', 'wechat', 'sms']);
    const off = withChannel(on, 'match', 'push', false);
    expect(off.channels.match).toEqual(['wechat', 'sms']);
    expect(hasChannel(off, 'match', 'push')).toBe(false);
    expect(hasChannel(withChannel(prefs, 'post_held', 'push', true), 'post_held', 'push')).toBe(true);
    expect(prefs.channels.match).toEqual(['push', 'wechat']);
  });
});
