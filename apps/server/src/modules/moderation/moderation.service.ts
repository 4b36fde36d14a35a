import type { DryRunFigures, DryRunReply, QueueItem } from '@medrelay/contracts';
import { type Clock, DAY } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { PersonalData } from '../../platform/personal-data.ts';
import type { User } from '../accounts/index.ts';
import type { Catalog } from '../catalog/index.ts';
import type { Notice } from '../notifications/index.ts';
import {
  createHeldPostEditor,
  type HeldPostEditor,
  type PostState,
  type Screening,
  type ScreenPost,
} from '../posts/index.ts';
import type { Regions } from '../regions/index.ts';
import { moderationRepo as repo } from './moderation.repo.ts';
import { presentQueueItem } from './moderation.view.ts';

/** The pure rules engine (./rules), seen through the three things this service needs. */
export interface RulesEngine<Compiled = unknown> {
  /** The versioned rules file shipped with the code (version 1 in the database). */
  defaultRules(): unknown;
  /** Validates and compiles edited rules; throws with a readable message on a bad rule. */
  compile(rules: unknown): Compiled;
  evaluate(
    input: { text: string; kind: 'need' | 'offer'; medicineIds: string[] },
    rules: Compiled,
  ): Screening;
  /** The text as the rules read it, shown to moderators next to the note. */
  normalize?(text: string): string;
  /** The trade model version these rules run with: the one they name, if this server has it. */
  modelFor?(rules: Compiled): string | null;
  /** The text as the rules read it and where trade patterns matched in it ([start, end) offsets). */
  highlight?(
    input: { text: string; kind: 'need' | 'offer' },
    rules: Compiled,
  ): { normalized: string; spans: [number, number][] };
}

// Reports from this many distinct verified residents hide a post until a moderator looks.
export const REPORTS_TO_HIDE = 3;
// Other server processes pick up a published rule change within this time.
const RULES_REFRESH_MS = 30_000;
// A rule change is tried on the posts of this window before it is published (issue 18).
export const DRY_RUN_WINDOW_MS = 7 * DAY;
// Notes are scored in well under a millisecond; this bounds a dry run on a very busy week.
const DRY_RUN_MAX_POSTS = 50_000;
const EXAMPLES_PER_CHANGE = 5;

type RulesRow = {
  version: number;
  rules: unknown;
  note: string | null;
  modelVersion: string | null;
  tested: unknown;
};
const presentRules = (row: RulesRow) => ({
  version: row.version,
  rules: row.rules,
  note: row.note,
  modelVersion: row.modelVersion,
  tested: (row.tested ?? null) as DryRunFigures | null,
});

export interface ModerationService {
  screen: ScreenPost;
  /**
   * A draft's note screened as publishing would screen it (issue 16): the outcome and the reason codes
   * a resident may see, never the rule that matched. Nothing is stored.
   */
  screenDraft(input: { kind: 'need' | 'offer'; note: string; medicineIds?: string[] }): {
    outcome: Screening['outcome'];
    reasons: string[];
    redFlags: string[];
  };
  /** The owner's edit of a held post, screened again (the posts module's editor with these rules). */
  editHeld: HeldPostEditor['edit'];
  /** Loads the active rules (publishing version 1 from the shipped file on first start). */
  init(): Promise<void>;
  report(user: User, postId: string, reason: string, note?: string): Promise<{ hidden: boolean }>;
  queue(): Promise<QueueItem[]>;
  approve(
    mod: User,
    postId: string,
    note?: string,
  ): Promise<{ id: string; status: string; moderationReason: string | null }>;
  remove(
    mod: User,
    postId: string,
    reason: string,
    note?: string,
  ): Promise<{ id: string; status: string; moderationReason: string | null }>;
  banAuthor(mod: User, postId: string, reason: string): Promise<{ removedPosts: number }>;
  /**
   * One account's obvious spam: removes every one of these held posts with one reason, in one
   * transaction, audited per post; optionally bans their author. A post that is not held (or is
   * missing) refuses the whole decision.
   */
  bulkRemove(
    mod: User,
    input: { postIds: string[]; reason: string; note?: string; banAuthor?: boolean },
  ): Promise<{ removed: number; banned: boolean; alsoRemoved: number }>;
  rules(): Promise<ReturnType<typeof presentRules>>;
  /** The edited rules against the current ones on every post of the last 7 days. */
  dryRun(rules: unknown): Promise<DryRunReply>;
  /** Publishes after a dry run, and records its figures and the model version with the rule set. */
  publishRules(
    mod: User,
    rules: unknown,
    note?: string,
    baseVersion?: number,
  ): Promise<ReturnType<typeof presentRules>>;
  auditLog(): Promise<Awaited<ReturnType<typeof repo.auditLog>>>;
  setRole(
    actor: User | null,
    phone: string,
    role: 'resident' | 'moderator' | 'admin',
  ): Promise<{ userId: string; role: string }>;
}

export function createModerationService<Compiled>(deps: {
  db: Db;
  /** Posts' lifecycle API: moderation decides, the posts module changes the post. */
  postState: PostState;
  /** Tells the residents who reported a post what came of it, in the decision's transaction. */
  notify?: (tx: Db, notice: Notice) => Promise<string | null>;
  clock: Clock;
  engine: RulesEngine<Compiled>;
  personal: PersonalData;
  catalog: Catalog;
  regions: Regions;
}): ModerationService {
  const { db, clock, engine, personal, postState } = deps;
  let active: { version: number; compiled: Compiled; loadedAt: number } | undefined;

  async function loadActive() {
    let row = await repo.activeRules(db);
    if (!row) {
      const shipped = engine.defaultRules();
      try {
        await db.transaction((tx) =>
          repo.publishRules(tx, {
            rules: shipped,
            note: 'shipped rules file',
            createdBy: null,
            createdAt: clock.now(),
            modelVersion: engine.modelFor?.(engine.compile(shipped)) ?? null,
            tested: null,
          }),
        );
      } catch (err) {
        // Several processes starting at once on an empty database: one publishes version 1, the
        // others' inserts meet its key. What it published is what they load.
        if (!(await repo.activeRules(db))) throw err;
      }
      row = await repo.activeRules(db);
    }
    if (!row) throw new Error('no active rule set');
    active = { version: row.version, compiled: engine.compile(row.rules), loadedAt: Date.now() };
    return row;
  }

  const audit = (
    actor: User | null,
    action: string,
    targetType: string,
    targetId: string,
    reason: string | null,
    details = {},
  ) =>
    repo.audit(db, {
      actorId: actor?.id ?? null,
      action,
      targetType,
      targetId,
      reason,
      details,
      createdAt: clock.now(),
    });

  async function decide(
    mod: User,
    postId: string,
    action: 'approve' | 'remove',
    reason: string | null,
    note?: string,
  ) {
    const row = await db.transaction(async (tx) => {
      const post = await repo.findPost(tx, postId);
      if (!post) throw new AppError('not_found', 404);
      const changed = await postState.apply(tx, action, postId, { reason });
      await repo.audit(tx, {
        actorId: mod.id,
        action,
        targetType: 'post',
        targetId: postId,
        reason,
        details: { note: note ?? null, from: post.status },
        createdAt: clock.now(),
      });
      await tellReporters(tx, postId, action);
      return changed;
    });
    return { id: row.id, status: row.status, moderationReason: row.moderationReason };
  }

  async function tellReporters(tx: Db, postId: string, action: 'approve' | 'remove') {
    for (const reporterId of await repo.reporters(tx, postId)) {
      await deps.notify?.(tx, {
        userId: reporterId,
        type: 'report_resolved',
        dedupKey: `report:${postId}:${action}`,
        // What came of it, never who decided or who else reported.
        data: { postId, reason: action === 'remove' ? 'removed' : 'kept' },
      });
    }
  }

  /** Bans the author (account, verified identity, sessions) and takes down their live posts. */
  async function ban(tx: Db, mod: User, authorId: string | null, postId: string, reason: string) {
    const author = authorId ? await repo.findUser(tx, authorId) : undefined;
    if (!author) throw new AppError('author_gone', 409);
    if (author.role !== 'resident') throw new AppError('forbidden', 403);
    await repo.ban(tx, author, reason, clock.now());
    const removedPosts = (await postState.applyToMany(tx, 'remove', { userId: author.id }, { reason }))
      .length;
    await repo.audit(tx, {
      actorId: mod.id,
      action: 'ban',
      targetType: 'user',
      targetId: author.id,
      reason,
      details: { postId, removedPosts, identityBanned: Boolean(author.idHash) },
      createdAt: clock.now(),
    });
    return removedPosts;
  }

  /** The candidate rules against the active ones on every post of the last 7 days (all states). */
  async function tryOnLastWeek(candidate: Compiled): Promise<DryRunReply> {
    if (!active) await loadActive();
    const current = (active as { compiled: Compiled }).compiled;
    const to = clock.now();
    const from = new Date(to.getTime() - DRY_RUN_WINDOW_MS);
    const recent = await repo.postsSince(db, from, DRY_RUN_MAX_POSTS);
    const meds = await repo.medicinesOf(
      db,
      recent.map((r) => r.id),
    );
    const medsOf = new Map<string, string[]>();
    for (const m of meds) medsOf.set(m.postId, [...(medsOf.get(m.postId) ?? []), m.medicineId]);
    const tally = () => ({ allowed: 0, review: 0, blocked: 0 });
    const result: DryRunReply = {
      window: { from: from.toISOString(), to: to.toISOString() },
      evaluated: recent.length,
      current: tally(),
      candidate: tally(),
      changedCount: 0,
      modelVersion: engine.modelFor?.(candidate) ?? null,
      transitions: [],
      changed: [],
    };
    for (const r of recent) {
      const input = { text: r.note ?? '', kind: r.kind, medicineIds: medsOf.get(r.id) ?? [] };
      const before = engine.evaluate(input, current).outcome;
      const after = engine.evaluate(input, candidate).outcome;
      result.current[before]++;
      result.candidate[after]++;
      if (before === after) continue;
      result.changedCount++;
      let kind = result.transitions.find((x) => x.from === before && x.to === after);
      if (!kind) {
        kind = { from: before, to: after, count: 0 };
        result.transitions.push(kind);
      }
      kind.count++;
      if (kind.count <= EXAMPLES_PER_CHANGE) {
        const normalized = engine.normalize?.(r.note ?? '');
        result.changed.push({ postId: r.id, note: r.note ?? '', normalized, from: before, to: after });
      }
    }
    return result;
  }

  const screen: ScreenPost = (input) => {
    if (!active) throw new Error('moderation rules not loaded; call init() first');
    // Refresh in the background so a rule published by another process applies soon.
    if (Date.now() - active.loadedAt > RULES_REFRESH_MS) {
      active.loadedAt = Date.now();
      void loadActive().catch(() => undefined);
    }
    return engine.evaluate(input, active.compiled);
  };
  const editor = createHeldPostEditor({
    db,
    clock,
    catalog: deps.catalog,
    regions: deps.regions,
    state: postState,
    screen,
  });

  return {
    screen,

    screenDraft({ kind, note, medicineIds = [] }) {
      const { outcome, reasons, redFlags } = screen({ text: note, kind, medicineIds });
      return { outcome, reasons, redFlags: kind === 'need' ? redFlags : [] };
    },

    editHeld: (user, postId, body) => editor.edit(user, postId, body),

    async init() {
      await loadActive();
    },

    async report(user, postId, reason, note) {
      return db.transaction(async (tx) => {
        const post = await repo.findPost(tx, postId);
        if (!post || post.status === 'deleted') throw new AppError('not_found', 404);
        if (post.userId === user.id) throw new AppError('own_post', 403);
        if (!['open', 'hidden', 'review'].includes(post.status)) throw new AppError('post_not_open', 409);
        const verified = user.verifiedAt !== null;
        const counted = await repo.insertReport(tx, {
          postId,
          reporterId: user.id,
          reason: reason as 'other',
          note: note || null,
          reporterVerified: verified,
          createdAt: clock.now(),
        });
        if (counted) await postState.countReport(tx, postId);
        if (post.status !== 'open' || (await repo.verifiedReporters(tx, postId)) < REPORTS_TO_HIDE) {
          return { hidden: post.status === 'hidden' };
        }
        await postState.apply(tx, 'hide', postId, { reason: 'reported' });
        await repo.audit(tx, {
          actorId: null,
          action: 'auto_hide',
          targetType: 'post',
          targetId: postId,
          reason: 'reported',
          details: { reports: REPORTS_TO_HIDE },
          createdAt: clock.now(),
        });
        return { hidden: true };
      });
    },

    async queue() {
      const rows = await repo.queue(db);
      const ids = rows.map((r) => r.id);
      const [items, reportRows] = await Promise.all([repo.itemsOf(db, ids), repo.reportsByReason(db, ids)]);
      if (!active) await loadActive();
      const compiled = active?.compiled;
      return rows.map((r) =>
        presentQueueItem(
          r,
          items.filter((i) => i.postId === r.id),
          reportRows.filter((x) => x.postId === r.id),
          deps,
          r.note && compiled !== undefined
            ? engine.highlight?.({ text: r.note, kind: r.kind }, compiled)
            : undefined,
        ),
      );
    },

    approve: (mod, postId, note) => decide(mod, postId, 'approve', null, note),
    remove: (mod, postId, reason, note) => decide(mod, postId, 'remove', reason, note),

    async banAuthor(mod, postId, reason) {
      return db.transaction(async (tx) => {
        const post = await repo.findPost(tx, postId);
        if (!post) throw new AppError('not_found', 404);
        return { removedPosts: await ban(tx, mod, post.userId, postId, reason) };
      });
    },

    async bulkRemove(mod, { postIds, reason, note, banAuthor }) {
      const ids = [...new Set(postIds)];
      return db.transaction(async (tx) => {
        const found = await repo.lockPosts(tx, ids);
        const missing = ids.filter((id) => !found.some((p) => p.id === id));
        if (missing.length > 0) throw new AppError('not_found', 404, { postIds: missing });
        // Only posts still held: one that another moderator already decided, or one that was in the
        // square, is not "obvious spam waiting for review" and refuses the whole decision.
        const notHeld = found.filter((p) => p.status !== 'review').map((p) => p.id);
        if (notHeld.length > 0) throw new AppError('post_not_pending', 409, { postIds: notHeld });
        const authors = new Set(found.map((p) => p.userId));
        if (banAuthor && authors.size > 1) throw new AppError('several_authors', 400, { field: 'postIds' });

        const removed = await postState.applyToMany(tx, 'remove', { ids }, { reason });
        if (removed.length !== ids.length) throw new AppError('post_not_pending', 409, { postIds: ids });
        for (const post of removed) {
          await repo.audit(tx, {
            actorId: mod.id,
            action: 'remove',
            targetType: 'post',
            targetId: post.id,
            reason,
            details: { note: note ?? null, from: 'review', bulk: ids.length },
            createdAt: clock.now(),
          });
          await tellReporters(tx, post.id, 'remove');
        }
        const alsoRemoved = banAuthor
          ? await ban(tx, mod, found[0]?.userId ?? null, ids[0] as string, reason)
          : 0;
        return { removed: removed.length, banned: Boolean(banAuthor), alsoRemoved };
      });
    },

    async rules() {
      const row = (await repo.activeRules(db)) ?? (await loadActive());
      return presentRules(row);
    },

    dryRun: (rules) => tryOnLastWeek(compileOr400(engine, rules)),

    async publishRules(mod, rules, note, baseVersion) {
      const compiled = compileOr400(engine, rules);
      const tried = await tryOnLastWeek(compiled);
      const { transitions: _t, changed: _c, ...tested } = tried;
      const version = await db.transaction(async (tx) => {
        // One publisher at a time, so that the version check below and the insert see the same latest.
        const latest = await repo.lockLatestRulesVersion(tx);
        if (baseVersion !== undefined && baseVersion !== latest) {
          throw new AppError('rules_changed', 409, { currentVersion: latest });
        }
        const v = await repo.publishRules(tx, {
          rules,
          note: note ?? null,
          createdBy: mod.id,
          createdAt: clock.now(),
          modelVersion: tested.modelVersion,
          tested,
        });
        await repo.audit(tx, {
          actorId: mod.id,
          action: 'publish_rules',
          targetType: 'rule_set',
          targetId: String(v),
          reason: note ?? null,
          details: {
            modelVersion: tested.modelVersion,
            evaluated: tested.evaluated,
            changedCount: tested.changedCount,
          },
          createdAt: clock.now(),
        });
        return v;
      });
      await loadActive();
      return { version, rules, note: note ?? null, modelVersion: tested.modelVersion, tested };
    },

    auditLog: () => repo.auditLog(db),

    async setRole(actor, phone, role) {
      const user = await repo.findUserByPhoneHash(db, personal.hash('phone', phone));
      if (!user) throw new AppError('not_found', 404, { field: 'phone' });
      await repo.setRole(db, user.id, role);
      await audit(actor, 'set_role', 'user', user.id, null, { role });
      return { userId: user.id, role };
    },
  };
}

function compileOr400<C>(engine: RulesEngine<C>, rules: unknown): C {
  try {
    return engine.compile(rules);
  } catch (err) {
    if (err instanceof AppError) throw err;
    throw new AppError('rules_invalid', 400, {
      field: 'rules',
      problem: err instanceof Error ? err.message.slice(0, 300) : 'invalid',
    });
  }
}
