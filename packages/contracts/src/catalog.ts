import { z } from 'zod';
import { Localized } from './common.ts';
import { singleLine, token } from './text.ts';

export const MedicineView = z.object({
  id: z.string(),
  name: Localized,
  genericName: z.string(),
  aliases: z.array(z.string()),
  /** Symptoms and uses the entry is searchable by ("退烧", "嗓子疼", "测新冠"). */
  uses: z.array(z.string()),
  category: z.string(),
  form: z.string(),
  unit: Localized,
  caps: z.object({ need: z.number().int(), offer: z.number().int() }),
  dosing: Localized,
  redFlags: z.object({ zh: z.array(z.string()), en: z.array(z.string()) }),
});
export type MedicineView = z.infer<typeof MedicineView>;

export const CategoryView = z.object({ id: z.string(), name: Localized });
export type CategoryView = z.infer<typeof CategoryView>;

export const MedicinesQuery = z.object({
  q: singleLine({ max: 40 }).optional(),
  category: token({ max: 40 }).optional(),
});
export const MedicinesReply = z.object({
  version: z.string(),
  categories: z.array(CategoryView),
  items: z.array(MedicineView),
});
export type MedicinesReply = z.infer<typeof MedicinesReply>;
