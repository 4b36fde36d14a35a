import type { TFunction } from 'i18next';
import { ApiError } from '../../lib/api-client.ts';
import { errorMessage } from '../../lib/errors.ts';

/**
 * The partner screens' own wording for the codes only they meet (partner_not_approved, region_not_allowed
 * …), then the app's shared messages. A missing member is a phone that never logged in, not a lost record.
 */
export function partnerErrorMessage(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    const code = err.code === 'not_found' && err.field === 'phone' ? 'member_not_found' : err.code;
    const own = t(`partner.errors.${code}`, { ...err.details, defaultValue: '' });
    if (own) return own;
  }
  return errorMessage(err, t);
}
