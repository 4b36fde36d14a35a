import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';

// Backups of either store. PostgreSQL: pg_dump's custom format, restored with pg_restore into an
// empty database. PGlite: its own dump of the data folder (a gzipped tar), restored into an empty
// folder. Both hold phone numbers encrypted; the keys (DATA_DIR/keys.json or PHONE_ENC_KEY/HASH_KEY)
// are backed up separately, because a backup with its key beside it is a leak waiting to happen.

/** The connection as PG* variables, so that a password never shows in the process list. */
const pgEnv = (url: string): NodeJS.ProcessEnv => {
  const u = new URL(url);
  return {
    ...process.env,
    PGHOST: u.hostname,
    PGPORT: u.port || '5432',
    PGUSER: decodeURIComponent(u.username) || process.env.PGUSER,
    PGPASSWORD: decodeURIComponent(u.password) || process.env.PGPASSWORD,
    PGDATABASE: decodeURIComponent(u.pathname.slice(1)),
  };
};

const run = (command: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited ${code}: ${stderr.trim().slice(0, 500)}`)),
    );
  });

export const backupPostgres = (url: string, file: string) =>
  run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${file}`], pgEnv(url));

/** Into an empty database (create it first); one transaction, so a failed restore leaves it empty. */
export const restorePostgres = (url: string, file: string) =>
  run(
    'pg_restore',
    [
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${pgEnv(url).PGDATABASE}`,
      file,
    ],
    pgEnv(url),
  );

export async function backupPglite(client: PGlite, file: string): Promise<void> {
  const dump = await client.dumpDataDir('gzip');
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
}

/** Into a data folder that does not exist yet or is empty: never over a live store. */
export async function restorePglite(file: string, dataDir: string): Promise<void> {
  if (existsSync(dataDir) && readdirSync(dataDir).length) {
    throw new Error(`${dataDir} is not empty: restore into a new folder, then point DATA_DIR at it`);
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const client = new PGlite(dataDir, { loadDataDir: new Blob([await readFile(file)]) });
  await client.waitReady;
  await client.close();
}
