import { createECDH, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterEach, expect, test, vi } from 'vitest';
import webpush from 'web-push';
import { selectRows } from '../../platform/db/index.ts';
import type { VapidKeys } from '../../platform/vapid-keys.ts';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { createGroup, institution, publishedArticle } from './community-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

const vapid: VapidKeys = { ...webpush.generateVAPIDKeys(), subject: 'mailto:ops@medrelay.example' };

let t: TestApp;
afterEach(() => t.close());

test('an article scheduled at night reaches the inbox at once and rings the phone after the quiet hours', async () => {
  t = await testApp({ deps: { channels: { vapid } } });
  // 2026-12-01 21:00 in Shanghai.
  t.clock.set(new Date('2026-12-01T13:00:00.000Z'));
  const inst = await institution(t);
  const editor = await inst.member('developer');
  const doctor = await inst.member('developer', 'doctor');
  const group = await createGroup(inst);
  const resident = await t.as.resident();
  await resident.post(`/api/v1/groups/join/${group.joinPath.split('/').at(-1)}`, {});
  const sub = await resident.post('/api/v1/me/push-subscriptions', {
    endpoint: 'https://push.example.com/sub/community-1',
    keys: {
      p256dh: createECDH('prime256v1').generateKeys().toString('base64url'),
      auth: randomBytes(16).toString('base64url'),
    },
  });
  expect(sub.statusCode, sub.body).toBeLessThan(300);
  const articleId = await publishedArticle(inst, editor, doctor);
  const res = await editor.post(`/api/v1/partners/${inst.id}/community/groups/${group.id}/schedule`, {
    articleId,
    date: '2026-12-01',
    time: '23:00',
  });
  expect(res.statusCode, res.body).toBe(201);

  t.clock.set(new Date('2026-12-01T15:00:00.000Z'));
  const built = await t.anotherApp({ channels: { vapid } });
  expect(await built.calendarJob.runOnce()).toEqual({ sent: 1 });
  await built.app.close();
  const rows = await selectRows<{ type: string; channel: string | null; next: string | null }>(
    t.store.db,
    sql`SELECT n.type, d.channel, d.next_attempt_at::text AS next
        FROM notifications n LEFT JOIN notification_deliveries d ON d.notification_id = n.id
        WHERE n.type = 'group_article'`,
  );
  expect(rows).toHaveLength(1);
  expect(rows[0]?.channel).toBe('push');
  // 07:00 the next morning in Shanghai, the default end of the quiet hours.
  expect(new Date(rows[0]?.next as string).toISOString()).toBe('2026-12-01T23:00:00.000Z');
});
