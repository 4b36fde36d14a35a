/**
 * How a post ended, as plain values (no zod, like rules.ts) so the web app's post page can list the
 * choices without pulling the schemas into its chunk. handoffs.ts builds the query schema from them.
 */

/** How a need was met, or where an offer went, when its poster marks it 已解决. */
export const NEED_OUTCOMES = ['here', 'pharmacy', 'elsewhere', 'no_longer_needed'] as const;
export const OFFER_OUTCOMES = ['given_here', 'given_outside', 'no_longer_available'] as const;

/** How long the web app offers to undo 已解决 (a mistaken tap); the server allows a few seconds more for the round trips. */
export const REOPEN_WINDOW_MS = 10_000;
