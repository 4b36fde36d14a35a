import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { buildApp } from '../app.ts';
import { createCatalog, readCatalog } from '../modules/catalog/index.ts';
import { rulesEngine } from '../modules/moderation/index.ts';
import { createRegions } from '../modules/regions/index.ts';
import { systemClock } from '../platform/clock.ts';
import { migrate, pgliteStore } from '../platform/db/index.ts';
import { FormatVerifier } from '../platform/format-verifier.ts';
import { PersonalData } from '../platform/personal-data.ts';
import { ConsoleSmsProvider } from '../platform/sms.ts';

/**
 * The OpenAPI document as the server serves it at /openapi.json, built in-process on a throw-away
 * in-memory database (no port, no data folder): for the API lint, the released-document snapshot and
 * the static reference.
 */
export async function openApiDocument(): Promise<Record<string, unknown>> {
  const client = new PGlite();
  const store = pgliteStore(client);
  await migrate(store);
  const { app } = await buildApp({
    store,
    clock: systemClock,
    sms: new ConsoleSmsProvider(path.join(os.tmpdir(), 'medrelay-openapi-sms.jsonl')),
    personal: new PersonalData({ encKeyId: 'doc', encKey: randomBytes(32), hashKey: randomBytes(32) }),
    catalog: createCatalog(readCatalog()),
    regions: createRegions(),
    logger: false,
    statsMinCount: 5,
    verifier: new FormatVerifier(),
    rulesEngine,
  });
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  await app.close();
  await store.close();
  if (res.statusCode !== 200) throw new Error(`/openapi.json answered ${res.statusCode}`);
  return res.json();
}

// `tsx apps/server/src/cli/openapi-document.ts <file>` writes the document (stdout without a file).
if (import.meta.url === `file://${process.argv[1]}`) {
  const doc = `${JSON.stringify(await openApiDocument(), null, 2)}\n`;
  const out = process.argv[2];
  if (out) writeFileSync(out, doc);
  else process.stdout.write(doc);
}
