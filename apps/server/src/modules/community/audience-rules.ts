import type { AudienceDefinition, SuppressedCount } from '@medrelay/contracts';

/** and / or of the tags' member sets. */
export function combine(sets: Set<string>[], match: AudienceDefinition['match']): Set<string> {
  if (!sets.length) return new Set();
  if (match === 'any') return new Set(sets.flatMap((s) => [...s]));
  const [first, ...rest] = [...sets].sort((a, b) => a.size - b.size);
  return new Set([...(first ?? [])].filter((id) => rest.every((s) => s.has(id))));
}

/** The audience's canonical form: the same tags in any order, the same match and region, one key. */
export const audienceKey = (a: AudienceDefinition) =>
  JSON.stringify([a.match, [...new Set(a.tagIds)].sort(), a.regionPrefix ?? '']);

/**
 * Small counts are not shown, like the statistics' (a count of 1 after a narrow filter would point
 * at a person); none is shown as 0, since nobody can be singled out of an empty set.
 */
export function suppress(n: number, minCount: number): SuppressedCount {
  const hidden = n > 0 && n < minCount;
  return { count: hidden ? null : n, suppressed: hidden, minCount };
}

// Offers, coupons and promotions (the Advertising Law's commercial messages): words that make a
// message marketing. A message with them must be flagged, and then reaches only those who consented.
const MARKETING_PATTERN =
  /优惠|折扣|打折|促销|特价|领券|满减|秒杀|会员日|积分兑换|买一送一|免费领|抽奖|限时抢|\d(\.\d)?折|\b(coupons?|discounts?|promo(tion)?s?|sale)\b|\d+% off/i;
export const looksLikeMarketing = (text: string) => MARKETING_PATTERN.test(text);
