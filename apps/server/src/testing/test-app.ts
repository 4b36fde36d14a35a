import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CreatePostBody, PostView } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { inject } from 'vitest';
import { type AppDeps, buildApp } from '../app.ts';
import { createCatalog, readCatalog } from '../modules/catalog/index.ts';
import { rulesEngine } from '../modules/moderation/index.ts';
import { createRegions } from '../modules/regions/index.ts';
import { ManualClock } from '../platform/clock.ts';
import type { Store } from '../platform/db/index.ts';
import { FormatVerifier } from '../platform/format-verifier.ts';
import { checkCharacter } from '../platform/id-number.ts';
import { PersonalData } from '../platform/personal-data.ts';
import { ConsoleSmsProvider } from '../platform/sms.ts';
import { freshStore } from './template-db.ts';

let reference:
  | { catalog: ReturnType<typeof createCatalog>; regions: ReturnType<typeof createRegions> }
  | undefined;
const referenceData = () => {
  reference ??= { catalog: createCatalog(readCatalog()), regions: createRegions() };
  return reference;
};

/** 深圳南山 (Nanshan, Shenzhen), WGS-84: the default spot for test posts. */
export const NANSHAN = { lat: 22.5329, lng: 113.9305 };

export interface Client {
  phone: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
  put(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  del(url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  createPost(body: Partial<CreatePostBody> & Pick<CreatePostBody, 'kind'>): Promise<PostView>;
  createNeed(opts?: {
    medicineId?: string;
    quantity?: number;
    at?: { lat: number; lng: number };
  }): Promise<PostView>;
  createOffer(opts?: {
    medicineId?: string;
    quantity?: number;
    at?: { lat: number; lng: number };
  }): Promise<PostView>;
}

export interface TestApp {
  app: FastifyInstance;
  store: Store;
  clock: ManualClock;
  outboxFile: string;
  posts: Awaited<ReturnType<typeof buildApp>>['posts'];
  accounts: Awaited<ReturnType<typeof buildApp>>['accounts'];
  privacy: Awaited<ReturnType<typeof buildApp>>['privacy'];
  webhooks: Awaited<ReturnType<typeof buildApp>>['webhooks'];
  demandSpikes: Awaited<ReturnType<typeof buildApp>>['demandSpikes'];
  /** The reach consumer (matches, alerts, owners' notices, live square) and notification delivery. */
  reach: Awaited<ReturnType<typeof buildApp>>['reach'];
  deliveries: Awaited<ReturnType<typeof buildApp>>['deliveries'];
  notifications: Awaited<ReturnType<typeof buildApp>>['notifications'];
  /** The square's index, built, with `deps: { squareIndex: true }`. */
  squareIndex: Awaited<ReturnType<typeof buildApp>>['squareIndex'];
  /** Another server process on the same database (a restart, or a second instance). */
  anotherApp(overrides?: Partial<AppDeps>): Promise<Awaited<ReturnType<typeof buildApp>>>;
  /** Gives an existing account a role straight in the database (the CLI's job in production). */
  setRole(client: Client, role: 'moderator' | 'admin'): Promise<void>;
  /** The last one-time code the console SMS provider wrote for a phone. */
  lastCode(phone: string): string;
  as: {
    /** A logged-in resident, real-name verified unless `verified: false`. */
    resident(opts?: { phone?: string; verified?: boolean; ip?: string }): Promise<Client>;
    anonymous(ip?: string): Client;
  };
  /** A well-formed resident ID number (GB 11643 check character), new on every call. */
  newIdNumber(birth?: string): string;
  close(): Promise<void>;
}

let ipCounter = 0;
// Each test client gets its own address, as real residents would, so per-IP limits apply per client.
const nextIp = () =>
  `10.${process.pid % 250}.${Math.floor(++ipCounter / 250) % 250}.${(ipCounter % 250) + 1}`;

let idCounter = 0;
function newIdNumber(birth = '1985-06-15'): string {
  const seq = String(++idCounter % 1000).padStart(3, '0');
  // The day of the month varies too, so that more than 1,000 numbers per run stay distinct.
  const day = String((Math.floor(idCounter / 1000) % 28) + 1).padStart(2, '0');
  const first17 = `440305${birth.slice(0, 4)}${birth.slice(5, 7)}${day}${seq}`;
  return first17 + checkCharacter(first17);
}

let phoneCounter = 0;
const freshPhone = () =>
  `139${String(process.pid % 10000).padStart(4, '0')}${String(++phoneCounter % 10000).padStart(4, '0')}`;

export async function testApp(
  opts: { logger?: FastifyInstance['log']; deps?: Partial<AppDeps> } = {},
): Promise<TestApp> {
  const store = await freshStore(inject('dbTemplate'));
  const clock = new ManualClock(new Date());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'medrelay-test-'));
  const outboxFile = path.join(dir, 'sms-outbox.jsonl');
  const personal = new PersonalData({
    encKeyId: 'test',
    encKey: randomBytes(32),
    hashKey: randomBytes(32),
  });
  const deps: AppDeps = {
    store,
    clock,
    sms: new ConsoleSmsProvider(outboxFile),
    personal,
    ...referenceData(),
    logger: opts.logger ?? false,
    statsMinCount: 1,
    statsCacheMs: 0,
    verifier: new FormatVerifier(),
    rulesEngine,
    rateLimitFactor: 1000,
    // Most tests post a lot; the quota tests set the real limits.
    quotas: { openPerKind: 1000, newPerDay: 1000, sameMedicineHours: 0 },
    ...opts.deps,
  };
  const built = await buildApp(deps);
  await built.squareIndex?.build();
  const { app, posts, accounts, privacy } = built;

  const lastCode = (phone: string) => {
    const lines = readFileSync(outboxFile, 'utf8').trim().split('\n');
    const mine = lines
      .map((l) => JSON.parse(l) as { to: string; code: string })
      // SMS notices share the outbox and carry no code.
      .filter((m) => m.to === phone && m.code);
    const last = mine.at(-1);
    if (!last) throw new Error(`no SMS was sent to ${phone}`);
    return last.code;
  };

  const client = (cookie?: string, phone = '', ip = nextIp()): Client => {
    const send = (o: InjectOptions) =>
      app.inject({
        remoteAddress: ip,
        ...o,
        headers: { ...(cookie ? { cookie } : {}), ...(o.headers ?? {}) },
      });
    const c: Client = {
      phone,
      get: (url) => send({ method: 'GET', url }),
      post: (url, payload, headers) => send({ method: 'POST', url, payload: payload as object, headers }),
      put: (url, payload) => send({ method: 'PUT', url, payload: payload as object }),
      patch: (url, payload) => send({ method: 'PATCH', url, payload: payload as object }),
      del: (url, payload) => send({ method: 'DELETE', url, payload: payload as object }),
      async createPost(body) {
        const res = await c.post('/api/v1/posts', { location: NANSHAN, items: [], consent: true, ...body });
        if (res.statusCode !== 201) throw new Error(`createPost ${res.statusCode}: ${res.body}`);
        return res.json() as PostView;
      },
      createNeed: (o = {}) =>
        c.createPost({
          kind: 'need',
          location: o.at ?? NANSHAN,
          items: [{ medicineId: o.medicineId ?? 'ibuprofen-tablet', quantity: o.quantity ?? 4 }],
        }),
      createOffer: (o = {}) =>
        c.createPost({
          kind: 'offer',
          location: o.at ?? NANSHAN,
          items: [
            {
              medicineId: o.medicineId ?? 'antigen-test-single',
              quantity: o.quantity ?? 2,
              expiresOn: new Date(clock.now().getTime() + 300 * 86_400_000).toISOString().slice(0, 10),
              unopened: true,
            },
          ],
        }),
    };
    return c;
  };

  return {
    app,
    store,
    clock,
    outboxFile,
    posts,
    accounts,
    privacy,
    webhooks: built.webhooks,
    demandSpikes: built.demandSpikes,
    reach: built.reach,
    deliveries: built.deliveries,
    notifications: built.notifications,
    squareIndex: built.squareIndex,
    anotherApp: (overrides = {}) => buildApp({ ...deps, ...overrides }),
    async setRole(client, role) {
      const me = (await client.get('/api/v1/me')).json() as { id: string };
      await store.db.execute(sql`UPDATE users SET role = ${role} WHERE id = ${me.id}`);
    },
    lastCode,
    newIdNumber,
    as: {
      anonymous: (ip) => client(undefined, '', ip),
      async resident({ phone = freshPhone(), verified = true, ip = nextIp() } = {}) {
        const sms = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/sms',
          payload: { phone },
          remoteAddress: ip,
        });
        if (sms.statusCode !== 200) throw new Error(`sms ${sms.statusCode}: ${sms.body}`);
        const login = await app.inject({
          method: 'POST',
          url: '/api/v1/auth/login',
          payload: { phone, code: lastCode(phone) },
        });
        if (login.statusCode !== 200) throw new Error(`login ${login.statusCode}: ${login.body}`);
        const setCookie = login.cookies.find((ck) => ck.name === 'mr_sid');
        if (!setCookie) throw new Error('no session cookie');
        const c = client(`mr_sid=${setCookie.value}`, phone, ip);
        if (verified) {
          const res = await c.post('/api/v1/me/verification', { name: '测试居民', idNumber: newIdNumber() });
          if (res.statusCode !== 200) throw new Error(`verification ${res.statusCode}: ${res.body}`);
        }
        return c;
      },
    },
    async close() {
      await app.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
