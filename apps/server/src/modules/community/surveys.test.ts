import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { approvedInstitution, feedbackSurvey, scheduledSession } from './live-fixtures.ts';

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

const base = (id: string) => `/api/v1/partners/${id}/surveys`;
async function openSurvey(body = feedbackSurvey()) {
  const created = await owner.post(base(partnerId), body);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const opened = await owner.put(`${base(partnerId)}/${id}/status`, { status: 'open' });
  expect(opened.json().status).toBe('open');
  return id;
}
const answer = (who: Client, id: string, answers: Record<string, unknown>, shareContact?: boolean) =>
  who.post(`/api/v1/surveys/${id}/responses`, {
    answers,
    ...(shareContact === undefined ? {} : { shareContact }),
  });
const results = async (id: string) => (await owner.get(`${base(partnerId)}/${id}/results`)).json();

describe('surveys', () => {
  test('a draft is not shown; once open, residents answer once and the results tally each kind', async () => {
    const created = (await owner.post(base(partnerId), feedbackSurvey())).json();
    expect(created.status).toBe('draft');
    expect((await t.as.anonymous().get(`/api/v1/surveys/${created.id}`)).statusCode).toBe(404);
    await owner.put(`${base(partnerId)}/${created.id}/status`, { status: 'open' });
    const id = created.id as string;
    const [a, b] = [await t.as.resident(), await t.as.resident()];
    const first = await answer(a, id, { rate: 5, day: 1, topics: [0, 2], more: '想听儿童用药' });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({ answered: true, responses: 1 });
    expect((await answer(b, id, { rate: 3, day: 1 })).statusCode).toBe(201);
    const twice = await answer(a, id, { rate: 1, day: 0 });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('survey_already_answered');
    const r = await results(id);
    expect(r.responses).toBe(2);
    const q = Object.fromEntries(r.questions.map((x: { id: string }) => [x.id, x]));
    expect(q.rate).toMatchObject({ counts: [0, 0, 1, 0, 1], average: 4 });
    expect(q.day.counts).toEqual([0, 2]);
    expect(q.topics.counts).toEqual([1, 0, 1]);
    expect(q.more.texts).toEqual(['想听儿童用药']);
    expect(JSON.stringify(r)).not.toMatch(MOBILE_IN_TEXT);
    expect(JSON.stringify(r)).not.toMatch(/userId/);
  });

  test('a wrong or missing answer is refused and nothing is stored', async () => {
    const id = await openSurvey();
    const a = await t.as.resident();
    for (const bad of [
      { day: 1 },
      { rate: 6, day: 1 },
      { rate: 4, day: 2 },
      { rate: 4, day: 1, topics: [0, 0] },
      { rate: 4, day: 1, extra: 'x' },
    ]) {
      const res = await answer(a, id, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
    }
    expect((await answer(a, id, { rate: 4, day: 1 }, false)).statusCode).toBe(201);
    expect((await results(id)).responses).toBe(1);
  });

  test('an answer to a closed survey is refused and changes nothing', async () => {
    const id = await openSurvey();
    const a = await t.as.resident();
    await answer(a, id, { rate: 4, day: 0 });
    const closed = await owner.put(`${base(partnerId)}/${id}/status`, { status: 'closed' });
    expect(closed.json().status).toBe('closed');
    const late = await answer(await t.as.resident(), id, { rate: 2, day: 0 });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('survey_closed');
    expect((await results(id)).responses).toBe(1);
  });

  test('the CSV export carries a phone number only for respondents who agreed', async () => {
    const id = await openSurvey();
    const [agrees, declines] = [await t.as.resident(), await t.as.resident()];
    await answer(agrees, id, { rate: 5, day: 0, more: '=HYPERLINK("x")' }, true);
    await answer(declines, id, { rate: 2, day: 1, more: '希望周末' }, false);
    const res = await owner.get(`${base(partnerId)}/${id}/export`);
    expect(res.statusCode).toBe(200);
    const { csv } = res.json() as { csv: string };
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('phone');
    expect(csv).toContain(agrees.phone);
    expect(csv).not.toContain(declines.phone);
    expect(lines.find((l) => l.includes('希望周末'))).not.toMatch(MOBILE_IN_TEXT);
    // A formula in an answer is neutralised for spreadsheets.
    expect(csv).toContain(`"'=HYPERLINK(""x"")"`);
  });

  test("another institution's operator cannot open, close, read or export the survey: 404, nothing changed", async () => {
    const id = await openSurvey();
    await answer(await t.as.resident(), id, { rate: 5, day: 0 });
    for (const path of [`${base(partnerId)}/${id}`, `${base(otherPartner)}/${id}`]) {
      expect((await otherOwner.put(`${path}/status`, { status: 'closed' })).statusCode).toBe(404);
      expect((await otherOwner.get(`${path}/results`)).statusCode).toBe(404);
      expect((await otherOwner.get(`${path}/export`)).statusCode).toBe(404);
    }
    expect((await t.as.anonymous().get(`/api/v1/surveys/${id}`)).json().status).toBe('open');
    // Nor attach a survey to this institution's session.
    const session = await scheduledSession(t, owner, partnerId);
    const stolen = await otherOwner.post(base(otherPartner), feedbackSurvey(session.id));
    expect(stolen.statusCode).toBe(404);
    expect((await otherOwner.get(base(otherPartner))).json().items).toHaveLength(0);
  });

  test("a session's feedback survey is linked from the session and its ratings reach the figures", async () => {
    const session = await scheduledSession(t, owner, partnerId);
    const id = await openSurvey(feedbackSurvey(session.id));
    expect((await t.as.anonymous().get(`/api/v1/live-sessions/${session.id}`)).json().surveyId).toBe(id);
    await answer(await t.as.resident(), id, { rate: 5, day: 0 });
    await answer(await t.as.resident(), id, { rate: 4, day: 0 });
    const figures = (await owner.get(`/api/v1/partners/${partnerId}/live-sessions`))
      .json()
      .items.find((s: { id: string }) => s.id === session.id).figures;
    expect(figures.ratings).toEqual({ count: 2, average: 4.5 });
  });

  test('choice questions need options; ids must be distinct', async () => {
    const noOptions = await owner.post(base(partnerId), {
      title: '坏问卷',
      questions: [{ id: 'a', kind: 'single', label: '选一个', options: ['只有一个'] }],
    });
    expect(noOptions.statusCode).toBe(400);
    const dup = await owner.post(base(partnerId), {
      title: '坏问卷',
      questions: [
        { id: 'a', kind: 'text', label: '一' },
        { id: 'a', kind: 'text', label: '二' },
      ],
    });
    expect(dup.statusCode).toBe(400);
  });
});
