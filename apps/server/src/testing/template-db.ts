import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { readCatalog, syncCatalog } from '../modules/catalog/index.ts';
import { migrate, openPostgres, pgliteStore, type Store } from '../platform/db/index.ts';

// PGlite needs 5–7 s for initdb but well under a second to load a dumped data directory, and
// PostgreSQL copies a template database in milliseconds: so the suite migrates one template per run
// and every test app gets a fresh database made from it.

export interface TemplateRef {
  kind: 'pglite' | 'postgres';
  /** PGlite: path of the dumped data dir; PostgreSQL: name of the template database. */
  ref: string;
  url?: string;
}

async function prepare(store: Store) {
  await migrate(store);
  await syncCatalog(store.db, readCatalog());
}

const withDatabase = (url: string, name: string) => {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
};

export async function createTemplate(testDatabaseUrl?: string): Promise<TemplateRef> {
  if (testDatabaseUrl) {
    const name = `medrelay_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: testDatabaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const store = await openPostgres(withDatabase(testDatabaseUrl, name), 1);
    await prepare(store);
    await store.close();
    return { kind: 'postgres', ref: name, url: testDatabaseUrl };
  }
  const client = new PGlite();
  await prepare(pgliteStore(client));
  const dump = await client.dumpDataDir('none');
  const file = path.join(os.tmpdir(), `medrelay-template-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  await client.close();
  return { kind: 'pglite', ref: file };
}

export async function dropTemplate(t: TemplateRef): Promise<void> {
  if (t.kind !== 'postgres' || !t.url) return;
  const admin = new pg.Client({ connectionString: t.url });
  await admin.connect();
  const leftovers = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE 'medrelay_t\\_%' AND datname LIKE $1`,
    [`%_${process.pid}_%`],
  );
  for (const { datname } of leftovers.rows)
    await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  await admin.query(`DROP DATABASE IF EXISTS ${t.ref} WITH (FORCE)`);
  await admin.end();
}

/** A fresh, migrated database for one test app. */
export async function freshStore(t: TemplateRef): Promise<Store> {
  if (t.kind === 'pglite') {
    const data = await readFile(t.ref);
    const client = new PGlite({ loadDataDir: new Blob([data]) });
    await client.waitReady;
    return pgliteStore(client);
  }
  const url = t.url as string;
  const templatePid = t.ref.split('_').at(-1);
  const name = `medrelay_t_${templatePid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${t.ref}`);
  await admin.end();
  const store = await openPostgres(withDatabase(url, name), 4);
  return {
    ...store,
    async close() {
      await store.close();
      const again = new pg.Client({ connectionString: url });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}
