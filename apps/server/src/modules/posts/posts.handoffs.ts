import { randomInt, randomUUID } from 'node:crypto';
import { HANDOFF_CODE_ATTEMPTS, type HandoffBody, type HandoffView } from '@medrelay/contracts';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { User } from '../accounts/index.ts';
import { type HandoffRow, handoffsRepo as repo } from './posts.handoffs.repo.ts';
import { isOpenPost } from './posts.lifecycle.ts';
import { postsRepo } from './posts.repo.ts';
import { postStateRepo } from './posts.state.repo.ts';
import type { PostState } from './posts.state.ts';

export interface HandoffsService {
  /** The giver records part of an offer as handed over (at once outside the app; by code in a thread). */
  give(giver: User, postId: string, body: z.output<typeof HandoffBody>): Promise<HandoffView>;
  /** The giver confirms an in-app hand-off with the code the receiver says. */
  confirm(giver: User, handoffId: string, code: string): Promise<HandoffView>;
  /** The hand-offs of my offer, without codes (the giver hears the code; it is never shown to them). */
  ofPost(giver: User, postId: string): Promise<HandoffView[]>;
  /** Hand-offs waiting for me as receiver, with their codes. */
  waitingFor(receiver: User): Promise<HandoffView[]>;
}

/**
 * Offers given in parts. What is still on offer is the item's quantity in the square, announced
 * with post.updated after each hand-off; at zero the offer resolves itself through the lifecycle
 * (post.resolved, outcome given_here).
 */
export function createHandoffsService(deps: { db: Db; clock: Clock; state: PostState }): HandoffsService {
  const { db, clock, state } = deps;
  const view = async (h: HandoffRow, showCode: boolean, tx: Db = db): Promise<HandoffView> => ({
    id: h.id,
    postId: h.postId,
    medicineId: h.medicineId,
    quantity: h.quantity,
    threadId: h.threadId,
    status: h.status,
    code: showCode && h.status === 'pending' ? h.code : null,
    remaining: await repo.remaining(tx, h.postId, h.medicineId),
    createdAt: h.createdAt.toISOString(),
    confirmedAt: h.confirmedAt?.toISOString() ?? null,
  });

  /**
   * Takes the quantity off the offer: the last unit resolves it (`post.resolved` only), any other
   * hand-off announces what is left (`post.updated`), in the same transaction.
   */
  async function handOver(tx: Db, h: HandoffRow) {
    if (!(await postStateRepo.give(tx, h.postId, h.medicineId, h.quantity))) {
      throw new AppError('quantity_exceeds_remaining', 409, {
        field: 'quantity',
        remaining: await repo.remaining(tx, h.postId, h.medicineId),
      });
    }
    if ((await postStateRepo.items(tx, [h.postId])).every((i) => i.quantity === 0)) {
      await state.apply(tx, 'resolve', h.postId, { resolution: 'given_here' });
    } else {
      await state.announceUpdate(tx, h.postId);
    }
  }

  return {
    async give(giver, postId, body) {
      return db.transaction(async (tx) => {
        const post = await postStateRepo.lockOne(tx, postId);
        if (!post || post.userId !== giver.id || post.status === 'deleted')
          throw new AppError('not_found', 404);
        if (post.kind !== 'offer' || !isOpenPost(post, clock.now())) {
          throw new AppError('invalid_transition', 409, { action: 'handoff', status: post.status });
        }
        const items = await postStateRepo.items(tx, [postId]);
        const item = body.medicineId ? items.find((i) => i.medicineId === body.medicineId) : items[0];
        if (!item || (!body.medicineId && items.length > 1)) {
          throw new AppError('unknown_medicine', 400, { field: 'medicineId' });
        }
        if (body.quantity > item.quantity) {
          throw new AppError('quantity_exceeds_remaining', 409, {
            field: 'quantity',
            remaining: item.quantity,
          });
        }
        const receiverId =
          (body.threadId ? await repo.threadHelper(tx, body.threadId, postId) : null) ?? null;
        if (body.threadId && !receiverId) throw new AppError('not_found', 404, { field: 'threadId' });
        const now = clock.now();
        const row: HandoffRow = {
          id: randomUUID(),
          postId,
          medicineId: item.medicineId,
          quantity: body.quantity,
          threadId: body.threadId ?? null,
          receiverId,
          // Said aloud at the door: four digits are enough when five wrong tries lock it.
          code: receiverId ? String(randomInt(0, 10_000)).padStart(4, '0') : null,
          status: receiverId ? 'pending' : 'confirmed',
          attempts: 0,
          createdAt: now,
          confirmedAt: receiverId ? null : now,
        };
        await repo.insert(tx, row);
        if (!receiverId) await handOver(tx, row);
        return view(row, false, tx);
      });
    },

    async confirm(giver, handoffId, code) {
      const outcome = await db.transaction(async (tx) => {
        const h = await repo.lock(tx, handoffId);
        const post = h && (await postStateRepo.lockOne(tx, h.postId));
        if (!h || !post || post.userId !== giver.id) throw new AppError('not_found', 404);
        if (h.status === 'locked') return { kind: 'locked' as const };
        if (h.status !== 'pending') throw new AppError('invalid_transition', 409, { status: h.status });
        if (h.code !== code) {
          const attempts = h.attempts + 1;
          await repo.update(tx, h.id, {
            attempts,
            status: attempts >= HANDOFF_CODE_ATTEMPTS ? 'locked' : 'pending',
          });
          // The wrong try is recorded (committed) before it is refused.
          return { kind: 'wrong' as const, left: HANDOFF_CODE_ATTEMPTS - attempts };
        }
        const confirmed = await repo.update(tx, h.id, { status: 'confirmed', confirmedAt: clock.now() });
        await handOver(tx, confirmed);
        return { kind: 'done' as const, view: await view(confirmed, false, tx) };
      });
      if (outcome.kind === 'done') return outcome.view;
      if (outcome.kind === 'locked' || outcome.left <= 0) {
        throw new AppError('handoff_locked', 429, { retryAfterSeconds: 0 });
      }
      throw new AppError('code_invalid', 400, { field: 'code', attemptsLeft: outcome.left });
    },

    async ofPost(giver, postId) {
      const post = await postsRepo.findPost(db, postId);
      if (!post || post.userId !== giver.id || post.status === 'deleted')
        throw new AppError('not_found', 404);
      const rows = await repo.ofPost(db, postId);
      return Promise.all(rows.map((h) => view(h, false)));
    },

    async waitingFor(receiver) {
      const rows = await repo.pendingFor(db, receiver.id);
      return Promise.all(rows.map((h) => view(h, true)));
    },
  };
}
