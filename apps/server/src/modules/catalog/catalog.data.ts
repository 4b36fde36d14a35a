import { readFileSync } from 'node:fs';
import { z } from 'zod';

const Localized = z.object({ zh: z.string().min(1), en: z.string().min(1) });

const CatalogFile = z.object({
  version: z.string(),
  source: z.string(),
  categories: z.array(z.object({ id: z.string(), name: Localized })),
  medicines: z.array(
    z.object({
      id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
      name: Localized,
      genericName: z.string(),
      aliases: z.array(z.string()),
      pinyin: z.string(),
      initials: z.string(),
      aliasInitials: z.array(z.string()),
      // What a resident with a symptom types ("退烧", "嗓子疼", "测新冠"): the entry's labelled uses.
      uses: z.array(z.string()),
      category: z.string(),
      form: z.string(),
      unit: Localized,
      caps: z.object({ need: z.number().int().positive(), offer: z.number().int().positive() }),
      otc: z.literal(true),
      dosing: Localized,
      redFlags: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
    }),
  ),
});

export type CatalogData = z.infer<typeof CatalogFile>;
export type CatalogEntry = CatalogData['medicines'][number];

export const CATALOG_FILE = new URL('../../../data/catalog.v1.json', import.meta.url);

export function readCatalog(file: URL = CATALOG_FILE): CatalogData {
  return CatalogFile.parse(JSON.parse(readFileSync(file, 'utf8')));
}
