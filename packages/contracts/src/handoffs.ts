import { z } from 'zod';
import { NEED_OUTCOMES, OFFER_OUTCOMES } from './outcomes.ts';

export { NEED_OUTCOMES, OFFER_OUTCOMES, REOPEN_WINDOW_MS } from './outcomes.ts';

/** A query parameter, so that resolving without saying how stays exactly the call it was. */
export const ResolveQuery = z.object({ outcome: z.enum([...NEED_OUTCOMES, ...OFFER_OUTCOMES]).optional() });

export const HANDOFF_CODE_ATTEMPTS = 5;

/** Give part of an offer: in a thread (the receiver sees a 4-digit code), or outside the app. */
export const HandoffBody = z.strictObject({
  /** Needed when the offer has more than one item. */
  medicineId: z.string().min(1).max(60).optional(),
  quantity: z.number().int().positive().max(1000),
  threadId: z.uuid().optional(),
});
export const HandoffIdParams = z.object({ id: z.uuid() });
export const HandoffConfirmBody = z.strictObject({ code: z.string().regex(/^\d{4}$/, 'four digits') });
export const HandoffView = z.object({
  id: z.uuid(),
  postId: z.uuid(),
  medicineId: z.string(),
  quantity: z.number().int(),
  /** The relay thread it was given in; null when given outside the app. */
  threadId: z.uuid().nullable().optional(),
  status: z.enum(['pending', 'confirmed', 'locked']),
  /** Shown to the receiver only, who says it to the giver at the hand-off. */
  code: z.string().nullable(),
  /** What is still on offer of this item after confirmed hand-offs. */
  remaining: z.number().int(),
  createdAt: z.iso.datetime(),
  confirmedAt: z.iso.datetime().nullable(),
});
export type HandoffView = z.infer<typeof HandoffView>;
export const HandoffsReply = z.object({ items: z.array(HandoffView) });
