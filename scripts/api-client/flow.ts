// What an institution's developer writes with a client generated from /openapi.json
// (openapi-typescript types + openapi-fetch): every path, body and answer below is checked by the
// compiler against the generated `paths`, so a breaking change to the API fails to compile here.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyWebhook } from '@medrelay/sdk';
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths, webhooks } from './medrelay-api.d.ts';

type PostCreated = webhooks['post.created']['post']['requestBody']['content']['application/json'];

export interface FlowOptions {
  baseUrl: string;
  /** Where the console SMS provider writes one-time codes ($DATA_DIR/sms-outbox.jsonl). */
  smsOutbox: string;
  /** Already an admin (made with `npm run admin:grant` before the server started). */
  adminPhone: string;
  residentPhone: string;
  idNumber: string;
  log: (line: string) => void;
}

const must = <T>(what: string, r: { data?: T; error?: unknown; response: Response }): T => {
  if (r.data === undefined && r.response.status !== 204) {
    throw new Error(`${what}: ${r.response.status} ${JSON.stringify(r.error)}`);
  }
  return r.data as T;
};

/** A client holding one session cookie, as a browser would. */
function sessionClient(baseUrl: string) {
  let cookie = '';
  const jar: Middleware = {
    onRequest({ request }) {
      if (cookie) request.headers.set('cookie', cookie);
      return request;
    },
    onResponse({ response }) {
      const sid = response.headers.getSetCookie().find((c) => c.startsWith('mr_sid='));
      if (sid) cookie = sid.split(';')[0] as string;
      return response;
    },
  };
  const client = createClient<paths>({ baseUrl });
  client.use(jar);
  return client;
}

async function login(baseUrl: string, smsOutbox: string, phone: string) {
  const client = sessionClient(baseUrl);
  must('requestLoginCode', await client.POST('/api/v1/auth/sms', { body: { phone } }));
  const lines = readFileSync(smsOutbox, 'utf8').trim().split('\n');
  const sent = lines
    .map((l) => JSON.parse(l) as { to: string; code?: string })
    .filter((m) => m.to === phone && m.code);
  const code = sent.at(-1)?.code;
  if (!code) throw new Error(`no code in the SMS outbox for ${phone}`);
  must('loginWithCode', await client.POST('/api/v1/auth/login', { body: { phone, code } }));
  return client;
}

export async function runFlow(o: FlowOptions): Promise<void> {
  // A resident: log in by SMS code, verify, post a need, find it in the square, resolve it.
  const resident = await login(o.baseUrl, o.smsOutbox, o.residentPhone);
  o.log('resident logged in by SMS code');
  must(
    'verifyIdentity',
    await resident.POST('/api/v1/me/verification', { body: { name: '张三', idNumber: o.idNumber } }),
  );
  const me = must('getMe', await resident.GET('/api/v1/me'));
  if (!me.verified) throw new Error('the resident is not verified');
  o.log('identity verified');

  // A partner institution in Shenzhen with a webhook receiver, before the post it should hear about.
  const owner = resident;
  const partner = must(
    'applyAsPartner',
    await owner.POST('/api/v1/partners', {
      body: {
        name: '南山区某社区服务中心',
        type: 'government',
        contactName: '李主任',
        contactPhone: '13900000019',
        regionCodes: ['440300'],
      },
    }),
  );
  const admin = await login(o.baseUrl, o.smsOutbox, o.adminPhone);
  must(
    'decidePartnerApplication',
    await admin.POST('/api/v1/admin/partners/{id}/decision', {
      params: { path: { id: partner.id } },
      body: { decision: 'approved' },
    }),
  );
  const key = must(
    'createPartnerKey',
    await owner.POST('/api/v1/partners/{id}/keys', {
      params: { path: { id: partner.id } },
      body: { name: 'client check', scopes: ['posts:read'] },
    }),
  );
  const received: { body: string; signature: string }[] = [];
  const hooks = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      received.push({ body, signature: String(req.headers['medrelay-signature']) });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => hooks.listen(0, '127.0.0.1', resolve));
  const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}/medrelay`;
  const webhook = must(
    'createPartnerWebhook',
    await owner.POST('/api/v1/partners/{id}/webhooks', {
      params: { path: { id: partner.id } },
      body: { url: hookUrl, events: ['post.created'] },
    }),
  );
  o.log(`partner ${partner.id} approved, secret key and webhook created`);

  try {
    const post = must(
      'createPost',
      await resident.POST('/api/v1/posts', {
        body: {
          kind: 'need',
          items: [{ medicineId: 'ibuprofen-tablet', quantity: 2 }],
          location: { lat: 22.5329, lng: 113.9305 },
          note: '家里老人发烧，需要两片布洛芬',
          flags: ['elderly'],
          consent: true,
        },
        headers: { 'idempotency-key': `client-check-${Date.now()}` },
      }),
    );
    o.log(`need ${post.id} posted`);
    const square = must(
      'listPosts',
      await resident.GET('/api/v1/posts', { params: { query: { kind: 'need', near: '22.5329,113.9305' } } }),
    );
    if (!square.items.some((p) => p.id === post.id)) throw new Error('the new need is not in the square');
    const one = must(
      'getPost',
      await resident.GET('/api/v1/posts/{id}', { params: { path: { id: post.id } } }),
    );
    o.log(
      `the square lists it (${square.items.length} open needs nearby); phone shown as ${one.contactPhoneMasked}`,
    );

    // The partner's server reads the same square with its secret key.
    const partnerApi = createClient<paths>({
      baseUrl: o.baseUrl,
      headers: { authorization: `Bearer ${key.key}` },
    });
    const seen = must(
      'partnerListPosts',
      await partnerApi.GET('/api/partner/v1/posts', { params: { query: { kind: 'need' } } }),
    );
    if (!seen.items.some((p) => p.id === post.id)) throw new Error('the partner key does not see the need');
    o.log(`partner key lists ${seen.items.length} posts, the new need among them`);

    // The dispatcher runs every second: the signed post.created arrives and verifies.
    for (let i = 0; i < 100 && received.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const delivery = received[0];
    if (!delivery) throw new Error('no webhook delivery within 10 s');
    const event = verifyWebhook({
      secret: webhook.secret,
      body: delivery.body,
      signatureHeader: delivery.signature,
    });
    const typed = JSON.parse(delivery.body) as PostCreated;
    if (event.type !== 'post.created' || typed.data.post.id !== post.id)
      throw new Error('unexpected webhook');
    o.log('signed post.created webhook received and verified');

    const resolved = must(
      'resolvePost',
      await resident.POST('/api/v1/posts/{id}/resolve', { params: { path: { id: post.id } } }),
    );
    if (resolved.status !== 'resolved') throw new Error(`resolve answered status ${resolved.status}`);
    const after = must(
      'listPosts',
      await resident.GET('/api/v1/posts', { params: { query: { kind: 'need' } } }),
    );
    if (after.items.some((p) => p.id === post.id)) throw new Error('a resolved need is still in the square');
    o.log('resolved: it left the square');

    // Errors come in the documented shape, typed by the generated client.
    const missing = await resident.GET('/api/v1/posts/{id}', {
      params: { path: { id: '00000000-0000-4000-8000-000000000000' } },
    });
    if (missing.response.status !== 404 || missing.error?.error.code !== 'not_found') {
      throw new Error(`expected a typed not_found, got ${missing.response.status}`);
    }
    o.log('a missing post answers a typed 404 not_found');
  } finally {
    await new Promise<void>((resolve) => hooks.close(() => resolve()));
  }
}
