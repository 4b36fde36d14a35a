/** The user agreement's sections in reading order; their texts are in locales/legal/. */
export const TERMS_SECTIONS = [
  'what',
  'noTrade',
  'medicines',
  'health',
  'verification',
  'meeting',
  'moderation',
  'operator',
] as const;
