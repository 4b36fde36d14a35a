import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { addErrorResponses } from './error-responses.ts';
import { securitySchemes } from './security.ts';
import { webhookSignatureScheme, webhooksSection } from './webhooks.ts';

/**
 * The major version is raised for a breaking change to /api/v1 or /api/partner/v1 (the
 * compatibility test against docs/api/openapi.v1.json fails otherwise); minor for additions.
 */
export const API_VERSION = '1.4.0';

const DESCRIPTION = `Medicine mutual-aid square (余药互助): residents share surplus over-the-counter medicines
and supplies with neighbours who need them. Partner institutions read the square, publish for
residents without a smartphone, embed the square and receive webhooks.

- \`/api/v1\` is the resident and partner-page API (session cookie).
- \`/api/partner/v1\` is the server-to-server partner API (secret key, scoped).
- Errors always answer \`{"error":{"code","message","details"}}\`; \`code\` is one of the \`Error\`
  schema's enum and is stable. Every operation may answer 429 with \`Retry-After\`.
- Compatible changes only within a major version; see docs/api-changelog.md.`;

type Doc = Parameters<typeof addErrorResponses>[0] & {
  webhooks?: Record<string, unknown>;
  components?: { schemas?: Record<string, unknown>; securitySchemes?: Record<string, unknown> };
};

/** Operations that answer something other than JSON: their success response says what. */
const NON_JSON: Record<string, { type: string; description: string }> = {
  getEmbedSquare: {
    type: 'text/html',
    description: "The square as an HTML page, framable by the key's origins",
  },
  streamLiveSquare: {
    type: 'text/event-stream',
    description:
      'Server-Sent Events named by topic (post.created, post.updated, post.resolved, …), public views only',
  },
};
const SUCCESS: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '202': 'Accepted',
  '204': 'No content',
};

/** Names the success answers the generator left as "Default Response". */
function describeSuccess(doc: Doc) {
  for (const item of Object.values(doc.paths ?? {})) {
    for (const op of Object.values(item)) {
      for (const [status, res] of Object.entries(op.responses ?? {})) {
        const r = res as { description?: string; content?: unknown };
        if (r.description !== 'Default Response') continue;
        const other = NON_JSON[op.operationId ?? ''];
        r.description = other?.description ?? SUCCESS[status] ?? 'Success';
        if (other) r.content = { [other.type]: { schema: { type: 'string' } } };
      }
    }
  }
}

/** Swagger (document at /openapi.json, UI at /docs) with security, errors and webhooks added. */
export async function installOpenApi(app: FastifyInstance, opts: { sessionCookie: string }) {
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'MedRelay 余药互助 API',
        version: API_VERSION,
        description: DESCRIPTION,
        // The licence of this description (copy it freely to generate clients); using the service
        // is free for approved partner institutions.
        license: { name: 'CC0-1.0', identifier: 'CC0-1.0' },
        contact: { name: 'MedRelay partner support' },
      },
      servers: [{ url: '/' }],
      components: {
        securitySchemes: {
          ...securitySchemes(opts.sessionCookie),
          webhookSignature: webhookSignatureScheme,
        },
      },
    },
    transform: jsonSchemaTransform,
    transformObject: (documentObject) => {
      if (!('openapiObject' in documentObject)) return documentObject.swaggerObject;
      const doc = structuredClone(documentObject.openapiObject) as Doc;
      describeSuccess(doc);
      addErrorResponses(doc);
      const { webhooks, schemas } = webhooksSection();
      doc.webhooks = webhooks;
      doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...schemas } };
      return doc as typeof documentObject.openapiObject;
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
