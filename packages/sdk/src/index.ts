// The API's error list and the shared rules (phone, enums, limits), so a partner's forms check what
// the API checks; both are the contracts' own, dependency-free modules.
export { ERROR_CODES, ERRORS, isErrorCode } from '@medrelay/contracts/errors';
export * from '@medrelay/contracts/rules';
export {
  type AssistedPostInput,
  type AssistedPostOptions,
  createMedRelayClient,
  type FeedQuery,
  type FeedReply,
  type MedRelayClient,
  type MedRelayClientOptions,
  PARTNER_API_PATH,
  type PostView,
  type RegionalStats,
  type RequestOptions,
  SDK_VERSION,
} from './client.ts';
export {
  type ErrorCode,
  isMedRelayError,
  MedRelayError,
  type MedRelayErrorCode,
  parseRetryAfter,
  type SdkErrorCode,
} from './errors.ts';
export {
  DEFAULT_TOLERANCE_SECONDS,
  EVENT_ID_HEADER,
  type MedRelayWebhookEvent,
  SIGNATURE_HEADER,
  type VerifyWebhookOptions,
  verifyWebhook,
  type WebhookEventType,
  type WebhookVerificationCode,
  WebhookVerificationError,
} from './webhooks.ts';
