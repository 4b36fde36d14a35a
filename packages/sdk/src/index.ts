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
export { isMedRelayError, MedRelayError, type MedRelayErrorCode, parseRetryAfter } from './errors.ts';
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
