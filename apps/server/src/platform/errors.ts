/** The one error type the API throws on purpose: a stable snake_case code, an HTTP status, details. */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? ERROR_MESSAGES[code] ?? code);
    this.name = 'AppError';
  }
}

// Messages are for people; clients translate by code. Keep them free of personal data.
const ERROR_MESSAGES: Record<string, string> = {
  validation_failed: 'The request is not valid.',
  not_found: 'Not found.',
  unauthenticated: 'Log in first.',
  forbidden: 'You may not do this.',
  internal_error: 'Something went wrong on our side.',
  sms_too_soon: 'A code was sent recently; wait before asking again.',
  code_invalid: 'The code is wrong or has expired.',
  code_attempts_exceeded: 'Too many wrong tries; ask for a new code.',
  unknown_medicine: 'This item is not in the catalogue.',
  duplicate_item: 'Each item may appear once in a post.',
  quantity_over_cap: 'The quantity is above the limit for this item.',
  expiry_required: 'An offered item needs its expiry date.',
  expiry_in_past: 'The expiry date has passed.',
  unknown_region: 'Unknown region code.',
  unknown_ref: 'No approved partner has this ref.',
  rules_changed: 'The rules were published by someone else meanwhile; reload them and edit again.',
  region_mismatch: 'The region does not contain the location.',
  location_outside_china: 'The location is outside mainland China.',
  bad_cursor: 'The cursor is not valid for this query.',
  near_required: 'Sorting by distance needs your location.',
  idempotency_key_reused: 'This Idempotency-Key was used with a different request.',
  post_not_open: 'The post is not open.',
  not_renewable: 'This post can no longer be renewed.',
  unknown_category: 'Unknown category.',
  consent_required: 'Please accept the privacy notice to publish.',
  verification_required: 'Verify your real name first.',
  already_verified: 'This account is already verified.',
  id_number_invalid: 'The ID number is not valid.',
  under_age: 'Residents under 14 cannot use this service on their own.',
  identity_in_use: 'This identity is already used by another account.',
  identity_mismatch: 'The name and ID number do not match.',
  verifier_unavailable: 'Verification is unavailable; try again later.',
  sms_unavailable: 'SMS is unavailable; try again later.',
  sms_limit: 'Too many codes requested; try again later.',
  privacy_number_unavailable: 'No privacy number is available; try again later.',
  vendor_rate_limited: 'The service is busy; try again later.',
  own_post: 'This is your own post.',
  reveal_limit: 'You have viewed many contacts recently; try again later.',
  contact_by_message: 'This poster asks to be messaged in the app.',
  body_too_large: 'The request is too large.',
  unsupported_media_type: 'Send JSON.',
  bad_request: 'The request is not valid.',
  post_blocked: 'This post looks like trading or moving the deal off the platform, which is not allowed.',
  quota_open_posts: 'You already have the most open posts of this kind; resolve one first.',
  quota_daily_posts: 'You have posted the most for today.',
  quota_same_medicine: 'You posted this item recently.',
  account_banned: 'This account is banned.',
  identity_banned: 'This identity is banned.',
  post_not_pending: 'The post is not waiting for review.',
  author_gone: 'The author has deleted their account.',
  rules_invalid: 'The rules are not valid.',
  rate_limited: 'Too many requests; try again later.',
  rate_limit_unavailable: 'This action is paused for a moment; try again soon.',
  csrf_rejected: 'Cross-site request refused.',
};

export const messageFor = (code: string): string => ERROR_MESSAGES[code] ?? code;
