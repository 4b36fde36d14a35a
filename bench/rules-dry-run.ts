// One dry run of a rule change on a week of posts (issue 18), for the figures in docs/moderation.md:
//   npx tsx bench/rules-dry-run.ts [--hold-at 0.8]
// The real server (PGlite in a temporary folder) with the demo's 96 posts and every held-out note of
// the labelled corpus posted by residents (those the active rules refuse are not stored, as in
// production), dated over the last 8 days; then the console's dry run of the active rules with the
// trade model's threshold `classifier.holdAt` changed to --hold-at.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { CreatePostBody } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { bootstrap } from '../apps/server/src/bootstrap.ts';
import { seedDemo } from '../apps/server/src/cli/demo-seed.ts';
import { TRADE_CORPUS } from '../apps/server/src/modules/moderation/rules/corpus/trade-corpus.ts';
import { DAY } from '../apps/server/src/platform/clock.ts';
import { loadConfig } from '../apps/server/src/platform/config.ts';
import { selectRows } from '../apps/server/src/platform/db/index.ts';
import { AppError } from '../apps/server/src/platform/errors.ts';

// The edit: --drop ID takes one pattern out (e.g. exempt.market_price, the complaint exemption);
// --no-model takes the trade model out of the rules; otherwise --hold-at N changes its threshold.
const { values } = parseArgs({
  options: {
    'hold-at': { type: 'string', default: '0.8' },
    'no-model': { type: 'boolean', default: false },
    drop: { type: 'string' },
  },
});
const holdAt = Number(values['hold-at']);

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-dry-run-'));
const running = await bootstrap(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'warn' }), undefined, (deps) => ({
  ...deps,
  quotas: { openPerKind: 10_000, newPerDay: 10_000, sameMedicineHours: 0 },
}));
try {
  const { accounts, posts, moderation, clock, store } = running;
  if (!moderation) throw new Error('moderation is not enabled');
  await seedDemo({ accounts, posts, clock });
  const notes = TRADE_CORPUS.filter((n) => n.split === 'test');
  let refused = 0;
  for (const [i, note] of notes.entries()) {
    const user = await accounts.findOrCreate(`1350013${String(i).padStart(4, '0')}`);
    const items =
      note.kind === 'need'
        ? [{ medicineId: 'ibuprofen-tablet', quantity: 2 }]
        : [{ medicineId: 'antigen-test-single', quantity: 2, expiresOn: '2030-01-01', unopened: true }];
    try {
      await posts.create(
        user,
        CreatePostBody.parse({
          kind: note.kind,
          items,
          location: { lat: 22.5329, lng: 113.9305 },
          note: note.text,
        }),
        undefined,
        { consentRecorded: true },
      );
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'post_blocked')) throw err;
      refused++;
    }
  }
  // Spread evenly over the last 8 days in creation order (post i is i mod 192 hours old), so one post
  // in eight falls outside the 7-day window, the same ones on every run.
  await store.db.execute(
    sql`UPDATE posts p SET created_at = ${clock.now().toISOString()}::timestamptz - (o.i % 192) * interval '1 hour' - interval '1 minute'
          FROM (SELECT id, row_number() OVER (ORDER BY created_at, note) AS i FROM posts) o
         WHERE o.id = p.id`,
  );

  const active = await moderation.rules();
  const edited = structuredClone(active.rules) as {
    classifier?: { holdAt: number };
    patterns: { id: string }[];
  };
  if (!edited.classifier) throw new Error('the active rules name no trade model');
  const change = values.drop
    ? `pattern ${values.drop} removed`
    : values['no-model']
      ? 'classifier removed from the rules'
      : `classifier.holdAt ${edited.classifier.holdAt} → ${holdAt}`;
  if (values.drop) {
    const before = edited.patterns.length;
    edited.patterns = edited.patterns.filter((p) => p.id !== values.drop);
    if (edited.patterns.length === before) throw new Error(`no pattern ${values.drop}`);
  } else if (values['no-model']) delete edited.classifier;
  else edited.classifier.holdAt = holdAt;
  const result = await moderation.dryRun(edited);
  const [count] = await selectRows<{ n: number }>(store.db, sql`SELECT count(*)::int AS n FROM posts`);
  const total = count?.n;
  console.log(
    `${total} posts stored (96 demo + ${notes.length - refused} held-out corpus notes; ${refused} refused at posting), ` +
      `dated over 8 days; window ${result.window.from} – ${result.window.to} (${(7 * DAY) / DAY} days)`,
  );
  console.log(
    `active rules: version ${active.version}; ${result.current.review} held, ${result.current.allowed} published`,
  );
  console.log(`edit: ${change}; the edited rules run with model ${result.modelVersion}`);
  console.log(`evaluated: ${result.evaluated}`);
  console.log('outcome   current  edited');
  for (const o of ['allowed', 'review', 'blocked'] as const)
    console.log(
      `${o.padEnd(9)} ${String(result.current[o]).padStart(7)} ${String(result.candidate[o]).padStart(7)}`,
    );
  console.log(`changed: ${result.changedCount}`, JSON.stringify(result.transitions));
  for (const c of result.changed) console.log(`  ${c.from} → ${c.to}: ${c.note}`);
} finally {
  await running.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
