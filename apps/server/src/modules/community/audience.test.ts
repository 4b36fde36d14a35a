import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { type Client, NANSHAN, type TestApp, testApp } from '../../testing/test-app.ts';
import {
  count,
  groupOf,
  join,
  joinPharmacy,
  pharmacyInstitution,
  preview,
  tag,
  ws,
} from './audience-fixtures.ts';
import { approvedInstitution, scheduledSession } from './live-fixtures.ts';

// Each test walks a journey through HTTP on one fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

let t: TestApp;
let owner: Client;
let admin: Client;
let partnerId: string;
let a: Client;
let b: Client;
let c: Client;
let d: Client;
let e: Client;
const tags = { g1: '', reg: '', att: '', ph: '' };

// The people: a and b in group 1, c in group 2; a and d registered for the session, d attended it;
// b and e members of the pharmacy.
beforeAll(async () => {
  t = await testApp();
  ({ id: partnerId, owner, admin } = await pharmacyInstitution(t));
  [a, b, c, d, e] = [
    await t.as.resident(),
    await t.as.resident(),
    await t.as.resident(),
    await t.as.resident(),
    await t.as.resident(),
  ];
  const g1 = await groupOf(owner, partnerId, '高血压之家');
  const g2 = await groupOf(owner, partnerId, '桃源社区防疫群');
  await join(a, g1, '老张');
  await join(b, g1);
  await join(c, g2);
  const s = await scheduledSession(t, owner, partnerId, {
    startsAt: new Date(t.clock.now().getTime() + MINUTE).toISOString(),
  });
  await a.put(`/api/v1/live-sessions/${s.id}/registration`, {});
  await d.put(`/api/v1/live-sessions/${s.id}/registration`, {});
  t.clock.advance(2 * MINUTE);
  expect((await d.post(`/api/v1/live-sessions/${s.id}/attendance`)).json()).toEqual({ attended: true });
  await joinPharmacy(b, partnerId);
  await joinPharmacy(e, partnerId);
  tags.g1 = (await tag(owner, partnerId, '高血压之家成员', { kind: 'group', groupId: g1.id })).id;
  tags.reg = (await tag(owner, partnerId, '报名直播', { kind: 'live_registered', sessionId: s.id })).id;
  tags.att = (await tag(owner, partnerId, '看过直播', { kind: 'live_attended', sessionId: s.id })).id;
  tags.ph = (await tag(owner, partnerId, '会员', { kind: 'pharmacy_member' })).id;
});
afterAll(() => t.close());

describe('rule tags', () => {
  test('each rule names its people: a group, registered for or attended a session, our pharmacy', async () => {
    const list = (await owner.get(`${ws(partnerId)}/tags`)).json().items as {
      id: string;
      kind: string;
      members: { count: number };
    }[];
    const counts = Object.fromEntries(list.map((x) => [x.id, x.members.count]));
    expect(counts).toEqual({
      [tags.g1]: 2,
      [tags.reg]: 2,
      [tags.att]: 1,
      [tags.ph]: 2,
    });
    expect(list.every((x) => x.kind === 'rule')).toBe(true);
  });

  test('a rule evaluates on demand: a resident who joins the group is counted at once', async () => {
    const f = await t.as.resident();
    const g3 = await groupOf(owner, partnerId, '糖尿病之家');
    const g3tag = await tag(owner, partnerId, '糖尿病之家成员', { kind: 'group', groupId: g3.id });
    expect(await count(owner, partnerId, [g3tag.id])).toBe(0);
    await join(f, g3);
    expect(await count(owner, partnerId, [g3tag.id])).toBe(1);
  });
});

describe('audiences: and / or of tags', () => {
  test('all = every tag, any = at least one', async () => {
    const { g1, reg, att, ph } = tags;
    expect(await count(owner, partnerId, [g1, reg], 'all')).toBe(1); // a
    expect(await count(owner, partnerId, [g1, reg], 'any')).toBe(3); // a, b, d
    expect(await count(owner, partnerId, [g1, ph], 'all')).toBe(1); // b
    expect(await count(owner, partnerId, [att, ph], 'any')).toBe(3); // d, b, e
    expect(await count(owner, partnerId, [att, ph], 'all')).toBe(0);
  });

  test('the preview is a count, never a list of people', async () => {
    const res = await preview(owner, partnerId, [tags.g1], 'any');
    expect(res.json()).toEqual({ count: 2, suppressed: false, minCount: 1 });
  });

  test('a region prefix keeps members whose latest post is in that province, city or district', async () => {
    await a.createNeed({ at: NANSHAN });
    // 广州市越秀区: Guangdong, another city.
    await b.createNeed({ at: { lat: 23.129, lng: 113.2668 } });
    const g1 = tags.g1;
    expect(await count(owner, partnerId, [g1], 'any', '44')).toBe(2);
    expect(await count(owner, partnerId, [g1], 'any', '4403')).toBe(1);
    expect(await count(owner, partnerId, [g1], 'any', '440305')).toBe(1);
    expect(await count(owner, partnerId, [g1], 'any', '11')).toBe(0);
    const bad = await preview(owner, partnerId, [g1], 'any', '4403x');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('validation_failed');
  });
});

describe('manual tags', () => {
  test('operators tag members by an opaque reference; no phone or verified name is shown', async () => {
    const vip = await tag(owner, partnerId, '重点关注');
    expect(vip.members).toEqual({ count: 0, suppressed: false, minCount: 1 });
    const res = await owner.get(`${ws(partnerId)}/audience-members`);
    expect(res.statusCode, res.body).toBe(200);
    for (const who of [a, b, c, d, e]) expect(res.body).not.toContain(who.phone.slice(-4));
    const items = res.json().items as { ref: string; nickname: string | null; groups: number }[];
    expect(items.length).toBeGreaterThanOrEqual(5);
    // Only a let the operators see a nickname.
    expect(items.filter((m) => m.nickname).map((m) => m.nickname)).toEqual(['老张']);
    const zhang = items.find((m) => m.nickname === '老张')?.ref as string;
    const other = items.find((m) => !m.nickname && m.groups > 0)?.ref as string;
    const added = await owner.put(`${ws(partnerId)}/tags/${vip.id}/members`, { add: [zhang, other] });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json().members.count).toBe(2);
    const removed = await owner.put(`${ws(partnerId)}/tags/${vip.id}/members`, { remove: [other] });
    expect(removed.json().members.count).toBe(1);
    expect(await count(owner, partnerId, [vip.id, tags.reg], 'all')).toBe(1); // a
    const listed = (await owner.get(`${ws(partnerId)}/audience-members`)).json().items as {
      ref: string;
      tagIds: string[];
    }[];
    expect(listed.find((m) => m.ref === zhang)?.tagIds).toEqual([vip.id]);
  });

  test('an unknown reference, or a rule tag, cannot be changed by hand', async () => {
    const vip = await tag(owner, partnerId, '志愿者');
    const unknown = await owner.put(`${ws(partnerId)}/tags/${vip.id}/members`, { add: ['0123456789ab'] });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.code).toBe('validation_failed');
    const rule = await owner.put(`${ws(partnerId)}/tags/${tags.g1}/members`, { add: [] });
    expect(rule.statusCode).toBe(409);
    expect(rule.json().error.code).toBe('tag_not_manual');
    const dup = await owner.post(`${ws(partnerId)}/tags`, { name: '志愿者' });
    expect(dup.json().error.code).toBe('tag_name_taken');
  });
});

describe('another institution', () => {
  test('is refused our tags, groups and sessions; nothing changes', async () => {
    const otherOwner = await t.as.resident();
    const other = await approvedInstitution(otherOwner, admin);
    const ownTag = await tag(otherOwner, other, '本机构');
    // Our tag in their audience.
    const mixed = await preview(otherOwner, other, [ownTag.id, tags.g1], 'any');
    expect(mixed.statusCode).toBe(404);
    expect(mixed.json().error.code).toBe('tag_not_found');
    // Our workspace.
    for (const res of [
      await otherOwner.get(`${ws(partnerId)}/tags`),
      await preview(otherOwner, partnerId, [tags.g1]),
      await otherOwner.get(`${ws(partnerId)}/audience-members`),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    // A rule naming our group, or a pharmacy rule at an institution that is not a pharmacy.
    const groups = (await owner.get(`${ws(partnerId)}/groups`)).json().items as { id: string }[];
    for (const rule of [
      { kind: 'group', groupId: groups[0]?.id },
      { kind: 'pharmacy_member' },
      { kind: 'health_condition', condition: 'hypertension' },
    ]) {
      const res = await otherOwner.post(`${ws(other)}/tags`, { name: `规则${rule.kind}`, rule });
      expect(res.statusCode, res.body).toBe(404);
      expect(res.json().error.code).toBe('tag_rule_target_not_found');
    }
    expect((await otherOwner.get(`${ws(other)}/tags`)).json().items).toHaveLength(1);
    // Deleting our tag from their side.
    const del = await otherOwner.del(`${ws(other)}/tags/${tags.g1}`);
    expect(del.json().error.code).toBe('tag_not_found');
    expect(
      (await owner.get(`${ws(partnerId)}/tags`)).json().items.map((x: { id: string }) => x.id),
    ).toContain(tags.g1);
  });

  test('a viewer of our institution reads tags but cannot build audiences', async () => {
    const viewer = await t.as.resident();
    expect(
      (await owner.post(`/api/v1/partners/${partnerId}/members`, { phone: viewer.phone, role: 'viewer' }))
        .statusCode,
    ).toBe(200);
    expect((await viewer.get(`${ws(partnerId)}/tags`)).statusCode).toBe(200);
    const res = await preview(viewer, partnerId, [tags.g1]);
    expect(res.statusCode).toBe(403);
  });
});
