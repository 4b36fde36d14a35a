// Test factories for live sessions and surveys: an approved institution with an operator, and a
// session that starts in an hour unless told otherwise.
import { expect } from 'vitest';
import { HOUR } from '../../platform/clock.ts';
import type { Client, TestApp } from '../../testing/test-app.ts';

let n = 0;
/** An institution (a residents' committee) applied for by `owner` and approved by `admin`; its id. */
export async function approvedInstitution(owner: Client, admin: Client) {
  n += 1;
  const res = await owner.post('/api/v1/partners', {
    name: `南山区某社区居委会${n}`,
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000005',
    regionCodes: ['440305'],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  const decided = await admin.post(`/api/v1/admin/partners/${id}/decision`, { decision: 'approved' });
  expect(decided.statusCode, decided.body).toBe(200);
  return id;
}

export const sessionBody = (t: TestApp, over: Record<string, unknown> = {}) => {
  const start = t.clock.now().getTime() + HOUR;
  return {
    title: '新冠居家用药答疑',
    description: '三甲医院医生在线解答发热、咳嗽、用药问题',
    doctor: { name: '张医生', title: '主任医师', hospital: '深圳市人民医院' },
    startsAt: new Date(start).toISOString(),
    endsAt: new Date(start + HOUR).toISOString(),
    streamUrl: 'https://live.example.org/room/1',
    embedUrl: 'https://player.bilibili.com/player.html?bvid=BV1xx',
    ...over,
  };
};

export async function scheduledSession(t: TestApp, owner: Client, partnerId: string, over = {}) {
  const res = await owner.post(`/api/v1/partners/${partnerId}/live-sessions`, sessionBody(t, over));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; startsAt: string; endsAt: string };
}

export const feedbackSurvey = (sessionId: string | null = null) => ({
  title: '直播反馈',
  sessionId,
  questions: [
    { id: 'rate', kind: 'rating', label: '这场直播对你有帮助吗？' },
    { id: 'day', kind: 'single', label: '希望直播在周几进行？', options: ['周一至周五', '周末'] },
    {
      id: 'topics',
      kind: 'multiple',
      label: '最希望直播的内容',
      options: ['用药', '疫苗', '儿童'],
      required: false,
    },
    { id: 'more', kind: 'text', label: '需要解决的问题', required: false },
  ],
});
