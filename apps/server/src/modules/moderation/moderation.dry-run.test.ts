import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY, HOUR } from '../../platform/clock.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

// Issue 18: a rule change is tried on exactly the last 7 days of posts (every state) before it is
// published, and the published version records the figures and the trade model it runs with.

let t: TestApp;
let mod: Client;
beforeAll(async () => {
  t = await testApp();
  mod = await t.as.resident();
  await t.setRole(mod, 'moderator');
});
afterAll(() => t.close());

const need = (note: string) => ({
  kind: 'need' as const,
  items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
  location: NANSHAN,
  note,
  consent: true,
});
type Rules = {
  patterns: { id: string; category: string; pattern: string; weight?: string; note?: string }[];
};
// An edit that holds every post mentioning 口罩 for review.
const holdingMasks = (rules: Rules): Rules => ({
  ...rules,
  patterns: [
    ...rules.patterns,
    { id: 'contact.test_mask', category: 'contact', pattern: '口罩', weight: 'weak', note: 'test' },
  ],
});

describe('dry run on the last 7 days', () => {
  test('counts every post of the window in every state, and none older; examples of each change', async () => {
    const poster = await t.as.resident();
    // Just over 7 days old: outside the window, although it would change. (Sessions would not
    // survive moving the clock a week, so the post is dated back instead.)
    const old = (await poster.post('/api/v1/posts', need('八天前：家里有多的口罩'))).json();
    const weekAgo = new Date(t.clock.now().getTime() - 7 * DAY - HOUR).toISOString();
    await t.store.db.execute(sql`UPDATE posts SET created_at = ${weekAgo}::timestamptz WHERE id = ${old.id}`);
    // In the window: a published post, a held one, one a moderator removed, one resolved.
    const open = (await poster.post('/api/v1/posts', need('家里有多的口罩，想换点布洛芬'))).json();
    const held = (await poster.post('/api/v1/posts', need('口罩有多的，加我qq 12345678 联系'))).json();
    const removed = (await poster.post('/api/v1/posts', need('口罩还有几包，邻居可以来拿'))).json();
    await mod.post(`/api/v1/moderation/posts/${removed.id}/remove`, { reason: 'spam' });
    const resolved = (await poster.post('/api/v1/posts', need('孩子发烧，需要布洛芬'))).json();
    await poster.post(`/api/v1/posts/${resolved.id}/resolve`);
    expect([open.status, held.status]).toEqual(['open', 'review']);
    const sixDaysAgo = new Date(t.clock.now().getTime() - 6 * DAY).toISOString();
    await t.store.db.execute(
      sql`UPDATE posts SET created_at = ${sixDaysAgo}::timestamptz WHERE id = ${removed.id}`,
    );

    const { rules } = (await mod.get('/api/v1/moderation/rules')).json();
    const dry = await mod.post('/api/v1/moderation/rules/dry-run', { rules: holdingMasks(rules) });
    expect(dry.statusCode, dry.body).toBe(200);
    const result = dry.json();
    const now = t.clock.now();
    expect(result.window).toEqual({
      from: new Date(now.getTime() - 7 * DAY).toISOString(),
      to: now.toISOString(),
    });
    // The moderator's own account posted nothing: exactly the four posts of the window.
    expect(result.evaluated).toBe(4);
    expect(result.current).toEqual({ allowed: 3, review: 1, blocked: 0 });
    expect(result.candidate).toEqual({ allowed: 1, review: 3, blocked: 0 });
    expect(result.changedCount).toBe(2);
    expect(result.transitions).toEqual([{ from: 'allowed', to: 'review', count: 2 }]);
    expect(result.changed.map((c: { postId: string }) => c.postId).sort()).toEqual(
      [open.id, removed.id].sort(),
    );
    expect(result.changed.map((c: { postId: string }) => c.postId)).not.toContain(old.id);
    expect(result.modelVersion).toMatch(/^trade-nb\./);
  });

  test('a published version records the model it runs with and the figures of its dry run', async () => {
    const before = (await mod.get('/api/v1/moderation/rules')).json();
    expect(before.modelVersion).toMatch(/^trade-nb\./);
    // The shipped first version was not tried on anything.
    expect(before.tested).toBeNull();
    const edited = holdingMasks(before.rules);
    const published = await mod.put('/api/v1/moderation/rules', {
      rules: edited,
      note: '口罩先审',
      baseVersion: before.version,
    });
    expect(published.statusCode, published.body).toBe(200);
    const active = (await mod.get('/api/v1/moderation/rules')).json();
    expect(active).toMatchObject({
      version: before.version + 1,
      modelVersion: before.modelVersion,
      tested: { evaluated: 4, changedCount: 2, modelVersion: before.modelVersion },
    });
    expect(active.tested.candidate).toEqual({ allowed: 1, review: 3, blocked: 0 });
    const audit = (await mod.get('/api/v1/moderation/audit')).json().items as {
      action: string;
      details: Record<string, unknown>;
    }[];
    expect(audit.find((a) => a.action === 'publish_rules')?.details).toMatchObject({
      modelVersion: before.modelVersion,
      evaluated: 4,
      changedCount: 2,
    });

    // Rules that name no model (or one this server lacks) record none: they run on patterns alone.
    const { classifier: _dropped, ...withoutModel } = edited as Rules & { classifier?: unknown };
    const again = await mod.put('/api/v1/moderation/rules', { rules: withoutModel, note: '不用模型' });
    expect(again.json()).toMatchObject({ modelVersion: null, tested: { modelVersion: null } });
  });
});
