import { z } from 'zod';
import { Phone } from './common.ts';

export const SendCodeBody = z.strictObject({ phone: Phone });
export const SendCodeReply = z.object({ sent: z.literal(true), retryAfterSeconds: z.number().int() });
export const LoginBody = z.strictObject({ phone: Phone, code: z.string().regex(/^\d{6}$/, '6 digits') });
export const MeView = z.object({
  id: z.uuid(),
  phoneMasked: z.string(),
  createdAt: z.iso.datetime(),
});
export type MeView = z.infer<typeof MeView>;
