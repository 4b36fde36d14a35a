import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@medrelay/contracts';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';
import { breakingChanges, majorOf, type OpenApiDoc } from './compatibility.ts';
import { SERVICE_ERRORS } from './error-responses.ts';

type Operation = {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { headers?: Record<string, unknown>; content?: Record<string, unknown> }>;
};
type Doc = {
  info: { version: string; license?: { name: string } };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

let t: TestApp;
let doc: Doc;
const operations: { method: string; path: string; op: Operation }[] = [];
beforeAll(async () => {
  t = await testApp();
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) operations.push({ method, path, op });
  }
});
afterAll(() => t.close());

// Issue 19: what a partner's tools need from the document. A new route without an operationId, a
// summary or a security requirement fails here before it ships.
describe('the OpenAPI document', () => {
  test('every operation has a readable operationId of its own, a summary and a security requirement', () => {
    expect(operations.length).toBeGreaterThan(50);
    const missing = operations.filter(({ op }) => !op.operationId).map((o) => `${o.method} ${o.path}`);
    expect(missing, 'operations without operationId').toEqual([]);
    const ids = operations.map(({ op }) => op.operationId as string);
    const twice = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(twice, 'operationIds used twice').toEqual([]);
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      expect(op.operationId, where).toMatch(/^[a-z][A-Za-z0-9]{2,60}$/);
      expect(op.summary?.trim(), where).toBeTruthy();
      expect(Array.isArray(op.security), `${where} states its security`).toBe(true);
      for (const requirement of op.security ?? []) {
        for (const scheme of Object.keys(requirement)) {
          expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
        }
      }
    }
  });

  test('the extra error codes are listed for operations that exist', () => {
    const ids = new Set(operations.map(({ op }) => op.operationId));
    expect(Object.keys(SERVICE_ERRORS).filter((id) => !ids.has(id))).toEqual([]);
  });

  test('one Error schema whose code enum is the contracts list; every operation documents its errors', () => {
    const error = doc.components.schemas.Error as {
      properties: { error: { properties: { code: { enum: string[] } } } };
    };
    expect(error.properties.error.properties.code.enum).toEqual([...ERROR_CODES]);
    for (const { method, path, op } of operations) {
      const where = `${method} ${path}`;
      for (const status of ['429', '500', '503']) expect(op.responses, where).toHaveProperty(status);
      expect(op.responses['429']?.headers, where).toHaveProperty('Retry-After');
      if (path.includes('{')) expect(op.responses, where).toHaveProperty('404');
      if (
        op.security?.some((r) => Object.keys(r).length) &&
        !op.security.some((r) => !Object.keys(r).length)
      ) {
        expect(op.responses, where).toHaveProperty('401');
      }
    }
    expect(doc.paths['/api/v1/posts']?.post?.responses).toHaveProperty('409');
    expect(doc.paths['/api/v1/posts']?.post?.responses).toHaveProperty('422');
    expect(doc.info.license?.name).toBeTruthy();
  });

  test('real error answers match the documented Error schema', async () => {
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(doc.components.schemas.Error as object);
    const answers = [
      await t.app.inject({ method: 'GET', url: '/api/v1/posts/00000000-0000-4000-8000-000000000000' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/posts?radiusKm=-1' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/me' }),
      await t.app.inject({ method: 'GET', url: '/api/partner/v1/posts' }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([404, 400, 401, 401]);
    for (const a of answers) expect(validate(a.json()), JSON.stringify(validate.errors)).toBe(true);
  });
});

// The last released document; `npm run api:release` replaces it when a version is released.
const RELEASED = new URL('../../../../../docs/api/openapi.v1.json', import.meta.url);

describe('versioning', () => {
  test('the live document is compatible with the last released one, unless the major version is raised', () => {
    const released = JSON.parse(readFileSync(RELEASED, 'utf8')) as OpenApiDoc;
    const live = doc as unknown as OpenApiDoc;
    if (majorOf(live.info.version) > majorOf(released.info.version)) return;
    expect(majorOf(live.info.version), 'the major version never goes down').toBe(
      majorOf(released.info.version),
    );
    const breaking = breakingChanges(released, live);
    expect(
      breaking,
      'Breaking changes to the API. Make them compatible (add, do not change or remove), or raise the ' +
        'major version in platform/openapi/document.ts and record it in docs/api-changelog.md',
    ).toEqual([]);
  });
});
