import fc from 'fast-check';

// Malformed requests for every route, derived from the OpenAPI document the server generates from
// its Zod schemas: a well-formed skeleton per route (so that a request gets past the first check and
// reaches deeper code), then one thing broken at a time. Issue 17's fuzz suite.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface Operation {
  method: string;
  path: string;
  params: { name: string; in: 'path' | 'query' | 'header'; schema: JsonSchema }[];
  body?: JsonSchema;
}

export interface FuzzRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
  /** What was broken, for the failure message. */
  what: string;
}

interface OpenApiDoc {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: { name: string; in: string; schema?: JsonSchema }[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
      }
    >
  >;
}

export function operationsOf(doc: OpenApiDoc): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? [])
          .filter((p) => p.in === 'path' || p.in === 'query' || p.in === 'header')
          .map((p) => ({ name: p.name, in: p.in as 'path', schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
      });
    }
  }
  return ops;
}

// Values the patterns in our schemas accept, so that the skeleton is valid where it can be.
const BY_PATTERN: [RegExp, string][] = [
  [/1\[3-9\]/, '13800000000'],
  [/\\d\{6\}/, '440305'],
  [/0-9a-f\]\{8\}\$/, '0000abcd'],
  [/https\?/, 'https://example.org'],
  [/A-Za-z0-9_.:-/, 'fuzz-key-0001'],
];

/** A value the schema accepts, as far as a simple reading of it allows. */
export function sample(s: JsonSchema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return null;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  if (s.default !== undefined) return s.default;
  const alt = s.anyOf ?? s.oneOf;
  if (alt) return sample(alt.find((a) => a.type !== 'null') ?? alt[0], depth + 1);
  if (s.allOf?.length) return sample(s.allOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type.find((x) => x !== 'null') : s.type;
  switch (type) {
    case 'string': {
      if (s.format === 'uuid') return '00000000-0000-4000-8000-000000000001';
      if (s.format === 'date') return '2031-01-01';
      if (s.format === 'date-time') return '2031-01-01T00:00:00.000Z';
      if (s.format === 'uri') return 'https://example.org/hook';
      const known = s.pattern && BY_PATTERN.find(([p]) => p.test(s.pattern as string));
      if (known) return known[1];
      return 'ab'.repeat(Math.max(1, Math.ceil((s.minLength ?? 1) / 2))).slice(0, s.maxLength ?? 100);
    }
    case 'integer':
    case 'number':
      return s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : 1);
    case 'boolean':
      return true;
    case 'array':
      return Array.from({ length: Math.max(1, s.minItems ?? 1) }, () => sample(s.items, depth + 1));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    default:
      return null;
  }
}

const deep = (n: number) => `${'['.repeat(n)}1${']'.repeat(n)}`;

/** Broken values for one field: wrong types, boundary numbers, hostile text, structure. */
export const badValue = fc.constantFrom<unknown>(
  null,
  true,
  -1,
  0,
  -0,
  1.5,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  1e308,
  -1e308,
  '',
  ' ',
  'NaN',
  'Infinity',
  '1e309',
  '-1',
  'a\u0000b',
  '\u0000',
  'x\u0007\u001b[2J',
  '\u0085',
  '\ud800',
  'tail \udfff',
  '\ud83d\ude00'.repeat(50),
  'x'.repeat(5000),
  '__proto__',
  '00000000-0000-4000-8000-000000000000',
  '2031-02-30',
  '9999-12-31T23:59:59Z',
  [],
  [null],
  {},
  { __proto__: null, constructor: { prototype: { polluted: true } } },
  Array.from({ length: 200 }, (_, i) => i),
);

/** Raw JSON texts no serializer would write: literals, prototype keys, nesting, duplicates. */
const rawBodies = (skeleton: string) => [
  'NaN',
  '{"a":Infinity}',
  skeleton.replace(/:(\d+)/, ':NaN'),
  skeleton.replace(/^\{/, '{"__proto__":{"polluted":true},'),
  skeleton.replace(/^\{/, '{"constructor":{"prototype":{"polluted":true}},'),
  `{"x":${deep(3000)}}`,
  `${skeleton.slice(0, -1)},${skeleton.slice(1)}`,
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '"just a string"',
  '[]',
  '',
  '{',
  skeleton.slice(0, Math.floor(skeleton.length / 2)),
];

type Path = (string | number)[];
const pathsIn = (v: unknown, prefix: Path = [], out: Path[] = []): Path[] => {
  if (prefix.length) out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => pathsIn(x, [...prefix, i], out));
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) pathsIn(x, [...prefix, k], out);
  return out;
};
const setAt = (root: unknown, path: Path, value: unknown): unknown => {
  const copy = structuredClone(root) as Record<string | number, unknown>;
  let cur = copy;
  for (const key of path.slice(0, -1)) cur = cur[key] as Record<string | number, unknown>;
  cur[path.at(-1) as string] = value;
  return copy;
};

const QUERY_VALUES = [
  '',
  '%00',
  'a%00b',
  '%07%1B',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e309',
  '-1',
  '0',
  '9007199254740993',
  '%ED%A0%80',
  '%E0%A4%A',
  '%',
  'x'.repeat(3000),
  '__proto__',
  '22.5,113.9,1',
  '91,181',
  'NaN,NaN',
];
const PATH_VALUES = [
  'not-a-uuid',
  '%00',
  '..%2F..%2Fetc',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(400),
  '-1',
  '1e309',
  '%ED%A0%80',
  '__proto__',
];

const fillPath = (op: Operation, override?: { name: string; value: string }) =>
  op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (override?.name === name) return override.value;
    const p = op.params.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(String(sample(p?.schema)));
  });
const validQuery = (op: Operation) =>
  op.params
    .filter((p) => p.in === 'query')
    .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema)))}`);

/** An arbitrary malformed request for one operation. */
export function malformedRequest(op: Operation, auth: Record<string, string>): fc.Arbitrary<FuzzRequest> {
  const skeleton = op.body ? sample(op.body) : undefined;
  const skeletonText = JSON.stringify(skeleton ?? {});
  const json = { ...auth, 'content-type': 'application/json' };
  const base = (url: string, what: string, extra: Partial<FuzzRequest> = {}): FuzzRequest => ({
    method: op.method,
    url,
    headers: op.body ? json : auth,
    payload: op.body ? skeletonText : undefined,
    what,
    ...extra,
  });
  const withQuery = (q: string[]) => `${fillPath(op)}${q.length ? `?${q.join('&')}` : ''}`;
  const cases: fc.Arbitrary<FuzzRequest>[] = [];

  const queryNames = op.params.filter((p) => p.in === 'query').map((p) => p.name);
  cases.push(
    fc
      .tuple(
        fc.constantFrom(...queryNames, '__proto__', 'constructor[prototype][x]', 'unknown'),
        fc.constantFrom(...QUERY_VALUES),
        fc.boolean(),
      )
      .map(([name, value, twice]) => {
        const q = [...validQuery(op).filter((p) => !p.startsWith(`${name}=`)), `${name}=${value}`];
        if (twice) q.push(`${name}=${value}2`);
        return base(withQuery(q), `query ${name}=${value.slice(0, 20)}${twice ? ' (twice)' : ''}`);
      }),
  );
  const pathNames = op.params.filter((p) => p.in === 'path').map((p) => p.name);
  if (pathNames.length) {
    cases.push(
      fc
        .tuple(fc.constantFrom(...pathNames), fc.constantFrom(...PATH_VALUES))
        .map(([name, value]) =>
          base(`${fillPath(op, { name, value })}`, `path ${name}=${value.slice(0, 20)}`),
        ),
    );
  }
  if (op.body) {
    const paths = pathsIn(skeleton);
    if (paths.length) {
      cases.push(
        fc.tuple(fc.constantFrom(...paths), badValue).map(([path, value]) =>
          base(withQuery(validQuery(op)), `body ${path.join('.')} = ${JSON.stringify(value)?.slice(0, 30)}`, {
            payload: JSON.stringify(setAt(skeleton, path, value)),
          }),
        ),
      );
    }
    cases.push(
      badValue.map((value) =>
        base(withQuery(validQuery(op)), `whole body = ${JSON.stringify(value)?.slice(0, 30)}`, {
          payload: JSON.stringify(value) ?? 'null',
        }),
      ),
      fc
        .constantFrom(...rawBodies(skeletonText))
        .map((text) => base(withQuery(validQuery(op)), `raw body ${text.slice(0, 30)}`, { payload: text })),
    );
  }
  cases.push(
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/json; charset=latin1',
        'application/jsonx',
        '',
      )
      .map((type) =>
        base(withQuery(validQuery(op)), `content-type ${type || '(none)'}`, {
          headers: { ...auth, ...(type ? { 'content-type': type } : {}) },
          payload: op.body ? skeletonText : 'a=1',
        }),
      ),
  );
  return fc.oneof(...cases);
}

/** A JSON body just over 1 MB: refused by size, never parsed. */
export const hugeBody = () => JSON.stringify({ note: 'x'.repeat(1_100_000) });
