import { z } from 'zod';

export const Kind = z.enum(['need', 'offer']).describe('need = 我需要药, offer = 我有多的药');
export type Kind = z.infer<typeof Kind>;
// review: held for a moderator; hidden: reported, awaiting review; removed: taken down by a moderator.
export const PostStatus = z.enum(['open', 'resolved', 'expired', 'deleted', 'review', 'hidden', 'removed']);
export type PostStatus = z.infer<typeof PostStatus>;
export const ForWhom = z.enum(['self', 'family', 'other']);
export type ForWhom = z.infer<typeof ForWhom>;
export const VulnerableFlag = z.enum(['elderly', 'infant', 'pregnant', 'chronic']);
export type VulnerableFlag = z.infer<typeof VulnerableFlag>;
export const CoordSystem = z.enum(['wgs84', 'gcj02', 'bd09']);
export type CoordSystem = z.infer<typeof CoordSystem>;

export const Localized = z.object({ zh: z.string(), en: z.string() });
export type Localized = z.infer<typeof Localized>;

/** Mainland mobile number, 11 digits; '+86', spaces and dashes are accepted and removed. */
export const Phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, ''))
  .pipe(z.string().regex(/^1[3-9]\d{9}$/, 'a mainland mobile number of 11 digits'));

export const RegionCode = z.string().regex(/^\d{6}$/, '6-digit GB/T 2260 code');

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
