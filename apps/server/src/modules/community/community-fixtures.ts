// Test factories for the community tests: an institution with an owner, members and reviewers.
import { expect } from 'vitest';
import type { Client, TestApp } from '../../testing/test-app.ts';

type Member = { userId: string; phoneMasked: string };

export interface Institution {
  id: string;
  owner: Client;
  /** A member of the institution with a role (and a doctor or pharmacist profession when given). */
  member(role: 'owner' | 'developer' | 'viewer', profession?: 'doctor' | 'pharmacist'): Promise<Client>;
}

export async function institution(t: TestApp, name = '南山区粤海街道办事处'): Promise<Institution> {
  const owner = await t.as.resident();
  const res = await owner.post('/api/v1/partners', {
    name,
    type: 'government',
    contactName: '王主任',
    contactPhone: '13900000001',
    regionCodes: ['440305'],
  });
  expect(res.statusCode, res.body).toBe(201);
  const id = res.json().id as string;
  return {
    id,
    owner,
    async member(role, profession) {
      const person = await t.as.resident();
      const added = await owner.post(`/api/v1/partners/${id}/members`, { phone: person.phone, role });
      expect(added.statusCode, added.body).toBe(200);
      if (profession) {
        const body = added.json() as Member[] | { items: Member[] };
        const userId = (Array.isArray(body) ? body : body.items).find(
          (m) => m.phoneMasked === `${person.phone.slice(0, 3)}****${person.phone.slice(-4)}`,
        )?.userId;
        const set = await owner.put(`/api/v1/partners/${id}/community/reviewers`, { userId, profession });
        expect(set.statusCode, set.body).toBe(200);
      }
      return person;
    },
  };
}

export async function createGroup(inst: Institution, over: Record<string, unknown> = {}) {
  const res = await inst.owner.post(`/api/v1/partners/${inst.id}/community/groups`, {
    name: '高血压之家',
    kind: 'topic',
    description: '血压管理、用药提醒',
    rules: '不发广告，不卖药。',
    ...over,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; joinPath: string; memberCount: number };
}

/** An article written by `author`, reviewed by `reviewer` and published; returns its id. */
export async function publishedArticle(
  inst: Institution,
  author: Client,
  reviewer: Client,
  over: Record<string, unknown> = {},
) {
  const base = `/api/v1/partners/${inst.id}/community/articles`;
  const created = await author.post(base, {
    kind: 'medicine_guidance',
    title: '布洛芬怎么吃',
    summary: '退烧止痛，按说明书服用',
    bodyMd: '## 用法\n\n每次 1 片，**间隔 4 到 6 小时**。',
    tags: ['发热'],
    ...over,
  });
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as string;
  const reviewed = await reviewer.post(`${base}/${id}/actions`, { action: 'review' });
  expect(reviewed.statusCode, reviewed.body).toBe(200);
  const published = await author.post(`${base}/${id}/actions`, { action: 'publish' });
  expect(published.statusCode, published.body).toBe(200);
  return id;
}
