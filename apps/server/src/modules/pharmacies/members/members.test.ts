import { createRequire } from 'node:module';
import path from 'node:path';
import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DAY, MINUTE } from '../../../platform/clock.ts';
import { type Client, type TestApp, testApp } from '../../../testing/test-app.ts';
import { approvedPharmacy } from '../pharmacy-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
let pharmacy: string;
let other: string;
let otherOwner: Client;
beforeAll(async () => {
  t = await testApp();
  [owner, admin, otherOwner] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  pharmacy = await approvedPharmacy(t, owner, admin);
  other = await approvedPharmacy(t, otherOwner, admin, { name: '隔壁药房' });
});
afterAll(() => t.close());

/** Moves the clock; sessions idle for 30 minutes end, so the people go on with new logins. */
async function travel(ms: number, people: Client[]): Promise<Client[]> {
  t.clock.advance(ms);
  owner = await t.as.resident({ phone: owner.phone, verified: false });
  return Promise.all(people.map((p) => t.as.resident({ phone: p.phone, verified: false })));
}

const ws = (at = pharmacy) => `/api/v1/partners/${at}/pharmacy`;
let op = 0;
const opId = () => `op-${process.pid}-${++op}-abcdef`;
const join = async (who: Client, at = pharmacy) => {
  const res = await who.post(`/api/v1/pharmacies/${at}/membership`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { memberCode: string; balance: number };
};
const points = (body: Record<string, unknown>, who = owner, at = pharmacy) =>
  who.post(`${ws(at)}/points`, { kind: 'add', reason: '购药积分', operationId: opId(), ...body });
const card = async (who: Client, at = pharmacy) =>
  (await who.get(`/api/v1/pharmacies/${at}/membership`)).json() as {
    balance: number;
    history: { kind: string; delta: number }[];
  };

describe('membership (扫码即会员)', () => {
  test('a resident joins once, sees the card with a member code, and leaving deletes it and its points', async () => {
    const resident = await t.as.resident();
    const first = await join(resident);
    expect(first.memberCode).toMatch(/^M\d{9}$/);
    expect(first).toMatchObject({ pharmacyName: '南山大药房', balance: 0, history: [] });
    // Joining again is joining once: same code.
    expect((await join(resident)).memberCode).toBe(first.memberCode);
    expect((await points({ memberCode: first.memberCode, points: 30 })).statusCode).toBe(200);
    const mine = (await resident.get('/api/v1/me/pharmacy-memberships')).json().items;
    expect(mine).toEqual([expect.objectContaining({ pharmacyId: pharmacy, balance: 30 })]);
    // The pharmacy's member list shows codes and balances, no phone.
    const list = (await owner.get(`${ws()}/members?q=${first.memberCode.slice(3, 8)}`)).json();
    expect(list.items).toEqual([expect.objectContaining({ memberCode: first.memberCode, balance: 30 })]);
    expect(JSON.stringify(list)).not.toMatch(MOBILE_IN_TEXT);

    expect((await resident.del(`/api/v1/pharmacies/${pharmacy}/membership`)).statusCode).toBe(204);
    expect((await resident.get(`/api/v1/pharmacies/${pharmacy}/membership`)).json().error.code).toBe(
      'membership_not_found',
    );
    expect((await owner.get(`${ws()}/members/${first.memberCode}`)).json().error.code).toBe(
      'member_code_unknown',
    );
    // Joining anew starts from nothing: the old points were deleted with the membership.
    const again = await join(resident);
    expect(again.balance).toBe(0);
    expect((await resident.del(`/api/v1/pharmacies/${pharmacy}/membership`)).statusCode).toBe(204);
    expect((await resident.del(`/api/v1/pharmacies/${pharmacy}/membership`)).statusCode).toBe(404);
  });

  test("another pharmacy's member code is refused, and staff never reach another pharmacy's members", async () => {
    const resident = await t.as.resident();
    const theirs = await join(resident, other);
    const res = await points({ memberCode: theirs.memberCode, points: 5 });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('member_code_other_pharmacy');
    expect((await owner.get(`${ws()}/members/${theirs.memberCode}`)).json().error.code).toBe(
      'member_code_other_pharmacy',
    );
    expect((await owner.get(`${ws(other)}/members`)).statusCode).toBe(404);
    expect((await points({ memberCode: theirs.memberCode, points: 5 }, owner, other)).statusCode).toBe(404);
    expect((await card(resident, other)).balance).toBe(0);
    // An unknown pharmacy has no membership to join.
    expect(
      (await resident.post('/api/v1/pharmacies/00000000-0000-4000-8000-000000000000/membership')).statusCode,
    ).toBe(404);
  });
});

describe('points ledger', () => {
  test('add and redeem with a reason; the same operation id twice applies once; no negative balance', async () => {
    const resident = await t.as.resident();
    const { memberCode } = await join(resident);
    const id = opId();
    const first = await points({ memberCode, points: 100, operationId: id });
    expect(first.json()).toMatchObject({ balance: 100, replayed: false });
    // A retry (or a double tap) with the same id: the first answer again, nothing written.
    const [a, b] = await Promise.all([
      points({ memberCode, points: 100, operationId: id }),
      points({ memberCode, points: 100, operationId: id }),
    ]);
    expect(a.json()).toMatchObject({ balance: 100, replayed: true });
    expect(b.json()).toMatchObject({ balance: 100, replayed: true });
    // The same id for something else is refused.
    const reused = await points({ memberCode, points: 5, kind: 'redeem', operationId: id });
    expect(reused.json().error.code).toBe('operation_id_reused');

    const redeem = await points({ memberCode, points: 40, kind: 'redeem', reason: '积分抵扣' });
    expect(redeem.json()).toMatchObject({
      balance: 60,
      entry: { kind: 'redeem', delta: -40, reason: '积分抵扣' },
    });
    const over = await points({ memberCode, points: 61, kind: 'redeem' });
    expect(over.statusCode).toBe(409);
    expect(over.json().error).toMatchObject({ code: 'points_insufficient', details: { balance: 60 } });
    const bad = await points({ memberCode, points: -5 });
    expect(bad.statusCode).toBe(400);
    const c = await card(resident);
    expect(c.balance).toBe(60);
    expect(c.history.map((h) => h.delta)).toEqual([-40, 100]);
  });

  test('parallel redemptions never take the balance below zero', async () => {
    const resident = await t.as.resident();
    const { memberCode } = await join(resident);
    await points({ memberCode, points: 50 });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => points({ memberCode, points: 20, kind: 'redeem' })),
    );
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(2);
    expect((await card(resident)).balance).toBe(10);
  });
});

const issue = async (over: Record<string, unknown> = {}, who = owner, at = pharmacy) => {
  const res = await who.post(`${ws(at)}/coupons`, {
    title: '满50减10',
    kind: 'amount',
    amountFen: 1000,
    minSpendFen: 5000,
    validUntil: new Date(t.clock.now().getTime() + 7 * DAY).toISOString(),
    quantity: 10,
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; remaining: number };
};
const claim = (who: Client, coupon: string, body: Record<string, unknown> = {}, at = pharmacy) =>
  who.post(`/api/v1/pharmacies/${at}/coupons/${coupon}/claim`, body);
const redeem = (code: string, spendFen?: number, who = owner, at = pharmacy) =>
  who.post(`${ws(at)}/coupons/redeem`, { code, spendFen });
const remaining = async (coupon: string) =>
  (await t.as.anonymous().get(`/api/v1/pharmacies/${pharmacy}/coupons/${coupon}`)).json().remaining as number;

describe('coupons', () => {
  test('issue, claim by link, redeem at the counter once; errors are stable and change nothing', async () => {
    const coupon = await issue({ perPersonLimit: 1 });
    expect(coupon.remaining).toBe(10);
    const resident = await t.as.resident();
    const res = await claim(resident, coupon.id);
    expect(res.statusCode, res.body).toBe(201);
    const k = res.json();
    expect(k).toMatchObject({
      usable: true,
      redeemedAt: null,
      coupon: { title: '满50减10', amountFen: 1000 },
    });
    expect(k.code).toMatch(/^C\d{9}$/);
    expect(await remaining(coupon.id)).toBe(9);
    // One per person.
    const twice = await claim(resident, coupon.id);
    expect(twice.json().error.code).toBe('coupon_claim_limit');
    expect(await remaining(coupon.id)).toBe(9);
    // Unverified accounts cannot claim.
    expect((await claim(await t.as.resident({ verified: false }), coupon.id)).statusCode).toBe(403);
    // Below the minimum spend, then used.
    expect((await redeem(k.code, 4000)).json().error.code).toBe('coupon_min_spend');
    const used = await redeem(k.code, 6000);
    expect(used.json()).toMatchObject({ title: '满50减10', discountFen: 1000 });
    const again = await redeem(k.code, 6000);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('coupon_already_redeemed');
    // Another pharmacy's staff cannot use it; an unknown code is unknown.
    expect((await redeem(k.code, 6000, otherOwner, other)).json().error.code).toBe(
      'coupon_code_other_pharmacy',
    );
    expect((await redeem('C000000000')).json().error.code).toBe('coupon_code_unknown');
    const list = (await owner.get(`${ws()}/coupons`)).json().items;
    expect(list.find((c: { id: string }) => c.id === coupon.id)).toMatchObject({
      claims: 1,
      redemptions: 1,
      remaining: 9,
    });
    expect((await resident.get('/api/v1/me/pharmacy-coupons')).json().items[0]).toMatchObject({
      code: k.code,
      redeemedAt: expect.any(String),
    });
  });

  test('after expiry a coupon cannot be claimed or used', async () => {
    const coupon = await issue({ validUntil: new Date(t.clock.now().getTime() + 20 * MINUTE).toISOString() });
    const resident = await t.as.resident();
    const k = (await claim(resident, coupon.id)).json();
    const start = t.clock.now();
    // 25 minutes: past the coupon's end, within a session's idle time.
    t.clock.advance(25 * MINUTE);
    try {
      const late = await redeem(k.code);
      expect(late.statusCode).toBe(409);
      expect(late.json().error.code).toBe('coupon_expired');
      expect((await claim(await t.as.resident(), coupon.id)).json().error.code).toBe('coupon_expired');
      expect(await remaining(coupon.id)).toBe(9);
    } finally {
      t.clock.set(start);
    }
    expect((await resident.get('/api/v1/me/pharmacy-coupons')).json().items[0].redeemedAt).toBeNull();
  });

  test('a percent coupon; bad coupons are refused with 400', async () => {
    const pct = await issue({
      title: '九折券',
      kind: 'percent',
      percentOff: 10,
      amountFen: undefined,
      minSpendFen: 0,
    });
    const k = (await claim(await t.as.resident(), pct.id)).json();
    expect((await redeem(k.code, 3550)).json()).toMatchObject({ discountFen: 355, percentOff: 10 });
    for (const bad of [
      { kind: 'percent', amountFen: 100 },
      { amountFen: 0 },
      { validUntil: new Date(t.clock.now().getTime() - DAY).toISOString() },
      { quantity: 0 },
    ]) {
      const res = await owner.post(`${ws()}/coupons`, {
        title: '坏券',
        kind: 'amount',
        amountFen: 100,
        validUntil: new Date(t.clock.now().getTime() + DAY).toISOString(),
        quantity: 5,
        ...bad,
      });
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect(
      (await owner.get(`${ws()}/coupons`)).json().items.some((c: { title: string }) => c.title === '坏券'),
    ).toBe(false);
  });

  test('社交立减金: a shared coupon becomes usable when N friends claimed through the link', async () => {
    const coupon = await issue({ title: '好友立减', unlockThreshold: 2 });
    const sharer = await t.as.resident();
    const mine = (await claim(sharer, coupon.id)).json();
    expect(mine).toMatchObject({ usable: false, friends: 0 });
    const locked = await redeem(mine.code, 6000);
    expect(locked.json().error).toMatchObject({ code: 'coupon_locked', details: { friends: 0, needed: 2 } });
    // Sharing with oneself does not count.
    expect((await claim(sharer, coupon.id, { sharedBy: mine.id })).json().error.code).toBe(
      'coupon_share_invalid',
    );
    for (let i = 0; i < 2; i++) {
      expect((await claim(await t.as.resident(), coupon.id, { sharedBy: mine.id })).statusCode).toBe(201);
    }
    const now = (await sharer.get('/api/v1/me/pharmacy-coupons')).json().items[0];
    expect(now).toMatchObject({ usable: true, friends: 2 });
    expect((await redeem(mine.code, 6000)).statusCode).toBe(200);
  });

  test('20 parallel claims for the last 5 coupons: exactly 5 succeed, the rest are sold out', async () => {
    const coupon = await issue({ title: '最后五张', quantity: 5 });
    const residents = await Promise.all(Array.from({ length: 20 }, () => t.as.resident()));
    const results = await Promise.all(residents.map((r) => claim(r, coupon.id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(5);
    const refused = results.filter((r) => r.statusCode !== 201);
    expect(refused).toHaveLength(15);
    expect(refused.every((r) => r.json().error.code === 'coupon_sold_out')).toBe(true);
    expect(await remaining(coupon.id)).toBe(0);
    const list = (await owner.get(`${ws()}/coupons`)).json().items;
    expect(list.find((c: { id: string }) => c.id === coupon.id)).toMatchObject({ claims: 5, remaining: 0 });
  });

  test("one person's 10 taps at once claim one coupon", async () => {
    const coupon = await issue({ title: '手快券', quantity: 50 });
    const resident = await t.as.resident();
    const results = await Promise.all(Array.from({ length: 10 }, () => claim(resident, coupon.id)));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(await remaining(coupon.id)).toBe(49);
  });
});

describe('the counter: scan, poster, figures', () => {
  test('a scanned code is told apart: pickup, member or coupon; junk is refused', async () => {
    const resident = await t.as.resident();
    const { memberCode } = await join(resident);
    const m = (await owner.post(`${ws()}/scan`, { code: memberCode.toLowerCase() })).json();
    expect(m).toMatchObject({ type: 'member', member: { memberCode } });
    expect((await owner.post(`${ws()}/scan`, { code: '123456' })).json()).toEqual({
      type: 'pickup',
      code: '123456',
    });
    const coupon = await issue();
    const k = (await claim(resident, coupon.id)).json();
    expect((await owner.post(`${ws()}/scan`, { code: k.code })).json()).toMatchObject({
      type: 'coupon',
      usable: true,
    });
    const junk = await owner.post(`${ws()}/scan`, { code: 'hello' });
    expect(junk.statusCode).toBe(400);
    expect(junk.json().error.code).toBe('scan_code_unknown');
    expect((await otherOwner.post(`${ws(other)}/scan`, { code: memberCode })).json().error.code).toBe(
      'member_code_other_pharmacy',
    );
  });

  test('the poster is an A4 PDF with the Chinese instructions and the join link', {
    timeout: 180_000,
  }, async () => {
    const res = await owner.get(`${ws()}/poster.pdf`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/pdf');
    const raw = Buffer.from(res.rawPayload);
    const bytes = new Uint8Array(raw);
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-');
    const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const standardFontDataUrl = `${path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`;
    const doc = await pdfjs.getDocument({ data: bytes, useSystemFonts: false, standardFontDataUrl }).promise;
    expect(doc.numPages).toBe(1);
    const page = await doc.getPage(1);
    const [, , w, h] = page.view;
    expect(Math.round(w as number)).toBe(595);
    expect(Math.round(h as number)).toBe(842);
    const text = (await page.getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join('');
    expect(text).toContain('南山大药房');
    expect(text).toContain('扫码成为本店会员');
    expect(text).toContain(`/pharmacies/${pharmacy}/join`);
    // The font travels inside the file.
    expect(raw.toString('latin1')).toMatch(/\/FontFile[23]?/);
    // Only the pharmacy's staff print it.
    expect((await (await t.as.resident()).get(`${ws()}/poster.pdf`)).statusCode).toBe(404);
  });

  test('figures count reservations, members and coupon use for this pharmacy only', async () => {
    const figures = (await owner.get(`${ws()}/figures`)).json();
    const theirs = (await otherOwner.get(`${ws(other)}/figures`)).json();
    expect(figures.members).toBeGreaterThan(theirs.members);
    expect(figures.couponClaims).toBeGreaterThanOrEqual(5);
    expect(figures.couponRedemptions).toBeGreaterThanOrEqual(3);
    expect(figures.daily).toHaveLength(14);
    expect(theirs).toMatchObject({ couponClaims: 0, reservations: 0 });
    expect((await otherOwner.get(`${ws()}/figures`)).statusCode).toBe(404);
  });
});

// Last: moving the clock months ahead ends every session (and SMS limits stop new logins going back).
describe('points expiry', () => {
  test('points expire after the months the pharmacy set, through a ledger entry written once', async () => {
    const res = await owner.put(`${ws()}/member-settings`, { pointsExpireMonths: 6 });
    expect(res.json()).toEqual({ pointsExpireMonths: 6 });
    const resident = await t.as.resident();
    const { memberCode } = await join(resident);
    let r = resident;
    try {
      await points({ memberCode, points: 80 });
      r = (await travel(100 * DAY, [r]))[0] as Client;
      await points({ memberCode, points: 30 });
      await points({ memberCode, points: 50, kind: 'redeem' });
      // 80 given on day 0 expire after 6 months; 50 of them were spent, 30 leave now.
      r = (await travel(100 * DAY, [r]))[0] as Client;
      const c = await card(r);
      expect(c.balance).toBe(30);
      expect(c.history[0]).toMatchObject({ kind: 'expire', delta: -30 });
      // Read again: not expired twice.
      expect((await card(r)).history.filter((h) => h.kind === 'expire')).toHaveLength(1);
      // Redeeming what expired is refused.
      expect((await points({ memberCode, points: 31, kind: 'redeem' })).json().error.code).toBe(
        'points_insufficient',
      );
      r = (await travel(100 * DAY, [r]))[0] as Client;
      expect((await card(r)).balance).toBe(0);
    } finally {
      await owner.put(`${ws()}/member-settings`, { pointsExpireMonths: null });
    }
  });
});
