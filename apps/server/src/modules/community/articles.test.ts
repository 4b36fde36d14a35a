import { MOBILE_IN_TEXT } from '@medrelay/contracts';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { type Client, type TestApp, testApp } from '../../testing/test-app.ts';
import { type Institution, institution, publishedArticle } from './community-fixtures.ts';

// Each test walks a whole journey through HTTP on a fresh database; on a busy machine that takes a while.
vi.setConfig({ testTimeout: 120_000 });

describe('the content library and its review', () => {
  let t: TestApp;
  let inst: Institution;
  let editor: Client;
  let doctor: Client;
  beforeEach(async () => {
    t = await testApp();
    inst = await institution(t, '南山区蛇口社区卫生服务中心');
    editor = await inst.member('developer');
    doctor = await inst.member('developer', 'doctor');
  });
  afterEach(() => t.close());
  const base = () => `/api/v1/partners/${inst.id}/community/articles`;
  const draft = async (who: Client, over: Record<string, unknown> = {}) => {
    const res = await who.post(base(), {
      kind: 'vaccine',
      title: '流感疫苗常见问题',
      bodyMd: '**谁该打？** 60 岁以上老人、慢性病患者。',
      tags: ['疫苗', '老人'],
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; status: string; html: string };
  };
  const step = (who: Client, id: string, action: string) => who.post(`${base()}/${id}/actions`, { action });

  test('draft → reviewed by a doctor → published, then public with its reviewer’s profession only', async () => {
    const a = await draft(editor);
    expect(a.status).toBe('draft');
    expect(a.html).toContain('<strong>谁该打？</strong>');
    // Not public before it is published.
    expect((await t.as.anonymous().get(`/api/v1/articles/${a.id}`)).statusCode).toBe(404);
    // Publishing skips no step.
    const early = await step(editor, a.id, 'publish');
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('article_invalid_step');

    const reviewed = await step(doctor, a.id, 'review');
    expect(reviewed.statusCode, reviewed.body).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed', reviewerProfession: 'doctor' });
    expect((await step(editor, a.id, 'publish')).json().status).toBe('published');

    const pub = await t.as.anonymous().get(`/api/v1/articles/${a.id}`);
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({
      title: '流感疫苗常见问题',
      institution: '南山区蛇口社区卫生服务中心',
      reviewerProfession: 'doctor',
      tags: ['疫苗', '老人'],
    });
    expect(pub.json()).not.toHaveProperty('authorId');
    expect(pub.body).not.toMatch(MOBILE_IN_TEXT);
    expect(pub.body).not.toMatch(/\*\*\*\*/);
  });

  test('an author cannot review their own article, even as a doctor: 403, still a draft', async () => {
    const a = await draft(doctor);
    const res = await step(doctor, a.id, 'review');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('own_article_review');
    const list = (await doctor.get(base())).json().items;
    expect(list[0]).toMatchObject({ id: a.id, status: 'draft', mine: true });
  });

  test('a member without a doctor or pharmacist role cannot review: 403 not_a_reviewer', async () => {
    const a = await draft(doctor);
    const res = await step(editor, a.id, 'review');
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_a_reviewer');
    // A pharmacist may.
    const pharmacist = await inst.member('viewer', 'pharmacist');
    const viewerTry = await step(pharmacist, a.id, 'review');
    expect(viewerTry.statusCode).toBe(403); // a viewer writes nothing
    const ph = await inst.member('developer', 'pharmacist');
    expect((await step(ph, a.id, 'review')).json()).toMatchObject({ reviewerProfession: 'pharmacist' });
  });

  test('editing a published article takes it back to draft and off the public page', async () => {
    const id = await publishedArticle(inst, editor, doctor);
    const edited = await editor.put(`${base()}/${id}`, {
      kind: 'medicine_guidance',
      title: '布洛芬怎么吃（修订）',
      bodyMd: '新的内容',
    });
    expect(edited.json()).toMatchObject({ status: 'draft', reviewerProfession: null, publishedAt: null });
    expect((await t.as.anonymous().get(`/api/v1/articles/${id}`)).statusCode).toBe(404);
  });

  test('scripts and javascript: links never reach the article page', async () => {
    const id = await publishedArticle(inst, editor, doctor, {
      bodyMd:
        '正文<script>alert(1)</script> <a href="javascript:alert(2)">点我</a> <img src="https://x.example/a.png" onerror="alert(3)">',
    });
    const html = (await t.as.anonymous().get(`/api/v1/articles/${id}`)).json().html as string;
    expect(html).not.toMatch(/<script|javascript:|onerror|alert\(/i);
    expect(html).toContain('点我');
  });

  test('the article page carries a share card with no personal data', async () => {
    const id = await publishedArticle(inst, editor, doctor, {
      summary: '退烧药 "怎么" 吃 <b>',
      coverUrl: 'https://img.example.org/cover.png',
    });
    const page = await t.app.inject({ method: 'GET', url: `/articles/${id}` });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<meta property="og:title" content="布洛芬怎么吃">');
    expect(page.body).toContain(
      '<meta property="og:description" content="退烧药 &quot;怎么&quot; 吃 &lt;b&gt;">',
    );
    expect(page.body).toContain('<meta property="og:image" content="https://img.example.org/cover.png">');
    expect(page.body).not.toMatch(MOBILE_IN_TEXT);
    expect(page.body).not.toMatch(/\*\*\*\*/);
    const missing = await t.app.inject({
      method: 'GET',
      url: '/articles/00000000-0000-4000-8000-000000000000',
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.body).not.toContain('og:title');
  });

  test('another institution’s operator cannot read, edit or step our articles', async () => {
    const a = await draft(editor);
    const other = await institution(t, '别的医院');
    const theirDoctor = await other.member('developer', 'doctor');
    const viaTheirs = `/api/v1/partners/${other.id}/community/articles/${a.id}`;
    expect((await theirDoctor.post(`${viaTheirs}/actions`, { action: 'review' })).statusCode).toBe(404);
    expect((await theirDoctor.post(`${base()}/${a.id}/actions`, { action: 'review' })).statusCode).toBe(404);
    expect((await other.owner.put(viaTheirs, { kind: 'faq', title: 'x', bodyMd: 'x' })).statusCode).toBe(404);
    // Nor can an owner elsewhere make someone our reviewer.
    const res = await other.owner.put(`${base().replace('/articles', '')}/reviewers`, {
      userId: '00000000-0000-4000-8000-000000000000',
      profession: 'doctor',
    });
    expect(res.statusCode).toBe(404);
    expect((await editor.get(base())).json().items[0]).toMatchObject({
      status: 'draft',
      title: '流感疫苗常见问题',
    });
  });

  test('only a member of the institution can be made a reviewer', async () => {
    const stranger = await t.as.resident();
    const meRes = await stranger.get('/api/v1/me');
    const userId = meRes.json().id ?? meRes.json().user?.id;
    const res = await inst.owner.put(`/api/v1/partners/${inst.id}/community/reviewers`, {
      userId,
      profession: 'doctor',
    });
    expect(res.statusCode).toBe(404);
    expect(
      (await inst.owner.get(`/api/v1/partners/${inst.id}/community/reviewers`)).json().items,
    ).toHaveLength(1);
  });
});
