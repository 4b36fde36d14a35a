import { describe, expect, test } from 'vitest';
import { breakingChanges, type OpenApiDoc } from './compatibility.ts';

// The rules of the compatibility check, on small documents: what breaks a generated client and what
// does not.

const released = (): OpenApiDoc => ({
  info: { version: '1.0.0' },
  paths: {
    '/api/v1/posts': {
      get: {
        operationId: 'listPosts',
        parameters: [
          { name: 'kind', in: 'query', schema: { type: 'string', enum: ['need', 'offer'] } },
          { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 50 } },
        ],
        responses: {
          '200': {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['items'],
                  properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Post' } } },
                },
              },
            },
          },
        },
      },
      post: {
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['kind'],
                properties: {
                  kind: { type: 'string', enum: ['need', 'offer'] },
                  note: { type: 'string', maxLength: 200 },
                },
              },
            },
          },
        },
        responses: {
          '201': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Post' } } } },
        },
      },
    },
  },
  webhooks: {
    'post.created': {
      post: {
        requestBody: {
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Post' } } },
        },
      },
    },
  },
  components: {
    schemas: {
      Post: {
        type: 'object',
        required: ['id', 'status'],
        properties: { id: { type: 'string' }, status: { type: 'string', enum: ['open', 'resolved'] } },
      },
    },
  },
});

type Mutable = ReturnType<typeof released> & Record<string, never>;
const change = (edit: (d: Mutable) => void) => {
  const d = structuredClone(released()) as Mutable;
  edit(d);
  return breakingChanges(released(), d);
};
const any = (x: unknown) => x as any;

describe('breaking changes', () => {
  test('the same document, and additions, are compatible', () => {
    expect(breakingChanges(released(), released())).toEqual([]);
    expect(
      change((d) => {
        any(d.components).schemas.Post.properties.city = { type: 'string' };
        any(d.components).schemas.Post.properties.status.enum.push('expired');
        any(d.paths)['/api/v1/posts'].get.parameters.push({
          name: 'near',
          in: 'query',
          schema: { type: 'string' },
        });
        any(d.paths)['/api/v1/posts'].get.parameters[1].schema.maximum = 100;
        any(d.paths)['/api/v1/stats'] = { get: { responses: { '200': {} } } };
      }),
    ).toEqual([]);
  });

  test('a removed operation, response or response field breaks', () => {
    expect(change((d) => delete any(d.paths)['/api/v1/posts'].get)).toEqual([
      'GET /api/v1/posts: operation removed',
    ]);
    expect(change((d) => delete any(d.components).schemas.Post.properties.status)).toContain(
      'POST /api/v1/posts → 201.status: field removed',
    );
    expect(change((d) => (any(d.components).schemas.Post.required = ['id']))).toContain(
      'webhook post.created body.status: may now be absent',
    );
    expect(change((d) => (any(d.components).schemas.Post.properties.id.type = ['string', 'null']))).toContain(
      'POST /api/v1/posts → 201.id: type "string" became ["string","null"]',
    );
  });

  test('a renamed operationId breaks (generated clients name their methods after it)', () => {
    expect(change((d) => (any(d.paths)['/api/v1/posts'].get.operationId = 'getPosts'))).toEqual([
      'GET /api/v1/posts: operationId listPosts renamed to getPosts',
    ]);
  });

  test('a narrowed input or a new required input breaks', () => {
    expect(change((d) => any(d.paths)['/api/v1/posts'].get.parameters[0].schema.enum.pop())).toEqual([
      'GET /api/v1/posts query parameter kind: enum narrowed (no longer accepts ["offer"])',
    ]);
    expect(change((d) => (any(d.paths)['/api/v1/posts'].get.parameters[1].schema.maximum = 20))).toEqual([
      'GET /api/v1/posts query parameter limit: maximum 50 → 20',
    ]);
    expect(
      change((d) =>
        any(d.paths)['/api/v1/posts'].get.parameters.push({ name: 'region', in: 'query', required: true }),
      ),
    ).toEqual(['GET /api/v1/posts query parameter region: new required parameter']);
    expect(
      change((d) =>
        any(d.paths)['/api/v1/posts'].post.requestBody.content['application/json'].schema.required.push(
          'note',
        ),
      ),
    ).toEqual(['POST /api/v1/posts body.note: new required input']);
  });
});
