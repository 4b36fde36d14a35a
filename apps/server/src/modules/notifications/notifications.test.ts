import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import type { ChannelSender, OutgoingNotification } from './index.ts';

/** An outside channel on this machine: it records what it was asked to send. */
const recorder = (channel: ChannelSender['channel']) => {
  const sent: OutgoingNotification[] = [];
  let hang = false;
  const sender: ChannelSender = {
    channel,
    async send(n) {
      sent.push(n);
      // A process that dies after handing the message to the vendor but before recording it.
      if (hang) await new Promise(() => undefined);
      return 'sent';
    },
  };
  return { sender, sent, hang: (on: boolean) => (hang = on) };
};

const push = recorder('push');
const sms = recorder('sms');
let t: TestApp;
beforeAll(async () => {
  t = await testApp({ deps: { channelSenders: [push.sender, sms.sender] } });
});
afterAll(() => t.close());

// 2026-02-10 12:00 and 23:30 in China.
const chinaNoon = new Date('2026-02-10T04:00:00.000Z');
const chinaLateNight = new Date('2026-02-10T15:30:00.000Z');

const userIdOf = async (c: Client) => (await c.get('/api/v1/me')).json().id as string;
const deliveriesOf = async (userId: string) =>
  selectRows<{ channel: string; status: string; last_error: string | null; next_attempt_at: string | Date }>(
    t.store.db,
    sql`SELECT channel, status, last_error, next_attempt_at FROM notification_deliveries
         WHERE user_id = ${userId} ORDER BY id`,
  );
const notify = async (userId: string, dedupKey: string, over: Record<string, unknown> = {}) =>
  t.store.db.transaction((tx) =>
    t.notifications.notify(tx, {
      userId,
      type: 'match',
      dedupKey,
      data: { postId: '00000000-0000-4000-8000-000000000001', kind: 'offer' },
      myPostIsNeed: true,
      ...over,
    }),
  );

describe('delivery', () => {
  test('one notification per event and person, however often the event is handled', async () => {
    const me = await userIdOf(await t.as.resident());
    t.clock.set(chinaNoon);
    expect(await notify(me, 'match:a:b')).not.toBeNull();
    expect(await notify(me, 'match:a:b')).toBeNull();
    expect(await deliveriesOf(me)).toHaveLength(1);
  });

  test('many people in one call: each by their own channels; duplicates within the call and from before dropped', async () => {
    const a = await t.as.resident();
    const b = await t.as.resident();
    const [ida, idb] = [await userIdOf(a), await userIdOf(b)];
    t.clock.set(chinaNoon);
    // b chose SMS as well for matches: their preferences, not a's, decide their deliveries.
    const prefs = (await b.get('/api/v1/me/notification-prefs')).json();
    await b.put('/api/v1/me/notification-prefs', {
      ...prefs,
      channels: { ...prefs.channels, match: ['push', 'sms'] },
    });
    expect(await notify(ida, 'match:many:earlier')).not.toBeNull();
    const notice = (userId: string, dedupKey: string) => ({
      userId,
      type: 'match' as const,
      dedupKey,
      data: { postId: '00000000-0000-4000-8000-000000000002', kind: 'offer' as const },
      myPostIsNeed: true,
    });
    const ids = await t.store.db.transaction((tx) =>
      t.notifications.notifyMany(tx, [
        notice(ida, 'match:many:earlier'),
        notice(ida, 'match:many:1'),
        notice(idb, 'match:many:1'),
        notice(idb, 'match:many:1'),
      ]),
    );
    expect(ids.map((id) => id !== null)).toEqual([false, true, true, false]);
    expect((await deliveriesOf(ida)).map((d) => d.channel)).toEqual(['push', 'push']);
    expect((await deliveriesOf(idb)).map((d) => d.channel).sort()).toEqual(['push', 'sms']);
    expect((await a.get('/api/v1/me/notifications')).json().items).toHaveLength(2);
    expect((await b.get('/api/v1/me/notifications')).json().items).toHaveLength(1);
  });

  test('quiet hours hold a push until 07:00 China time; the inbox has it at once', async () => {
    const c = await t.as.resident();
    const me = await userIdOf(c);
    t.clock.set(chinaLateNight);
    await notify(me, 'match:quiet');
    const [d] = await deliveriesOf(me);
    expect(new Date(d?.next_attempt_at ?? 0).toISOString()).toBe('2026-02-10T23:00:00.000Z');
    const mine = () => push.sent.filter((n) => n.userId === me);
    await t.deliveries.runOnce();
    expect(mine()).toHaveLength(0);
    t.clock.set(new Date('2026-02-10T23:01:00.000Z'));
    await t.deliveries.runOnce();
    expect(mine()).toHaveLength(1);
  });

  test('an urgent one rings through quiet hours only for a person who allowed it', async () => {
    const c = await t.as.resident();
    const me = await userIdOf(c);
    const prefs = (await c.get('/api/v1/me/notification-prefs')).json();
    await c.put('/api/v1/me/notification-prefs', { ...prefs, urgentThroughQuiet: true });
    t.clock.set(chinaLateNight);
    await notify(me, 'alert:urgent', { type: 'alert', urgent: true });
    await notify(me, 'alert:plain', { type: 'alert', urgent: false });
    const due = (await deliveriesOf(me)).map((d) => new Date(d.next_attempt_at).getTime());
    expect(due).toEqual([chinaLateNight.getTime(), new Date('2026-02-10T23:00:00.000Z').getTime()]);
  });

  test('SMS only for a match on my need, and only when I chose it', async () => {
    const c = await t.as.resident();
    const me = await userIdOf(c);
    t.clock.set(chinaNoon);
    await notify(me, 'match:no-opt-in');
    expect((await deliveriesOf(me)).map((d) => d.channel)).toEqual(['push']);
    const prefs = (await c.get('/api/v1/me/notification-prefs')).json();
    await c.put('/api/v1/me/notification-prefs', {
      ...prefs,
      channels: { ...prefs.channels, match: ['push', 'sms'], alert: ['push', 'sms'] },
    });
    await notify(me, 'match:opted-in');
    await notify(me, 'match:my-offer', { myPostIsNeed: false });
    await notify(me, 'alert:x', { type: 'alert' });
    expect((await deliveriesOf(me)).map((d) => d.channel)).toEqual(['push', 'push', 'sms', 'push', 'push']);
  });

  test('at most 20 pushes a day per person; the 21st is logged as skipped', async () => {
    const me = await userIdOf(await t.as.resident());
    t.clock.set(chinaNoon);
    for (let i = 0; i < 21; i++) await notify(me, `match:cap:${i}`);
    while ((await t.deliveries.runOnce()).sent + (await t.deliveries.runOnce()).skipped > 0) {
      // drain
    }
    const rows = await deliveriesOf(me);
    expect(rows.filter((d) => d.status === 'sent')).toHaveLength(20);
    expect(rows.filter((d) => d.status === 'skipped').map((d) => d.last_error)).toEqual(['daily_cap']);
  });

  test('a process that dies mid-delivery: the delivery is sent again after the lease, with the same id, and the inbox shows it once', async () => {
    const c = await t.as.resident();
    const me = await userIdOf(c);
    t.clock.set(chinaNoon);
    await t.deliveries.runOnce();
    const id = await notify(me, 'match:crash');
    push.hang(true);
    // The "dying" process: it hands the message over and never records the outcome.
    void t.deliveries.runOnce();
    await new Promise((r) => setTimeout(r, 200));
    push.hang(false);
    expect(push.sent.filter((n) => n.id === id)).toHaveLength(1);
    // Another process (a restart) with a working channel, once the lease has run out.
    const restarted = recorder('push');
    const other = await t.anotherApp({ channelSenders: [restarted.sender, sms.sender] });
    await other.deliveries.runOnce();
    expect(restarted.sent).toHaveLength(0);
    t.clock.advance(2 * MINUTE);
    await other.deliveries.runOnce();
    expect(restarted.sent.map((n) => n.id)).toEqual([id]);
    expect((await deliveriesOf(me)).map((d) => d.status)).toEqual(['sent']);
    const inbox = (await c.get('/api/v1/me/notifications')).json();
    expect(inbox.items.filter((n: { id: string }) => n.id === id)).toHaveLength(1);
    await other.app.close();
  });
});

describe('from the square to a phone', () => {
  test('an offer near my need reaches my push channel with no personal data', async () => {
    t.clock.set(chinaNoon);
    const seeker = await t.as.resident();
    const me = await userIdOf(seeker);
    await seeker.createNeed({ medicineId: 'ors-iii', at: NANSHAN });
    await t.reach.runOnce();
    const giver = await t.as.resident();
    await giver.createOffer({ medicineId: 'ors-iii', at: NANSHAN });
    await t.reach.runOnce();
    await t.deliveries.runOnce();
    const mine = push.sent.filter((n) => n.userId === me);
    expect(mine.at(-1)).toMatchObject({ type: 'match', data: { kind: 'offer', medicineIds: ['ors-iii'] } });
    const text = JSON.stringify(mine);
    expect(text).not.toContain(seeker.phone);
    expect(text).not.toContain(giver.phone);
  });
});
