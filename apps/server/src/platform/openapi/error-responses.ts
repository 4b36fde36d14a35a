import { ERROR_CODES, ERRORS, type ErrorCode } from '@medrelay/contracts';

/**
 * The error model in the document: one `Error` schema (the code enum is the contracts' one list) and,
 * on every operation, the error responses it can answer. They are derived from what the route
 * declares (its security, its inputs, its path parameters, its method) plus, for the 409/422 and
 * domain 400/403/429 answers that only a service knows, the table below keyed by operationId. Added
 * to the document only: the routes' response schemas (and so their serialisation) are untouched.
 */

type Op = {
  operationId?: string;
  parameters?: { in: string }[];
  requestBody?: unknown;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
};

/** Answers only a service knows about, by operation. */
export const SERVICE_ERRORS: Record<string, ErrorCode[]> = {
  requestLoginCode: ['sms_too_soon', 'sms_limit', 'sms_unavailable'],
  loginWithCode: ['code_invalid', 'code_attempts_exceeded'],
  verifyIdentity: [
    'id_number_invalid',
    'identity_mismatch',
    'under_age',
    'identity_banned',
    'already_verified',
    'identity_in_use',
    'verifier_unavailable',
  ],
  createPost: [
    'consent_required',
    'unknown_medicine',
    'duplicate_item',
    'quantity_over_cap',
    'expiry_required',
    'expiry_in_past',
    'location_outside_china',
    'unknown_region',
    'region_mismatch',
    'quota_open_posts',
    'quota_same_medicine',
    'idempotency_key_reused',
    'post_blocked',
    'quota_daily_posts',
  ],
  listPosts: ['bad_cursor', 'near_required', 'unknown_medicine', 'unknown_category', 'unknown_region'],
  resolvePost: ['invalid_transition'],
  renewPost: ['invalid_transition'],
  deletePost: ['invalid_transition'],
  revealContact: ['own_post', 'post_not_open', 'contact_by_message', 'daily_quota_exceeded'],
  sendFirstMessage: ['own_post', 'post_not_open', 'author_gone', 'daily_quota_exceeded'],
  replyInThread: ['author_gone'],
  reportPost: ['own_post'],
  approvePost: ['invalid_transition'],
  removePost: ['invalid_transition'],
  publishRules: ['rules_invalid', 'invalid_rule_set', 'rules_changed'],
  dryRunRules: ['rules_invalid', 'invalid_rule_set'],
  createPartnerKey: ['scope_not_allowed', 'partner_not_approved'],
  createPartnerWebhook: ['partner_not_approved'],
  createAlert: ['unknown_medicine', 'unknown_category', 'alert_limit'],
  subscribePush: ['push_subscription_invalid', 'push_not_enabled'],
  getPushKey: ['push_not_enabled'],
  getRef: ['unknown_ref'],
  recordRefVisit: ['unknown_ref'],
  partnerListPosts: ['bad_cursor', 'near_required', 'unknown_medicine', 'unknown_category'],
  previewInvite: ['referral_token_invalid', 'referral_campaign_closed'],
  claimInvite: ['referral_token_invalid', 'referral_campaign_closed', 'referral_not_new_account'],
  decideReferral: ['referral_not_held', 'referral_not_approvable'],
  partnerCreateAssistedPost: [
    'consent_required',
    'unknown_medicine',
    'quantity_over_cap',
    'location_outside_china',
    'region_not_allowed',
    'partner_not_approved',
    'quota_open_posts',
    'idempotency_key_reused',
    'post_blocked',
  ],
  createQuiz: [
    'partner_not_approved',
    'quiz_reward_medicine',
    'quiz_reward_unavailable',
    'quiz_bank_too_small',
  ],
  startQuiz: [
    'verification_required',
    'quiz_not_open',
    'quiz_closed',
    'quiz_time_over',
    'quiz_already_entered',
    'quiz_group_only',
  ],
  submitQuizAnswers: [
    'verification_required',
    'quiz_not_started',
    'quiz_closed',
    'quiz_time_over',
    'quiz_already_entered',
    'quiz_answer_invalid',
  ],
};

/** The HTTP status each code is answered with (a code has one status, except where noted). */
const STATUS: Partial<Record<ErrorCode, number>> = {
  body_too_large: 413,
  unsupported_media_type: 415,
  not_found: 404,
  unknown_ref: 404,
  push_not_enabled: 404,
  internal_error: 500,
  database_unavailable: 503,
  rate_limit_unavailable: 503,
  verifier_unavailable: 503,
  sms_unavailable: 503,
  unauthenticated: 401,
  api_key_missing: 401,
  api_key_invalid: 401,
  api_key_revoked: 401,
  forbidden: 403,
  csrf_rejected: 403,
  account_banned: 403,
  verification_required: 403,
  identity_banned: 403,
  under_age: 403,
  own_post: 403,
  scope_missing: 403,
  region_not_allowed: 403,
  partner_not_approved: 403,
  already_verified: 409,
  identity_in_use: 409,
  invalid_transition: 409,
  post_not_open: 409,
  contact_by_message: 409,
  author_gone: 409,
  alert_limit: 409,
  quota_open_posts: 409,
  quota_same_medicine: 409,
  rules_changed: 409,
  referral_token_invalid: 404,
  referral_campaign_closed: 409,
  referral_not_new_account: 409,
  referral_not_held: 409,
  referral_not_approvable: 409,
  idempotency_key_reused: 422,
  post_blocked: 422,
  rate_limited: 429,
  sms_too_soon: 429,
  sms_limit: 429,
  daily_quota_exceeded: 429,
  quota_daily_posts: 429,
  vendor_rate_limited: 429,
};
export const statusOf = (code: ErrorCode) => STATUS[code] ?? 400;

const RESPONSE_TITLES: Record<number, string> = {
  400: 'The request is not valid',
  401: 'Credentials are missing or not valid',
  403: 'Not allowed',
  404: 'Not found',
  409: 'Conflicts with the current state',
  413: 'The body is too large',
  415: 'The body is not JSON',
  422: 'Refused by the rules',
  429: 'Too many requests',
  500: 'Something went wrong on our side',
  503: 'Temporarily unavailable',
};

export const errorSchema = {
  type: 'object',
  description:
    'Every error answer. `code` is stable (programs and translations key on it); `message` is English ' +
    'for developers; `details` holds the specifics (the field, the cap, `retryAfterSeconds`, the ' +
    'validation issues) and never personal data.',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', enum: [...ERROR_CODES] },
        message: { type: 'string' },
        details: { type: 'object', additionalProperties: true },
      },
    },
  },
};

const retryAfter = {
  description: 'Seconds to wait before trying again.',
  schema: { type: 'integer', minimum: 1 },
};
/** @fastify/rate-limit's headers on every limited route; Retry-After on the 429 itself. */
const rateLimitHeaders = {
  'Retry-After': retryAfter,
  'X-RateLimit-Limit': { description: 'Requests allowed in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Remaining': { description: 'Requests left in the window.', schema: { type: 'integer' } },
  'X-RateLimit-Reset': {
    description: 'Seconds until the window resets.',
    schema: { type: 'integer' },
  },
};

const EXAMPLE_DETAILS: Partial<Record<ErrorCode, Record<string, unknown>>> = {
  validation_failed: {
    in: 'body',
    field: 'items[0].quantity',
    issues: [{ field: 'items[0].quantity', code: 'too_big', message: 'Too big: expected number to be <=99' }],
  },
  quantity_over_cap: { field: 'items[0].quantity', cap: 6 },
  rate_limited: { limit: 60, retryAfterSeconds: 30 },
  database_unavailable: { retryAfterSeconds: 2 },
  rate_limit_unavailable: { retryAfterSeconds: 5 },
  csrf_rejected: { reason: 'cross_site' },
  scope_missing: { scope: 'posts:read' },
  forbidden: { role: 'moderator' },
};

const example = (code: ErrorCode) => ({
  summary: ERRORS[code].en,
  value: { error: { code, message: ERRORS[code].en, details: EXAMPLE_DETAILS[code] ?? {} } },
});

function response(status: number, codes: ErrorCode[]) {
  const unique = [...new Set(codes)];
  return {
    description: `${RESPONSE_TITLES[status] ?? 'Error'}: ${unique.map((c) => `\`${c}\``).join(', ')}`,
    ...(status === 429
      ? { headers: rateLimitHeaders }
      : status === 503
        ? { headers: { 'Retry-After': retryAfter } }
        : {}),
    content: {
      'application/json': {
        schema: { $ref: '#/components/schemas/Error' },
        examples: Object.fromEntries(unique.map((c) => [c, example(c)])),
      },
    },
  };
}

const WRITES = new Set(['post', 'put', 'patch', 'delete']);

/** The error codes an operation can answer, from what it declares. */
export function errorCodesOf(method: string, path: string, op: Op): ErrorCode[] {
  const codes: ErrorCode[] = [];
  const inputs = (op.parameters?.length ?? 0) > 0 || Boolean(op.requestBody);
  if (inputs) codes.push('validation_failed', 'invalid_text');
  if (op.requestBody) codes.push('bad_request', 'body_too_large', 'unsupported_media_type');
  const required = (op.security ?? []).filter((r) => Object.keys(r).length > 0);
  const optional = (op.security ?? []).some((r) => Object.keys(r).length === 0);
  const session = required.find((r) => r.session)?.session;
  const partner = required.find((r) => r.partnerKey)?.partnerKey;
  // A cookie sent along makes any write subject to the CSRF rule, even on a public operation.
  if (WRITES.has(method)) codes.push('csrf_rejected');
  if (session && !optional) {
    codes.push('unauthenticated');
    if (session.length) codes.push('account_banned');
    if (session.includes('verified')) codes.push('verification_required');
    if (session.includes('moderator') || session.includes('admin')) codes.push('forbidden');
  }
  if (partner && !optional)
    codes.push('api_key_missing', 'api_key_invalid', 'api_key_revoked', 'scope_missing');
  // Partner pages check membership per partner: a stranger gets 404, a viewer writing gets 403.
  if (/^\/api\/v1\/partners\/\{id\}/.test(path)) codes.push('forbidden');
  if (/\{[^}]+\}/.test(path)) codes.push('not_found');
  codes.push(...(SERVICE_ERRORS[op.operationId ?? ''] ?? []));
  codes.push('rate_limited', 'internal_error', 'database_unavailable');
  if (WRITES.has(method)) codes.push('rate_limit_unavailable');
  return codes;
}

/** Adds the `Error` schema and every operation's error responses to a generated document. */
export function addErrorResponses(doc: {
  paths?: Record<string, Record<string, Op>>;
  components?: { schemas?: Record<string, unknown> };
}) {
  doc.components ??= {};
  doc.components.schemas = { ...doc.components.schemas, Error: errorSchema };
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, op] of Object.entries(item)) {
      const byStatus = new Map<number, ErrorCode[]>();
      for (const code of errorCodesOf(method, path, op)) {
        const status = statusOf(code);
        byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
      }
      op.responses ??= {};
      for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
        op.responses[String(status)] ??= response(status, codes);
      }
    }
  }
}
