import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MINUTE } from '../../platform/clock.ts';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedInstitution, scheduledSession, sessionBody } from './live-fixtures.ts';

let t: TestApp;
let owner: Client;
let admin: Client;
let partnerId: string;
let otherOwner: Client;
let otherPartner: string;
beforeAll(async () => {
  t = await testApp();
  [owner, admin, otherOwner] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
  await t.setRole(admin, 'admin');
  partnerId = await approvedInstitution(owner, admin);
  otherPartner = await approvedInstitution(otherOwner, admin);
});
afterAll(() => t.close());
// The tests move the clock past the 30-minute idle limit of a login: a fresh one for each test.
const again = (who: Client) => t.as.resident({ phone: who.phone, verified: false });
/** Moves the clock and logs the operators and the given residents in again. */
async function advance<T extends Client[]>(ms: number, ...who: T): Promise<T> {
  t.clock.advance(ms);
  [owner, otherOwner] = [await again(owner), await again(otherOwner)];
  return (await Promise.all(who.map(again))) as T;
}

const base = (id: string, sessionId = '') =>
  `/api/v1/partners/${id}/live-sessions${sessionId ? `/${sessionId}` : ''}`;
const inbox = async (who: Client) =>
  (await who.get('/api/v1/me/notifications')).json().items as {
    type: string;
    data: { sessionId?: string };
  }[];
/** The reminder job of a server process on the same database (bootstrap runs it every minute). */
async function runReminders() {
  const other = await t.anotherApp();
  try {
    return await other.live.sessions.remindDue();
  } finally {
    await other.app.close();
  }
}

describe('scheduling a live session', () => {
  test('an operator schedules; residents see it in the list with the doctor and the embed', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    const res = await t.as.anonymous().get('/api/v1/live-sessions');
    // The page may frame the allow-listed players and nothing else.
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toMatch(/frame-src[^;]*https:\/\/player\.bilibili\.com/);
    expect(csp).not.toMatch(/frame-src[^;]*\*/);
    const list = res.json().items;
    const found = list.find((x: { id: string }) => x.id === s.id);
    expect(found).toMatchObject({
      phase: 'upcoming',
      doctor: { name: '张医生', title: '主任医师', hospital: '深圳市人民医院' },
      embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1xx',
      registeredCount: 0,
      me: null,
    });
  });

  test('an embed on a host off the allow-list, a plain-http stream or a start in the past: 4xx, nothing scheduled', async () => {
    const before = (await owner.get(base(partnerId))).json().items.length;
    const evil = await owner.post(
      base(partnerId),
      sessionBody(t, { embedUrl: 'https://evil.example.com/x' }),
    );
    expect(evil.statusCode).toBe(400);
    expect(evil.json().error.code).toBe('embed_host_not_allowed');
    const http = await owner.post(
      base(partnerId),
      sessionBody(t, { streamUrl: 'http://live.example.org/1' }),
    );
    expect(http.json().error.code).toBe('validation_failed');
    const past = await owner.post(
      base(partnerId),
      sessionBody(t, {
        startsAt: new Date(t.clock.now().getTime() - MINUTE).toISOString(),
        endsAt: new Date(t.clock.now().getTime() + 30 * MINUTE).toISOString(),
      }),
    );
    expect(past.json().error.code).toBe('live_session_in_past');
    const backwards = await owner.post(
      base(partnerId),
      sessionBody(t, { endsAt: new Date(t.clock.now().getTime()).toISOString() }),
    );
    expect(backwards.json().error.code).toBe('validation_failed');
    expect((await owner.get(base(partnerId))).json().items.length).toBe(before);
  });

  test("another institution's operator cannot see, change or moderate the session: 404, nothing changed", async () => {
    const s = await scheduledSession(t, owner, partnerId);
    const resident = await t.as.resident();
    const asked = await resident.post(`/api/v1/live-sessions/${s.id}/questions`, {
      body: '发烧三天还要吃布洛芬吗？',
    });
    const qid = asked.json().id;
    expect((await otherOwner.get(base(partnerId, s.id) + '/questions')).statusCode).toBe(404);
    // Through their own institution's path, the session is not theirs either.
    expect((await otherOwner.get(base(otherPartner, s.id) + '/questions')).statusCode).toBe(404);
    const patched = await otherOwner.patch(base(otherPartner, s.id), {
      replayUrl: 'https://evil.example.com',
    });
    expect(patched.statusCode).toBe(404);
    const hidden = await otherOwner.post(`${base(otherPartner, s.id)}/questions/${qid}/hide`, {});
    expect(hidden.statusCode).toBe(404);
    const mine = await owner.get(`${base(partnerId, s.id)}/questions`);
    expect(mine.json().items[0]).toMatchObject({ id: qid, status: 'approved' });
    expect((await t.as.anonymous().get(`/api/v1/live-sessions/${s.id}`)).json().replayUrl).toBeNull();
    // A plain resident is no member at all.
    expect((await resident.get(base(partnerId))).statusCode).toBe(404);
  });
});

describe('registration and the reminder', () => {
  test('registered residents who asked to be reminded are told once, 30 minutes before, also after a restart', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    let [a, b, c] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
    expect((await a.put(`/api/v1/live-sessions/${s.id}/registration`, {})).json().me).toEqual({
      registered: true,
      remind: true,
    });
    await b.put(`/api/v1/live-sessions/${s.id}/registration`, { remind: true });
    await c.put(`/api/v1/live-sessions/${s.id}/registration`, { remind: false });
    expect((await a.get(`/api/v1/live-sessions/${s.id}`)).json().registeredCount).toBe(3);
    // An hour before: too early.
    await runReminders();
    expect((await inbox(a)).some((n) => n.type === 'live_reminder')).toBe(false);
    [a, b, c] = await advance(31 * MINUTE, a, b, c);
    await runReminders();
    // The next run, in another process after a restart, sends nothing more.
    await runReminders();
    t.clock.advance(2 * MINUTE);
    await runReminders();
    for (const who of [a, b]) {
      const reminders = (await inbox(who)).filter(
        (n) => n.type === 'live_reminder' && n.data.sessionId === s.id,
      );
      expect(reminders).toHaveLength(1);
    }
    expect((await inbox(c)).some((n) => n.type === 'live_reminder')).toBe(false);
  });

  test('a cancelled session reminds no one and takes no registration', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    let a = await t.as.resident();
    await a.put(`/api/v1/live-sessions/${s.id}/registration`, {});
    expect((await owner.patch(base(partnerId, s.id), { cancelled: true })).json().phase).toBe('cancelled');
    [a] = await advance(40 * MINUTE, a);
    await runReminders();
    expect((await inbox(a)).some((n) => n.data.sessionId === s.id)).toBe(false);
    const late = await (await t.as.resident()).put(`/api/v1/live-sessions/${s.id}/registration`, {});
    expect(late.json().error.code).toBe('live_session_over');
  });
});

describe('questions', () => {
  test('collected beforehand: on the wall at once, one up-vote per person, most voted first', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    const [a, b] = [await t.as.resident(), await t.as.resident()];
    const q1 = (
      await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '孩子发烧能用布洛芬吗？' })
    ).json();
    const q2 = (
      await b.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '抗原两道杠要隔离几天？' })
    ).json();
    expect(q1).toMatchObject({ status: 'approved', askedLive: false, mine: true, votes: 0 });
    const vote = (who: Client, q: string) => who.put(`/api/v1/live-sessions/${s.id}/questions/${q}/vote`);
    expect((await vote(a, q2.id)).statusCode).toBe(204);
    expect((await vote(a, q2.id)).statusCode).toBe(204);
    expect((await vote(b, q2.id)).statusCode).toBe(204);
    const wall = (await a.get(`/api/v1/live-sessions/${s.id}/questions`)).json().items;
    expect(wall.map((q: { id: string; votes: number }) => [q.id, q.votes])).toEqual([
      [q2.id, 2],
      [q1.id, 0],
    ]);
    expect(wall[0]).toMatchObject({ myVote: true, mine: false });
    await a.del(`/api/v1/live-sessions/${s.id}/questions/${q2.id}/vote`);
    await a.del(`/api/v1/live-sessions/${s.id}/questions/${q2.id}/vote`);
    const after = (await a.get(`/api/v1/live-sessions/${s.id}/questions`)).json().items;
    expect(after.find((q: { id: string }) => q.id === q2.id)).toMatchObject({ votes: 1, myVote: false });
    // Nobody sees who asked.
    expect(JSON.stringify(after)).not.toMatch(MOBILE_IN_TEXT);
    expect(JSON.stringify(after)).not.toMatch(/userId/);
  });

  test('a question above 300 characters is refused and nothing is added; a sixth question is refused', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    const a = await t.as.resident();
    const long = await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '咳'.repeat(301) });
    expect(long.statusCode).toBe(400);
    expect(long.json().error.code).toBe('validation_failed');
    expect((await owner.get(`${base(partnerId, s.id)}/questions`)).json().items).toHaveLength(0);
    for (let i = 0; i < 5; i++)
      expect(
        (await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: `第${i}个问题？` })).statusCode,
      ).toBe(201);
    const sixth = await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '第六个问题？' });
    expect(sixth.json().error.code).toBe('live_question_limit');
    expect((await owner.get(`${base(partnerId, s.id)}/questions`)).json().items).toHaveLength(5);
  });

  test('during the session: questions wait for the operator, who approves, answers and hides; figures count it all', async () => {
    const s = await scheduledSession(t, owner, partnerId);
    let [a, b, c] = [await t.as.resident(), await t.as.resident(), await t.as.resident()];
    await a.put(`/api/v1/live-sessions/${s.id}/registration`, {});
    await b.put(`/api/v1/live-sessions/${s.id}/registration`, {});
    // Opening the live page before it starts is not attending.
    expect((await a.post(`/api/v1/live-sessions/${s.id}/attendance`)).json()).toEqual({ attended: false });
    [a, b, c] = await advance(61 * MINUTE, a, b, c);
    expect((await t.as.anonymous().get(`/api/v1/live-sessions/${s.id}`)).json().phase).toBe('live');
    expect((await a.post(`/api/v1/live-sessions/${s.id}/attendance`)).json()).toEqual({ attended: true });
    await a.post(`/api/v1/live-sessions/${s.id}/attendance`);
    await c.post(`/api/v1/live-sessions/${s.id}/attendance`);
    const live = (
      await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '退烧后还咳嗽怎么办？' })
    ).json();
    const rude = (await b.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '加我微信买药' })).json();
    expect(live).toMatchObject({ status: 'pending', askedLive: true });
    const seenBy = async (who: Client) =>
      (await who.get(`/api/v1/live-sessions/${s.id}/questions`))
        .json()
        .items.map((q: { id: string }) => q.id);
    expect(await seenBy(c)).toEqual([]);
    expect(await seenBy(a)).toEqual([live.id]);
    const act = (q: string, action: string, body = {}) =>
      owner.post(`${base(partnerId, s.id)}/questions/${q}/${action}`, body);
    expect((await act(live.id, 'approve')).json().status).toBe('approved');
    expect((await act(rude.id, 'hide')).json().status).toBe('hidden');
    expect(await seenBy(c)).toEqual([live.id]);
    const answered = await act(live.id, 'answer', { answer: '多喝水，咳嗽超过两周请就医。' });
    expect(answered.json()).toMatchObject({ status: 'answered', answer: '多喝水，咳嗽超过两周请就医。' });
    expect((await c.get(`/api/v1/live-sessions/${s.id}/questions`)).json().items[0].status).toBe('answered');
    const figures = (await owner.get(base(partnerId)))
      .json()
      .items.find((x: { id: string }) => x.id === s.id).figures;
    expect(figures).toMatchObject({
      registered: 2,
      attended: 2,
      questions: 2,
      answered: 1,
      ratings: { count: 0 },
    });
    // After the end: no more questions or votes; the replay link is set by the operator.
    [a] = await advance(61 * MINUTE, a);
    const late = await a.post(`/api/v1/live-sessions/${s.id}/questions`, { body: '还能问吗？' });
    expect(late.json().error.code).toBe('live_session_over');
    const replay = await owner.patch(base(partnerId, s.id), {
      replayUrl: 'https://live.example.org/replay/1',
    });
    expect(replay.json()).toMatchObject({ phase: 'ended', replayUrl: 'https://live.example.org/replay/1' });
  });
});
