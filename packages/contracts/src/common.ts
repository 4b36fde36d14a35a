import { z } from 'zod';
import {
  CONTACT_MODES,
  COORD_SYSTEMS,
  FOR_WHOM,
  KINDS,
  MAINLAND_MOBILE,
  normalizePhone,
  POST_STATUSES,
  VULNERABLE_FLAGS,
} from './rules.ts';

export const Kind = z.enum(KINDS).describe('need = 我需要药, offer = 我有多的药');
export type Kind = z.infer<typeof Kind>;
export const PostStatus = z.enum(POST_STATUSES);
export type PostStatus = z.infer<typeof PostStatus>;
export const ForWhom = z.enum(FOR_WHOM);
export type ForWhom = z.infer<typeof ForWhom>;
export const VulnerableFlag = z.enum(VULNERABLE_FLAGS);
export type VulnerableFlag = z.infer<typeof VulnerableFlag>;
export const CoordSystem = z.enum(COORD_SYSTEMS);
export type CoordSystem = z.infer<typeof CoordSystem>;
export const ContactMode = z
  .enum(CONTACT_MODES)
  .describe('relay = no phone: helpers message the poster in the app.');
export type ContactMode = z.infer<typeof ContactMode>;

export const Localized = z.object({ zh: z.string(), en: z.string() });
export type Localized = z.infer<typeof Localized>;

/** Mainland mobile number, 11 digits; '+86', spaces and dashes are accepted and removed. */
export const Phone = z
  .string()
  .trim()
  .transform(normalizePhone)
  .pipe(z.string().regex(MAINLAND_MOBILE, 'a mainland mobile number of 11 digits'));

export const RegionCode = z.string().regex(/^\d{6}$/, '6-digit GB/T 2260 code');

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
