import type { CategoryView, MedicineView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import type { CatalogData, CatalogEntry } from './catalog.data.ts';

export interface Catalog {
  version: string;
  categories: CategoryView[];
  get(id: string): CatalogEntry | undefined;
  search(q?: string, category?: string): MedicineView[];
  view(entry: CatalogEntry): MedicineView;
}

const fold = (s: string) => s.toLowerCase().replace(/\s+/g, '');

export function createCatalog(data: CatalogData): Catalog {
  const byId = new Map(data.medicines.map((m) => [m.id, m]));
  // Everything a resident might type for an entry: names, brands, full pinyin and initials.
  const names = new Map(
    data.medicines.map((m) => [
      m.id,
      [m.name.zh, m.name.en, m.genericName, m.pinyin, m.initials, m.id, ...m.aliases, ...m.aliasInitials].map(
        fold,
      ),
    ]),
  );
  // What it is for: "退烧" finds the antipyretics without naming one.
  const uses = new Map(data.medicines.map((m) => [m.id, m.uses.map(fold)]));
  const matches = (haystack: string[] | undefined, needle: string) =>
    (haystack ?? []).some((h) => h.includes(needle));
  const view = (m: CatalogEntry): MedicineView => ({
    id: m.id,
    name: m.name,
    genericName: m.genericName,
    aliases: m.aliases,
    uses: m.uses,
    category: m.category,
    form: m.form,
    unit: m.unit,
    caps: m.caps,
    dosing: m.dosing,
    redFlags: m.redFlags,
  });
  return {
    version: data.version,
    categories: data.categories,
    get: (id) => byId.get(id),
    view,
    search(q, category) {
      const needle = q ? fold(q) : '';
      const inCategory = data.medicines.filter((m) => !category || m.category === category);
      if (!needle) return inCategory.map(view);
      // A name match ranks above a use match: "布洛芬" lists 布洛芬 first even though 美林 also treats fever.
      const byName = inCategory.filter((m) => matches(names.get(m.id), needle));
      const byUse = inCategory.filter((m) => !byName.includes(m) && matches(uses.get(m.id), needle));
      return [...byName, ...byUse].map(view);
    },
  };
}

/** Mirrors the catalogue file into the `medicines` table so post items keep a foreign key. */
export async function syncCatalog(db: Db, data: CatalogData): Promise<void> {
  const ids = data.medicines.map((m) => m.id);
  await db.transaction(async (tx) => {
    for (const m of data.medicines) {
      await tx.execute(sql`
        INSERT INTO medicines (id, category, name_zh, name_en, active, catalog_version)
        VALUES (${m.id}, ${m.category}, ${m.name.zh}, ${m.name.en}, true, ${data.version})
        ON CONFLICT (id) DO UPDATE SET category = excluded.category, name_zh = excluded.name_zh,
          name_en = excluded.name_en, active = true, catalog_version = excluded.catalog_version
        WHERE medicines.catalog_version IS DISTINCT FROM excluded.catalog_version OR NOT medicines.active`);
    }
    await tx.execute(sql`UPDATE medicines SET active = false
      WHERE active AND id NOT IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`);
  });
}
