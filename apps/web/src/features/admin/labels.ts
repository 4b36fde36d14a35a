import type { TFunction } from 'i18next';

// Codes that come from data the console does not own (rule files, audit rows written by other
// modules) may be new to this build: show the raw code rather than nothing.
const label = (t: TFunction, family: string, code: string) =>
  t(`admin.${family}.${code}`, { defaultValue: code });

/** A held, removal or ban reason code: off_platform_contact → 站外联系方式. */
export const reasonLabel = (t: TFunction, code: string) => label(t, 'reasons', code);

/** A rule category: contact → 站外联系. */
export const categoryLabel = (t: TFunction, code: string) => label(t, 'categories', code);

/** An audit action: publish_rules → 发布规则. */
export const actionLabel = (t: TFunction, code: string) => label(t, 'actions', code);

/** What a rule set decides for a post: allowed / review / blocked. */
export const outcomeLabel = (t: TFunction, code: string) => label(t, 'outcomes', code);

/** The first block of a UUID: enough for a moderator to tell rows apart, not an identifier to copy. */
export const shortId = (id: string) => id.slice(0, 8);

/** 13800138001 → 138****8001, as everywhere else in the app. */
export const maskPhone = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(-4)}`;
