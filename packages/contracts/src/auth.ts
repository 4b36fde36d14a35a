import { z } from 'zod';
import { Phone } from './common.ts';
import { ACCOUNT_ROLES } from './rules.ts';

export const SendCodeBody = z.strictObject({ phone: Phone });
export const SendCodeReply = z.object({ sent: z.literal(true), retryAfterSeconds: z.number().int() });
export const LoginBody = z.strictObject({ phone: Phone, code: z.string().regex(/^\d{6}$/, '6 digits') });
export const VerificationView = z.object({
  method: z.string(),
  // false for the local `format` check: the number is well-formed, the person is not proven.
  identityProven: z.boolean(),
  nameMasked: z.string(),
  idMasked: z.string(),
  verifiedAt: z.iso.datetime(),
});

export const MeView = z.object({
  id: z.uuid(),
  phoneMasked: z.string(),
  createdAt: z.iso.datetime(),
  verified: z.boolean(),
  verification: VerificationView.nullable(),
  /** Whether the current privacy notice was accepted (asked at the first post). */
  consented: z.boolean(),
  consentVersion: z.string(),
  role: z.enum(ACCOUNT_ROLES),
  banned: z.boolean(),
  /** Whether this deployment asks for real-name verification before posting and revealing. */
  verificationRequired: z.boolean(),
});

export const VerificationBody = z.strictObject({
  name: z
    .string()
    .trim()
    .min(2)
    .max(30)
    .regex(/^[\p{Script=Han}A-Za-z·•. ]+$/u, 'Chinese characters or letters'),
  idNumber: z.string().trim().min(15).max(18),
});
export type MeView = z.infer<typeof MeView>;
