import type { MedicineView, PostView } from '@medrelay/contracts';

/**
 * Some of the catalogue's red flags are for one group only (a pregnant woman, a baby, a child) or
 * speak of a medicine already taken. A post shows those only when they fit: the group's flag is on the
 * post (or, for children, a children's medicine is asked for), and "after taking medicine" only for
 * items that are medicines (not a test kit or supplies). The Chinese text says which, and the English
 * list is the same length in the same order (the catalogue's data test holds it to that).
 */
const NOT_MEDICINES = new Set(['antigen', 'supplies']);
const GROUP_RULES: { test: RegExp; fits: (ctx: Ctx) => boolean }[] = [
  { test: /^孕妇/, fits: (c) => c.flags.has('pregnant') },
  { test: /婴儿/, fits: (c) => c.flags.has('infant') },
  { test: /^儿童/, fits: (c) => c.flags.has('infant') || c.category === 'pediatric' },
  { test: /^服药后/, fits: (c) => !NOT_MEDICINES.has(c.category) },
];

interface Ctx {
  flags: Set<string>;
  category: string;
}

export function fittingRedFlags(
  post: Pick<PostView, 'items' | 'flags'>,
  catalogue: Map<string, Pick<MedicineView, 'category' | 'redFlags'>>,
  lang: 'zh' | 'en',
): string[] {
  const flags = new Set<string>(post.flags);
  const shown = post.items.flatMap((item) => {
    const med = catalogue.get(item.medicineId);
    if (!med) return [];
    const ctx = { flags, category: med.category };
    return med.redFlags.zh.flatMap((zh, i) => {
      const rule = GROUP_RULES.find((r) => r.test.test(zh));
      if (rule && !rule.fits(ctx)) return [];
      const text = lang === 'zh' ? zh : med.redFlags.en[i];
      return text ? [text] : [];
    });
  });
  return [...new Set(shown)];
}
