/**
 * Breaking changes between the last released OpenAPI document (docs/api/openapi.v1.json) and the
 * live one. Compatible within a major version means a client generated from the released document
 * keeps working: no operation, operationId, path parameter or success response disappears or is renamed; no response field it
 * reads disappears, becomes optional or changes type (webhook payloads count as responses); no input
 * it sends becomes invalid (a narrowed type, enum, length or range; a new required parameter, body
 * or field; an open object closed). Additions are compatible; so are new enum values in responses
 * (clients are told to tolerate unknown codes and statuses, see docs/api-changelog.md).
 */

type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  minItems?: number;
  maxItems?: number;
  pattern?: string;
  format?: string;
};
type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};
export type OpenApiDoc = {
  info: { version: string };
  paths?: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const types = (s: Schema) => (s.type === undefined ? undefined : [s.type].flat());
const json = (v: unknown) => JSON.stringify(v);

export function breakingChanges(released: OpenApiDoc, live: OpenApiDoc): string[] {
  const found: string[] = [];
  const resolver =
    (doc: OpenApiDoc) =>
    (s: Schema | undefined, seen = 0): Schema | undefined => {
      if (!s?.$ref || seen > 20) return s;
      const name = s.$ref.replace('#/components/schemas/', '');
      return resolver(doc)(doc.components?.schemas?.[name], seen + 1);
    };
  const oldOf = resolver(released);
  const newOf = resolver(live);

  /** A response (or webhook payload) the client reads: nothing it relies on may go. */
  function output(a0: Schema | undefined, b0: Schema | undefined, at: string, depth = 0): void {
    const a = oldOf(a0);
    const b = newOf(b0);
    if (!a || depth > 12) return;
    if (!b) return void found.push(`${at}: response schema removed`);
    const ta = types(a);
    const tb = types(b);
    if (ta && (!tb || tb.some((t) => !ta.includes(t)))) {
      found.push(`${at}: type ${json(a.type)} became ${json(b.type)}`);
      return;
    }
    if (a.const !== undefined && b.const !== a.const) found.push(`${at}: constant ${json(a.const)} changed`);
    for (const [name, prop] of Object.entries(a.properties ?? {})) {
      const where = `${at}.${name}`;
      if (!b.properties?.[name]) {
        found.push(`${where}: field removed`);
        continue;
      }
      if (a.required?.includes(name) && !b.required?.includes(name))
        found.push(`${where}: may now be absent`);
      output(prop, b.properties[name], where, depth + 1);
    }
    if (a.items) output(a.items, b.items, `${at}[]`, depth + 1);
    const alts = (s: Schema) => s.anyOf ?? s.oneOf;
    const [aa, ba] = [alts(a), alts(b)];
    if (aa && ba && aa.length === ba.length) aa.forEach((s, i) => output(s, ba[i], `${at}|${i}`, depth + 1));
  }

  /** An input the client sends: whatever was valid must stay valid. */
  function input(a0: Schema | undefined, b0: Schema | undefined, at: string, depth = 0): void {
    const a = oldOf(a0);
    const b = newOf(b0);
    if (!b || depth > 12) return;
    if (!a) return void found.push(`${at}: input now constrained`);
    const ta = types(a);
    const tb = types(b);
    if (tb && (!ta || ta.some((t) => !tb.includes(t) && !(t === 'integer' && tb.includes('number'))))) {
      found.push(`${at}: type ${json(a.type)} narrowed to ${json(b.type)}`);
      return;
    }
    if (b.enum && (!a.enum || a.enum.some((v) => !b.enum?.includes(v)))) {
      const lost = a.enum ? a.enum.filter((v) => !b.enum?.includes(v)) : 'any value';
      found.push(`${at}: enum narrowed (no longer accepts ${json(lost)})`);
    }
    if (b.const !== undefined && a.const !== b.const) found.push(`${at}: now only ${json(b.const)}`);
    const tighter = (k: keyof Schema, lower: boolean) => {
      const [x, y] = [a[k] as number | undefined, b[k] as number | undefined];
      if (y !== undefined && (x === undefined || (lower ? y > x : y < x))) {
        found.push(`${at}: ${k} ${x ?? 'none'} → ${y}`);
      }
    };
    for (const k of ['minLength', 'minimum', 'exclusiveMinimum', 'minItems'] as const) tighter(k, true);
    for (const k of ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems'] as const) tighter(k, false);
    if (b.pattern && b.pattern !== a.pattern) found.push(`${at}: pattern changed to ${b.pattern}`);
    if (b.format && b.format !== a.format) found.push(`${at}: format ${b.format} now required`);
    for (const name of b.required ?? []) {
      if (!a.required?.includes(name)) found.push(`${at}.${name}: new required input`);
    }
    if (b.additionalProperties === false && a.additionalProperties !== false) {
      found.push(`${at}: unknown fields now refused`);
    }
    for (const [name, prop] of Object.entries(a.properties ?? {})) {
      const where = `${at}.${name}`;
      if (!b.properties?.[name]) {
        if (b.additionalProperties === false) found.push(`${where}: input no longer accepted`);
        continue;
      }
      input(prop, b.properties[name], where, depth + 1);
    }
    if (a.items || b.items) input(a.items ?? {}, b.items, `${at}[]`, depth + 1);
    const [aa, ba] = [a.anyOf ?? a.oneOf, b.anyOf ?? b.oneOf];
    if (ba && (!aa || ba.length < aa.length)) found.push(`${at}: fewer alternatives accepted`);
    else if (aa && ba) aa.forEach((s, i) => input(s, ba[i], `${at}|${i}`, depth + 1));
  }

  function operation(a: Operation, b: Operation | undefined, at: string, reads: boolean) {
    if (!b) return void found.push(`${at}: operation removed`);
    // Generated clients name their methods after it (listPosts(), revealContact()).
    if (a.operationId && b.operationId !== a.operationId) {
      found.push(`${at}: operationId ${a.operationId} renamed to ${b.operationId ?? 'nothing'}`);
    }
    const key = (p: Parameter) => `${p.in}:${p.name}`;
    const before = new Map((a.parameters ?? []).map((p) => [key(p), p]));
    for (const p of b.parameters ?? []) {
      const old = before.get(key(p));
      const where = `${at} ${p.in} parameter ${p.name}`;
      if (!old) {
        if (p.required) found.push(`${where}: new required parameter`);
        continue;
      }
      if (p.required && !old.required) found.push(`${where}: now required`);
      (reads ? output : input)(old.schema, p.schema, where);
    }
    for (const p of a.parameters ?? []) {
      if (p.in === 'path' && !b.parameters?.some((q) => key(q) === key(p))) {
        found.push(`${at} path parameter ${p.name}: removed`);
      }
    }
    const bodyOf = (o: Operation) => o.requestBody?.content?.['application/json']?.schema;
    if (b.requestBody?.required && !a.requestBody?.required) found.push(`${at}: request body now required`);
    // A body where there was none is a break only when required (said above).
    if (bodyOf(a)) (reads ? output : input)(bodyOf(a), bodyOf(b), `${at} body`);
    for (const [status, res] of Object.entries(a.responses ?? {})) {
      if (!status.startsWith('2')) continue;
      const now = b.responses?.[status];
      if (!now) {
        found.push(`${at}: response ${status} removed`);
        continue;
      }
      const schema = res.content?.['application/json']?.schema;
      if (schema) output(schema, now.content?.['application/json']?.schema, `${at} → ${status}`);
    }
  }

  for (const [path, item] of Object.entries(released.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) operation(op, live.paths?.[path]?.[method], `${method.toUpperCase()} ${path}`, false);
    }
  }
  // A webhook is the other way round: MedRelay sends the body, the partner reads it.
  for (const [topic, item] of Object.entries(released.webhooks ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (op) operation(op, live.webhooks?.[topic]?.[method], `webhook ${topic}`, true);
    }
  }
  return found;
}

export const majorOf = (version: string) => Number(version.split('.')[0]);
