import { verifyWebhook } from '@medrelay/sdk';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { type Received, receiver } from '../../testing/webhook-receiver.ts';

// Issue 19: the document's `webhooks` section is what partners generate their types from, so real
// deliveries — every topic a test can provoke — must validate against it, headers included.

type WebhookOp = {
  parameters: { name: string; schema: Record<string, unknown> }[];
  requestBody: { content: { 'application/json': { schema: { $ref: string } } } };
};

let t: TestApp;
let doc: { webhooks: Record<string, { post: WebhookOp }>; components: { schemas: Record<string, unknown> } };
let owner: Client;
let admin: Client;
let partnerId: string;
beforeAll(async () => {
  t = await testApp();
  doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json();
  owner = await t.as.resident();
  admin = await t.as.resident();
  await t.setRole(admin, 'admin');
  partnerId = (
    await owner.post('/api/v1/partners', {
      name: '深圳市南山区某社区居委会',
      type: 'government',
      contactName: '陈主任',
      contactPhone: '13900000019',
      regionCodes: ['440300'],
    })
  ).json().id;
  await admin.post(`/api/v1/admin/partners/${partnerId}/decision`, { decision: 'approved' });
});
afterAll(() => t.close());

describe('webhook schemas in the OpenAPI document', () => {
  test('every topic a partner can subscribe to is in `webhooks`, with the signature header', async () => {
    const topics = Object.keys(doc.webhooks);
    expect(topics).toEqual(expect.arrayContaining(['post.created', 'post.resolved', 'demand.spike']));
    for (const topic of topics) {
      const names = doc.webhooks[topic]?.post.parameters.map((p) => p.name);
      expect(names).toEqual(['MedRelay-Signature', 'MedRelay-Event', 'MedRelay-Event-Id']);
    }
  });

  test('real deliveries validate against the documented payload and header schemas', async () => {
    const hook = await receiver();
    const topics = Object.keys(doc.webhooks);
    const sub = await owner.post(`/api/v1/partners/${partnerId}/webhooks`, { url: hook.url, events: topics });
    expect(sub.statusCode, sub.body).toBe(201);
    const { secret } = sub.json() as { secret: string };

    // Provoke what a test can: created, resolved, deleted, removed, hidden, restored, expired, renewed,
    // updated (part of an offer handed over).
    const alice = await t.as.resident();
    const given = await alice.createOffer({ medicineId: 'vitamin-c-tablet', quantity: 3 });
    await alice.post(`/api/v1/posts/${given.id}/handoffs`, { quantity: 1 });
    const resolved = await alice.createNeed();
    await alice.post(`/api/v1/posts/${resolved.id}/resolve`);
    const deleted = await alice.createOffer();
    await alice.del(`/api/v1/posts/${deleted.id}`);
    const removed = await alice.createNeed({ medicineId: 'acetaminophen-tablet' });
    await admin.post(`/api/v1/moderation/posts/${removed.id}/remove`, { reason: 'fake' });
    const reported = await alice.createOffer({ medicineId: 'acetaminophen-tablet' });
    for (let i = 0; i < 3; i++) {
      await (await t.as.resident()).post(`/api/v1/posts/${reported.id}/reports`, { reason: 'spam' });
    }
    await admin.post(`/api/v1/moderation/posts/${reported.id}/approve`, {});
    const expiring = await alice.createNeed({ medicineId: 'ibuprofen-tablet', quantity: 2 });
    t.clock.advance(73 * 3_600_000);
    await t.posts.expireDue();
    const again = await t.as.resident({ phone: alice.phone, verified: false });
    await again.post(`/api/v1/posts/${expiring.id}/renew`);
    await t.webhooks.runOnce();

    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas)) {
      ajv.addSchema(schema as object, `#/components/schemas/${name}`);
    }
    const seen = new Set<string>();
    let verified = 0;
    for (const delivery of hook.got as Received[]) {
      const topic = String(delivery.headers['medrelay-event']);
      const op = doc.webhooks[topic]?.post;
      expect(op, `documented topic ${topic}`).toBeDefined();
      const validate = ajv.getSchema(op?.requestBody.content['application/json'].schema.$ref as string);
      const body = JSON.parse(delivery.body);
      expect(validate?.(body), `${topic}: ${JSON.stringify(validate?.errors)}`).toBe(true);
      for (const p of op?.parameters ?? []) {
        const value = delivery.headers[p.name.toLowerCase()];
        expect(ajv.validate(p.schema, value), `${topic} header ${p.name}`).toBe(true);
      }
      // The verification the description gives, as the SDK does it, passes on every topic.
      {
        const signatureHeader = delivery.headers['medrelay-signature'] as string;
        expect(verifyWebhook({ secret, body: delivery.body, signatureHeader, now: t.clock.now() }).type).toBe(
          topic,
        );
        verified++;
      }
      seen.add(topic);
    }
    expect([...seen].sort()).toEqual(
      expect.arrayContaining([
        'post.created',
        'post.resolved',
        'post.deleted',
        'post.removed',
        'post.expired',
        'post.renewed',
        'post.updated',
      ]),
    );
    expect(verified).toBeGreaterThan(0);
    await hook.close();
  });
});
