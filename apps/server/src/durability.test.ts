import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { checkCharacter } from './platform/id-number.ts';

// "Nothing lost": a write the API acknowledged survives the process being killed (SIGKILL, no
// shutdown hook) — on the embedded store as on PostgreSQL.
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

async function start(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
    env: {
      ...process.env,
      ...env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      WEB_DIST: '/nonexistent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1] as string);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${out}`)));
  });
  return { url, child };
}

const kill = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

test('an acknowledged post survives SIGKILL of the server', async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'medrelay-durable-'));
  const env: Record<string, string> = { DATA_DIR: dataDir };
  if (process.env.TEST_DATABASE_URL) {
    const pg = (await import('pg')).default;
    const name = `medrelay_durable_${process.pid}`;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(process.env.TEST_DATABASE_URL);
    u.pathname = `/${name}`;
    Object.assign(env, {
      DATABASE_URL: u.toString(),
      PHONE_ENC_KEY: Buffer.alloc(32, 7).toString('base64'),
      HASH_KEY: Buffer.alloc(32, 9).toString('base64'),
    });
  }
  let server = await start(env);
  const phone = '13712340000';
  const call = async (method: string, p: string, body?: unknown, cookie?: string) => {
    const res = await fetch(`${server.url}${p}`, {
      method,
      headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return {
      status: res.status,
      json: await res.json(),
      cookie: res.headers.get('set-cookie')?.split(';')[0],
    };
  };
  await call('POST', '/api/v1/auth/sms', { phone });
  const lines = readFileSync(path.join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n');
  const code = (JSON.parse(lines.at(-1) as string) as { code: string }).code;
  const login = await call('POST', '/api/v1/auth/login', { phone, code });
  const cookie = login.cookie as string;
  const first17 = '44030519850615321';
  await call(
    'POST',
    '/api/v1/me/verification',
    { name: '测试居民', idNumber: first17 + checkCharacter(first17) },
    cookie,
  );
  const created = await call(
    'POST',
    '/api/v1/posts',
    {
      kind: 'need',
      items: [{ medicineId: 'ibuprofen-tablet', quantity: 4 }],
      location: { lat: 22.5329, lng: 113.9305 },
      consent: true,
    },
    cookie,
  );
  expect(created.status).toBe(201);

  await kill(server.child); // no graceful shutdown, no flush
  server = await start(env);
  const again = await call('GET', `/api/v1/posts/${created.json.id}`);
  expect(again.status).toBe(200);
  expect(again.json).toMatchObject({ id: created.json.id, status: 'open' });
  await kill(server.child);
  if (env.DATABASE_URL && process.env.TEST_DATABASE_URL) {
    const pg = (await import('pg')).default;
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${new URL(env.DATABASE_URL).pathname.slice(1)} WITH (FORCE)`);
    await admin.end();
  }
}, 180_000);
