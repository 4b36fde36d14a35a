import { EVENT_PAYLOADS, WebhookEvent } from '@medrelay/contracts';
import { z } from 'zod';

/**
 * The webhook events a partner can subscribe to, as the document's OpenAPI 3.1 `webhooks`: one
 * operation per topic, its body the delivery envelope whose `data` is the contracts' payload schema
 * (EVENT_PAYLOADS, converted by zod), so a partner generates types for what it receives. The
 * envelope and headers are what webhooks.dispatcher.ts sends.
 */

const SUMMARIES: Record<WebhookEvent, string> = {
  'post.created': 'A post entered the square',
  'post.restored':
    'A post came back to the square (approved from review, restored by a moderator, or its owner undid 已解决)',
  'post.renewed': 'A post was renewed and stays in the square longer',
  'post.updated':
    'Part of an offer was handed over: it stays in the square with the quantity left (the last unit sends post.resolved instead)',
  'post.resolved': 'A post was resolved (已解决) and left the square',
  'post.expired': 'A post expired and left the square',
  'post.removed': 'A moderator removed a post',
  'post.hidden': 'Reports hid a post until a moderator reviews it',
  'post.deleted': 'A post was deleted by its owner (or with the account)',
  'demand.spike': "A city's needs rose well above their usual hourly rate",
};

/** Component name of a topic's delivery body: post.created → PostCreatedEvent. */
export const eventSchemaName = (topic: string) =>
  `${topic
    .split(/[._]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('')}Event`;

/** JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a delivery of `topic` carries in its body. */
export function webhookEnvelopeSchema(topic: WebhookEvent): Record<string, unknown> {
  const { $schema: _, ...data } = z.toJSONSchema(EVENT_PAYLOADS[topic], {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return {
    type: 'object',
    description: `The body of a \`${topic}\` delivery.`,
    required: ['id', 'type', 'createdAt', 'data'],
    additionalProperties: false,
    properties: {
      id: {
        type: 'string',
        description: 'The event id, also in `MedRelay-Event-Id`; a retry repeats it: de-duplicate on it.',
      },
      type: { type: 'string', const: topic },
      createdAt: {
        type: 'string',
        format: 'date-time',
        description: 'When the change happened, not when this attempt was sent.',
      },
      data,
    },
  };
}

const VERIFY = `**Verifying a delivery.** Every delivery is a \`POST\` with a JSON body and the header
\`MedRelay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256>\`. Compute
\`HMAC-SHA256(secret, "<t>.<raw body>")\` with the webhook's signing secret (\`whsec_…\`, shown once
when the webhook was created) over the raw bytes as received, compare it with \`v1\` in constant time
(several \`v1\` values may appear during a secret rotation; any one matching is enough), and refuse a
\`t\` more than 300 seconds away from your clock. The SDK does all of this:
\`verifyWebhook({ secret, body, signatureHeader })\` from \`@medrelay/sdk\`.

Answer any 2xx within 5 seconds to acknowledge. Anything else (or no answer) is retried with
backoff; the same event keeps its \`MedRelay-Event-Id\`, so de-duplicate on it.`;

const headers = (topic: string) => [
  {
    name: 'MedRelay-Signature',
    in: 'header',
    required: true,
    description: '`t=<unix seconds>,v1=<64 hex digits>`: see the description for how to verify it.',
    schema: { type: 'string', pattern: '^t=\\d+(,v1=[0-9a-f]{64})+$' },
  },
  {
    name: 'MedRelay-Event',
    in: 'header',
    required: true,
    description: 'The topic.',
    schema: { type: 'string', const: topic },
  },
  {
    name: 'MedRelay-Event-Id',
    in: 'header',
    required: true,
    description: 'The event id, the same on every retry of the event.',
    schema: { type: 'string' },
  },
];

export function webhooksSection() {
  const webhooks: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {};
  for (const topic of WebhookEvent.options) {
    const name = eventSchemaName(topic);
    schemas[name] = webhookEnvelopeSchema(topic);
    webhooks[topic] = {
      post: {
        operationId: `on${name}`,
        summary: SUMMARIES[topic],
        description: VERIFY,
        tags: ['webhooks'],
        security: [{ webhookSignature: [] }],
        parameters: headers(topic),
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
        },
        responses: {
          '200': { description: 'Acknowledged (any 2xx is).' },
          '400': { description: 'The partner refused the delivery (a bad signature); it is retried.' },
        },
      },
    };
  }
  return { webhooks, schemas };
}

export const webhookSignatureScheme = {
  type: 'apiKey',
  in: 'header',
  name: 'MedRelay-Signature',
  description:
    'Not a credential you send: the signature MedRelay puts on each webhook delivery. ' +
    '`t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.',
} as const;
