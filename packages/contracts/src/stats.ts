import { z } from 'zod';
import { Localized } from './common.ts';

const CityCount = z.object({
  cityCode: z.string(),
  city: z.string(),
  province: z.string(),
  count: z.number(),
});
const MedicineCount = z.object({ medicineId: z.string(), name: Localized, count: z.number() });

export const StatsSummary = z.object({
  totals: z.object({
    posts: z.number(),
    needs: z.number(),
    offers: z.number(),
    openNeeds: z.number(),
    openOffers: z.number(),
    resolved: z.number(),
  }),
  topCitiesByNeeds: z.array(CityCount),
  topCitiesByOffers: z.array(CityCount),
  topMedicinesNeeded: z.array(MedicineCount),
  topMedicinesOffered: z.array(MedicineCount),
  /** How posts ended (demo posts left out); each figure is null while fewer than minCount posts make it. */
  outcomes: z
    .object({
      /** Resolved among the posts that closed by being resolved or by running out. */
      resolutionRate: z.number().nullable(),
      medianHoursToResolution: z.number().nullable(),
      /** From posting to the first reveal of the contact or the first message. */
      medianHoursToFirstContact: z.number().nullable(),
      /** How resolved needs were met, as their posters said (groups under minCount left out). */
      needsMetBy: z.array(z.object({ outcome: z.string(), count: z.number() })),
      /** From posting to the first counterpart match (a post's own first, or a later one that matched it). */
      medianHoursToFirstMatch: z.number().nullable().optional(),
      /** 传递下去: needs whose owners passed on what was left (chains), and the offers posted that way. */
      relayChains: z
        .object({ chains: z.number().nullable(), postsPassedOn: z.number().nullable() })
        .optional(),
    })
    .optional(),
  // Groups smaller than this are left out so that no one can be singled out.
  minCount: z.number(),
  generatedAt: z.iso.datetime(),
});
export type StatsSummary = z.infer<typeof StatsSummary>;
