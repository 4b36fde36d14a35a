// Separators of `posts.item_keys`: no medicine id or category holds a control character.
export const ITEM = '\u001f';
export const NEXT_ITEM = '\u001e';

/**
 * A post's items as its `item_keys` column keeps them for the square's start-up read (repo.ts,
 * migration 0032): medicine and category split by ITEM, items by NEXT_ITEM, in position order.
 * Written with the items, by posts.create.ts and posts.state.repo.ts (and bench/lib/bulk.ts).
 */
export const itemKeysOf = (
  items: readonly { medicineId: string; category: string; position: number }[],
): string =>
  [...items]
    .sort((a, b) => a.position - b.position)
    .map((i) => `${i.medicineId}${ITEM}${i.category}`)
    .join(NEXT_ITEM);
