import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
let mod: Client;
beforeAll(async () => {
  t = await testApp();
  mod = await t.as.resident();
  await t.setRole(mod, 'moderator');
});
afterAll(() => t.close());

const withNote = (note: string, kind: 'need' | 'offer' = 'need') => ({
  kind,
  items:
    kind === 'need'
      ? [{ medicineId: 'ibuprofen-tablet', quantity: 4 }]
      : [{ medicineId: 'antigen-test-single', quantity: 2, expiresOn: '2030-01-01', unopened: true }],
  location: NANSHAN,
  note,
  consent: true,
});
const count = async (table: string) =>
  (
    await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`)
  )[0]?.n ?? 0;
const inSquare = async (id: string) =>
  ((await t.as.anonymous().get('/api/v1/posts?limit=50')).json().items as { id: string }[]).some(
    (p) => p.id === id,
  );

describe('the rules run on every post, in the API', () => {
  test('a trading post is refused with a reason code, never the pattern, and nothing is written', async () => {
    const alice = await t.as.resident();
    const before = await count('posts');
    const res = await alice.post('/api/v1/posts', withNote('抗原现货 30元一支 包邮 加v：abc123', 'offer'));
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({
      code: 'post_blocked',
      details: { field: 'note', reasons: expect.arrayContaining(['trade']) },
    });
    expect(JSON.stringify(res.json())).not.toMatch(/pattern|regex|price\.|sale\./);
    expect(await count('posts')).toBe(before);
  });

  test('an honest first post of a brand-new account publishes at once', async () => {
    const fresh = await t.as.resident();
    const res = await fresh.post(
      '/api/v1/posts',
      withNote('我需要布洛芬4颗、抗原2支，家里3口人都在发烧，可以在小区门口自取'),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().status).toBe('open');
    expect(await inSquare(res.json().id)).toBe(true);
  });

  test('a red flag in a need publishes the post with the "call 120" flag', async () => {
    const res = await (await t.as.resident()).post(
      '/api/v1/posts',
      withNote('老人发烧三天不退，现在有点呼吸困难'),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json().redFlags).toEqual(expect.arrayContaining(['breathing']));
    expect(
      (await t.as.anonymous().get(`/api/v1/posts/${res.json().id}`)).json().redFlags.length,
    ).toBeGreaterThan(0);
  });

  test('one weak signal holds the post for review; a moderator approves it into the square', async () => {
    const bob = await t.as.resident();
    const res = await bob.post('/api/v1/posts', withNote('有需要的可以加我qq 12345678 联系'));
    expect(res.statusCode).toBe(201);
    const post = res.json();
    expect(post.status).toBe('review');
    expect(await inSquare(post.id)).toBe(false);
    const mine = (await bob.get('/api/v1/me/posts')).json().items[0];
    expect(mine).toMatchObject({ status: 'review', moderationReason: 'off_platform_contact' });

    expect((await bob.get('/api/v1/moderation/queue')).statusCode).toBe(403);
    const queue = (await mod.get('/api/v1/moderation/queue')).json().items;
    const held = queue.find((q: { id: string }) => q.id === post.id);
    expect(held.signals.length).toBeGreaterThan(0);
    const approved = await mod.post(`/api/v1/moderation/posts/${post.id}/approve`, {});
    expect(approved.json()).toMatchObject({ status: 'open' });
    expect(await inSquare(post.id)).toBe(true);
  });

  test('a moderator removes a post with a reason the poster sees', async () => {
    const carol = await t.as.resident();
    const post = await carol.createNeed();
    const res = await mod.post(`/api/v1/moderation/posts/${post.id}/remove`, {
      reason: 'fake',
      note: '重复发布',
    });
    expect(res.json()).toMatchObject({ status: 'removed', moderationReason: 'fake' });
    expect(await inSquare(post.id)).toBe(false);
    const mine = (await carol.get('/api/v1/me/posts')).json().items[0];
    expect(mine).toMatchObject({ status: 'removed', moderationReason: 'fake' });
  });
});

describe('reports', () => {
  test('three distinct verified reporters hide a post pending review; unverified reports do not count', async () => {
    const owner = await t.as.resident();
    const post = await owner.createNeed();
    const unverified = await t.as.resident({ verified: false });
    expect(
      (await unverified.post(`/api/v1/posts/${post.id}/reports`, { reason: 'spam' })).json().hidden,
    ).toBe(false);
    const reporters = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
    const first = await reporters[0]?.post(`/api/v1/posts/${post.id}/reports`, { reason: 'trading' });
    expect(first?.statusCode).toBe(201);
    // The same person reporting twice still counts once.
    await reporters[0]?.post(`/api/v1/posts/${post.id}/reports`, { reason: 'trading' });
    expect(
      (await reporters[1]?.post(`/api/v1/posts/${post.id}/reports`, { reason: 'fake' }))?.json().hidden,
    ).toBe(false);
    expect(
      (await reporters[2]?.post(`/api/v1/posts/${post.id}/reports`, { reason: 'trading' }))?.json().hidden,
    ).toBe(true);
    expect(await inSquare(post.id)).toBe(false);
    const held = (await mod.get('/api/v1/moderation/queue'))
      .json()
      .items.find((q: { id: string }) => q.id === post.id);
    expect(held).toMatchObject({ status: 'hidden', reportCount: 4 });
    expect(held.reports).toEqual(expect.arrayContaining([{ reason: 'trading', count: 2 }]));
    expect((await owner.post(`/api/v1/posts/${post.id}/reports`, { reason: 'spam' })).json().error.code).toBe(
      'own_post',
    );
    const bad = await reporters[1]?.post(`/api/v1/posts/${post.id}/reports`, { reason: 'because' });
    expect(bad?.statusCode).toBe(400);
  });
});

describe('bans', () => {
  test('banning the author removes their posts, ends their session and bans the identity, not just the account', async () => {
    const spammer = await t.as.resident({ verified: false });
    const idNumber = t.newIdNumber('1990-02-02');
    await spammer.post('/api/v1/me/verification', { name: '张三', idNumber });
    const post = await spammer.createNeed();
    const res = await mod.post(`/api/v1/moderation/posts/${post.id}/ban-author`, { reason: 'trading' });
    expect(res.statusCode).toBe(200);
    expect(res.json().removedPosts).toBe(1);
    expect((await spammer.get('/api/v1/me')).statusCode).toBe(401);
    t.clock.advance(61_000); // the one-code-a-minute rule
    const again = await t.as.resident({ phone: spammer.phone, verified: false });
    expect((await again.post('/api/v1/posts', withNote('test'))).json().error.code).toBe('account_banned');
    const newAccount = await t.as.resident({ verified: false });
    const reuse = await newAccount.post('/api/v1/me/verification', { name: '张三', idNumber });
    expect(reuse.statusCode).toBe(403);
    expect(reuse.json().error.code).toBe('identity_banned');
    expect((await newAccount.get('/api/v1/me')).json().banned).toBe(true);
  });
});

describe('rules editing and the audit log', () => {
  test('a dry run shows what an edit would change; publishing makes it a new version; all actions are audited', async () => {
    const current = (await mod.get('/api/v1/moderation/rules')).json();
    expect(current.version).toBe(1);
    const note = '家里有多的口罩，想换点布洛芬';
    const honest = await (await t.as.resident()).post('/api/v1/posts', withNote(note));
    expect(honest.json().status).toBe('open');
    // An edit that holds every post mentioning 口罩 for review.
    const edited = structuredClone(current.rules) as {
      patterns: { id: string; category: string; pattern: string; weight?: string; note?: string }[];
    };
    edited.patterns.push({
      id: 'contact.test_mask',
      category: 'contact',
      pattern: '口罩',
      weight: 'weak',
      note: 'dry-run test',
    });
    const dry = await mod.post('/api/v1/moderation/rules/dry-run', { rules: edited });
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json().changed).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ postId: honest.json().id, from: 'allowed', to: 'review' }),
      ]),
    );
    expect((await mod.get('/api/v1/moderation/rules')).json().version).toBe(1);

    const broken = await mod.post('/api/v1/moderation/rules/dry-run', {
      rules: { ...edited, patterns: [{ id: 'x', category: 'sale', pattern: '(' }] },
    });
    expect(broken.statusCode).toBe(400);

    const published = await mod.put('/api/v1/moderation/rules', {
      rules: edited,
      note: '测试：口罩先审',
      baseVersion: 1,
    });
    expect(published.json().version).toBe(2);
    // A second moderator who started from version 1 does not silently overwrite version 2.
    const stale = await mod.put('/api/v1/moderation/rules', {
      rules: current.rules,
      note: '旧版本',
      baseVersion: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error).toMatchObject({ code: 'rules_changed', details: { currentVersion: 2 } });
    expect((await mod.get('/api/v1/moderation/rules')).json().version).toBe(2);
    const held = await (await t.as.resident()).post('/api/v1/posts', withNote('多的口罩可以送'));
    expect(held.json().status).toBe('review');

    const auditReply = await mod.get('/api/v1/moderation/audit');
    const audit = auditReply.json().items as { action: string; actorPhoneMasked: string | null }[];
    // Moderators are named by their masked phone, never the full number.
    const publishing = audit.find((a) => a.action === 'publish_rules');
    expect(publishing?.actorPhoneMasked).toBe(`${mod.phone.slice(0, 3)}****${mod.phone.slice(-4)}`);
    expect(auditReply.body).not.toContain(mod.phone);
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining(['approve', 'remove', 'ban', 'publish_rules', 'auto_hide']),
    );
  });
});
