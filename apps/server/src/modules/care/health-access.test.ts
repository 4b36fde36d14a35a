// The access policy for health data, role by role (issue 13): one table, every case, on a real store.
import type { HealthPart, HealthPurpose } from '@medrelay/contracts';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY } from '../../platform/clock.ts';
import { selectRows } from '../../platform/db/index.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { actorOf, pharmacyWithPharmacist } from './care-fixtures.ts';
import {
  auditHealthRead,
  canAccessHealthData,
  grantHealthAccess,
  type HealthActor,
  requireHealthAccess,
  revokeHealthGrant,
} from './index.ts';

let t: TestApp;
const actors: Record<string, HealthActor> = {};
let subject: HealthActor;
let pharmacyA: string;
let pharmacyB: string;
let consultationGrantId: string;
const CONSULTATION = '0f9d5f8e-0000-4000-8000-000000000013';
const OTHER_CONSULTATION = '0f9d5f8e-0000-4000-8000-000000000014';

beforeAll(async () => {
  t = await testApp();
  const [owner, admin, moderator, caregiver, member, resident] = await Promise.all([
    t.as.resident(),
    t.as.resident(),
    t.as.resident(),
    t.as.resident(),
    t.as.resident(),
    t.as.resident(),
  ]);
  await t.setRole(admin, 'admin');
  await t.setRole(moderator, 'moderator');
  const a = await pharmacyWithPharmacist(t, owner, admin, '甲药房');
  const b = await pharmacyWithPharmacist(t, owner, admin, '乙药房');
  // A pharmacist with no grant at all: works at pharmacy A too, but A has only the grants below.
  const clients: Record<string, Client> = {
    admin,
    moderator,
    caregiver,
    owner,
    member,
    pharmacistA: a.pharmacist,
    pharmacistB: b.pharmacist,
  };
  for (const [k, c] of Object.entries(clients)) actors[k] = await actorOf(c);
  subject = await actorOf(resident);
  pharmacyA = a.id;
  pharmacyB = b.id;
  const now = t.clock.now();
  // The subject shares conditions and measurements with A for follow-up, allergies with A for one
  // consultation only, and nothing with B. Medicines were shared with A once but revoked; pregnancy
  // was shared but has expired.
  await grantHealthAccess(t.store.db, {
    userId: subject.id,
    pharmacyPartnerId: pharmacyA,
    parts: ['conditions', 'measurements'],
    expiresAt: new Date(now.getTime() + 30 * DAY),
    now,
  });
  consultationGrantId = (
    await grantHealthAccess(t.store.db, {
      userId: subject.id,
      pharmacyPartnerId: pharmacyA,
      parts: ['allergies'],
      expiresAt: new Date(now.getTime() + 2 * DAY),
      now,
      consultationId: CONSULTATION,
    })
  ).id;
  const revoked = await grantHealthAccess(t.store.db, {
    userId: subject.id,
    pharmacyPartnerId: pharmacyA,
    parts: ['medicines'],
    expiresAt: new Date(now.getTime() + 30 * DAY),
    now,
  });
  await revokeHealthGrant(t.store.db, { userId: subject.id, grantId: revoked.id, now });
  await grantHealthAccess(t.store.db, {
    userId: subject.id,
    pharmacyPartnerId: pharmacyA,
    parts: ['pregnancy'],
    expiresAt: new Date(now.getTime() + 1000),
    now: new Date(now.getTime() - DAY),
  });
  t.clock.advance(2000);
});
afterAll(() => t.close());

type Case = [who: string, part: HealthPart, purpose: HealthPurpose, allowed: boolean, extra?: object];
const cases: Case[] = [
  // The person: everything of their own, for any purpose.
  ['self', 'conditions', 'self', true],
  ['self', 'measurements', 'guidance', true],
  ['self', 'pregnancy', 'self', true],
  // A caregiver is anyone else to the record (adherence lives with reminders).
  ['caregiver', 'conditions', 'self', false],
  ['caregiver', 'measurements', 'follow_up', false],
  // Pharmacist of the pharmacy with a follow-up grant: the parts granted, for follow-up or consultation.
  ['pharmacistA', 'conditions', 'follow_up', true],
  ['pharmacistA', 'measurements', 'consultation', true, { consultationId: CONSULTATION }],
  ['pharmacistA', 'measurements', 'follow_up', false, { pharmacyId: 'b-placeholder' }],
  // …not for a part never granted, revoked, or expired, nor for a purpose that is the person's own.
  ['pharmacistA', 'medicines', 'follow_up', false],
  ['pharmacistA', 'pregnancy', 'follow_up', false],
  ['pharmacistA', 'conditions', 'guidance', false],
  // A consultation's grant serves that consultation only.
  ['pharmacistA', 'allergies', 'consultation', true, { consultationId: CONSULTATION }],
  ['pharmacistA', 'allergies', 'consultation', false, { consultationId: OTHER_CONSULTATION }],
  ['pharmacistA', 'allergies', 'follow_up', false],
  // A pharmacist of another pharmacy, and a member of the right one who is not a pharmacist.
  ['pharmacistB', 'conditions', 'follow_up', false],
  ['pharmacistB', 'allergies', 'consultation', false, { consultationId: CONSULTATION }],
  ['owner', 'conditions', 'follow_up', false],
  ['member', 'conditions', 'follow_up', false],
  // Platform staff never read health data.
  ['moderator', 'conditions', 'follow_up', false],
  ['admin', 'conditions', 'follow_up', false],
  ['admin', 'measurements', 'consultation', false, { consultationId: CONSULTATION }],
];

describe('canAccessHealthData', () => {
  test.each(cases)('%s reading %s for %s: allowed %s', async (who, part, purpose, allowed, extra = {}) => {
    const actor = who === 'self' ? subject : actors[who];
    if (!actor) throw new Error(`no actor ${who}`);
    const opts = { ...extra } as { pharmacyId?: string; consultationId?: string };
    if (opts.pharmacyId === 'b-placeholder') opts.pharmacyId = pharmacyB;
    const decision = await canAccessHealthData(t.store.db, {
      actor,
      subjectUserId: subject.id,
      part,
      purpose,
      now: t.clock.now(),
      ...opts,
    });
    expect(decision.allowed).toBe(allowed);
    if (decision.allowed && who !== 'self') {
      expect(decision.via).toBe('grant');
      expect(decision.grant?.partnerId).toBe(pharmacyA);
    }
    if (!decision.allowed && (who === 'admin' || who === 'moderator')) {
      expect(decision.reason).toBe('platform_staff');
    }
  });

  test('an admin who is also a pharmacist with a grant still reads nothing (the role wins)', async () => {
    const admin = actors.admin as HealthActor;
    const asPharmacist = await canAccessHealthData(t.store.db, {
      actor: { ...admin, role: 'admin' },
      subjectUserId: subject.id,
      part: 'conditions',
      purpose: 'follow_up',
      now: t.clock.now(),
    });
    expect(asPharmacist).toMatchObject({ allowed: false, reason: 'platform_staff' });
  });
});

describe('requireHealthAccess and the audit', () => {
  const reads = async () =>
    selectRows<{ reader_id: string; part: string; purpose: string; grant_id: string | null }>(
      t.store.db,
      sql`SELECT reader_id, part, purpose, grant_id FROM health_reads WHERE subject_user_id = ${subject.id} ORDER BY id`,
    );

  test('a read by grant is audited with reader, part, purpose and grant; the person’s own reads are not', async () => {
    const before = (await reads()).length;
    await requireHealthAccess(t.store.db, {
      actor: subject,
      subjectUserId: subject.id,
      part: 'conditions',
      purpose: 'self',
      now: t.clock.now(),
    });
    expect((await reads()).length).toBe(before);
    await requireHealthAccess(t.store.db, {
      actor: actors.pharmacistA as HealthActor,
      subjectUserId: subject.id,
      part: 'allergies',
      purpose: 'consultation',
      consultationId: CONSULTATION,
      now: t.clock.now(),
    });
    expect((await reads()).slice(before)).toEqual([
      {
        reader_id: (actors.pharmacistA as HealthActor).id,
        part: 'allergies',
        purpose: 'consultation',
        grant_id: consultationGrantId,
      },
    ]);
  });

  test('a refused read throws health_access_denied and writes nothing', async () => {
    const before = (await reads()).length;
    await expect(
      requireHealthAccess(t.store.db, {
        actor: actors.pharmacistB as HealthActor,
        subjectUserId: subject.id,
        part: 'conditions',
        purpose: 'follow_up',
        now: t.clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'health_access_denied', status: 403 });
    expect((await reads()).length).toBe(before);
  });

  test('auditHealthRead records a read without a grant too (a caller that reads by another rule)', async () => {
    const before = (await reads()).length;
    await auditHealthRead(t.store.db, {
      grant: null,
      readerId: (actors.pharmacistA as HealthActor).id,
      subjectUserId: subject.id,
      part: 'measurements',
      purpose: 'follow_up',
      at: t.clock.now(),
    });
    expect((await reads()).length).toBe(before + 1);
  });
});

describe('grants', () => {
  test('a grant to an unknown pharmacy is refused with pharmacy_not_found and not stored', async () => {
    const count = async () =>
      (await selectRows<{ n: number }>(t.store.db, sql`SELECT count(*)::int AS n FROM health_grants`))[0]?.n;
    const before = await count();
    await expect(
      grantHealthAccess(t.store.db, {
        userId: subject.id,
        pharmacyPartnerId: '00000000-0000-4000-8000-000000000000',
        parts: ['conditions'],
        expiresAt: new Date(t.clock.now().getTime() + DAY),
        now: t.clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'pharmacy_not_found', status: 404 });
    expect(await count()).toBe(before);
  });

  test('only the person revokes their grant; another person gets 404', async () => {
    const g = await grantHealthAccess(t.store.db, {
      userId: subject.id,
      pharmacyPartnerId: pharmacyB,
      parts: ['conditions'],
      expiresAt: new Date(t.clock.now().getTime() + DAY),
      now: t.clock.now(),
    });
    await expect(
      revokeHealthGrant(t.store.db, {
        userId: (actors.caregiver as HealthActor).id,
        grantId: g.id,
        now: t.clock.now(),
      }),
    ).rejects.toMatchObject({ code: 'not_found' });
    const pharmacistB = actors.pharmacistB as HealthActor;
    const ask = () =>
      canAccessHealthData(t.store.db, {
        actor: pharmacistB,
        subjectUserId: subject.id,
        part: 'conditions',
        purpose: 'follow_up',
        now: t.clock.now(),
      });
    expect((await ask()).allowed).toBe(true);
    await revokeHealthGrant(t.store.db, { userId: subject.id, grantId: g.id, now: t.clock.now() });
    expect((await ask()).allowed).toBe(false);
  });
});
