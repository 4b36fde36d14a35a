import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type TestApp, testApp } from '../../testing/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t.close();
});

const search = async (q: string, category?: string) => {
  const query = new URLSearchParams({ q, ...(category ? { category } : {}) });
  const res = await t.as.anonymous().get(`/api/v1/medicines?${query}`);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: { id: string; category: string; uses: string[] }[] }).items;
};
const ids = async (q: string, category?: string) => (await search(q, category)).map((m) => m.id);

describe('catalogue search by symptom', () => {
  test('"退烧" and "发烧" find the fever medicines for adults and children', async () => {
    for (const q of ['退烧', '发烧']) {
      const found = await ids(q);
      for (const id of [
        'ibuprofen-tablet',
        'acetaminophen-tablet',
        'ibuprofen-suspension',
        'acetaminophen-drops',
      ]) {
        expect(found, `${q} → ${id}`).toContain(id);
      }
      expect(found, q).not.toContain('ambroxol-tablet');
    }
  });

  test('"止咳" and "咳嗽" find cough medicines, "嗓子疼" and "咽痛" find lozenges', async () => {
    for (const q of ['止咳', '咳嗽']) {
      const found = await ids(q);
      expect(found, q).toContain('pediatric-cough-syrup');
      expect(found, q).toContain('chuanbei-pipa-gao');
      expect(found, q).not.toContain('ibuprofen-tablet');
    }
    for (const q of ['嗓子疼', '咽痛']) {
      const found = await ids(q);
      expect(found, q).toContain('watermelon-frost-lozenge');
      expect(found, q).toContain('golden-throat-lozenge');
      expect(found, q).not.toContain('montmorillonite-powder');
    }
  });

  test('"测新冠" finds the antigen tests, "鼻塞" the cold remedies, "腹泻" the diarrhoea remedies', async () => {
    expect((await ids('测新冠')).sort()).toEqual(['antigen-test-5pack', 'antigen-test-single']);
    expect(await ids('抗原')).toEqual(expect.arrayContaining(['antigen-test-single', 'antigen-test-5pack']));
    expect(await ids('鼻塞')).toContain('pediatric-paracetamol-chlorphenamine-granule');
    expect(await ids('腹泻')).toEqual(expect.arrayContaining(['montmorillonite-powder', 'ors-iii']));
  });

  test('English symptoms match too, case-insensitively', async () => {
    expect(await ids('Fever')).toContain('ibuprofen-tablet');
    expect(await ids('sore throat')).toContain('lysozyme-lozenge');
  });

  test('a name match ranks above a use match', async () => {
    // 体温计 are searched by "发烧" (a resident with a fever wants one) but are named 体温计.
    const found = await ids('体温');
    expect(found[0]).toMatch(/thermometer/);
    const fever = await ids('发烧');
    expect(fever).toContain('electronic-thermometer');
    // "美林" is a brand of 布洛芬混悬液: named, so it comes first even though it is also a fever medicine.
    expect((await ids('美林'))[0]).toBe('ibuprofen-suspension');
  });

  test('a symptom search stays within the chosen category', async () => {
    const found = await search('退烧', 'pediatric');
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((m) => m.category === 'pediatric')).toBe(true);
  });

  test('each item carries its uses, and an unknown symptom finds nothing', async () => {
    const [first] = await search('退烧');
    expect(first?.uses).toContain('退烧');
    expect(await ids('骨折')).toEqual([]);
  });
});
