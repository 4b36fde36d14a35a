import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { afterAll, beforeAll, expect, inject, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { restorePglite, restorePostgres } from './index.ts';

// Issue 17: a backup restored into a fresh store holds every post, account and audit record.

const COUNTS_TEXT = `SELECT (SELECT count(*) FROM users)::int AS users, (SELECT count(*) FROM posts)::int AS posts,
  (SELECT count(*) FROM moderation_actions)::int AS audit, (SELECT count(*) FROM post_items)::int AS items`;
const COUNTS = sql.raw(COUNTS_TEXT);

let t: TestApp;
const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-backup-'));
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('npm run backup / restore: every post, account and audit record comes back', async () => {
  const [alice, admin] = [await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  await alice.createNeed();
  const removed = await alice.createOffer();
  const decision = await admin.post(`/api/v1/moderation/posts/${removed.id}/remove`, { reason: 'spam' });
  expect(decision.statusCode, decision.body).toBe(200);
  const before = ((await t.store.db.execute(COUNTS)) as unknown as { rows: unknown[] }).rows[0];
  expect(before).toMatchObject({ users: 2, posts: 2, audit: 1 });

  const file = path.join(dir, 'medrelay.backup');
  await t.store.backup(file);

  const template = inject('dbTemplate');
  if (template.kind === 'postgres') {
    const name = `medrelay_t_${template.ref.split('_').at(-1)}_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: template.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0`);
    try {
      const url = new URL(template.url as string);
      url.pathname = `/${name}`;
      await restorePostgres(url.toString(), file);
      const restored = new pg.Client({ connectionString: url.toString() });
      await restored.connect();
      expect((await restored.query(COUNTS_TEXT)).rows[0]).toEqual(before);
      await restored.end();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    }
  } else {
    const dataDir = path.join(dir, 'restored', 'pgdata');
    await restorePglite(file, dataDir);
    const restored = new PGlite(dataDir);
    expect((await restored.query(COUNTS_TEXT)).rows[0]).toEqual(before);
    await restored.close();
    await expect(restorePglite(file, dataDir)).rejects.toThrow('not empty');
  }
}, 120_000);
