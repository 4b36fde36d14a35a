import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { aliasInitialsOf, initialsOf, pinyinOf } from '../../../../../scripts/catalog-pinyin';

interface Bilingual {
  zh: string;
  en: string;
}
interface Medicine {
  id: string;
  name: Bilingual;
  genericName: string;
  aliases: string[];
  pinyin: string;
  initials: string;
  aliasInitials: string[];
  uses: string[];
  category: string;
  form: string;
  unit: Bilingual;
  caps: { need: number; offer: number };
  otc: boolean;
  dosing: Bilingual;
  redFlags: { zh: string[]; en: string[] };
}
interface Catalog {
  version: string;
  source: string;
  categories: { id: string; name: Bilingual }[];
  medicines: Medicine[];
  excluded: { name: string; reason: string }[];
}

const catalog = JSON.parse(
  readFileSync(new URL('../../../data/catalog.v1.json', import.meta.url), 'utf8'),
) as Catalog;
const { categories, medicines, excluded } = catalog;

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const CATEGORY_IDS = ['antigen', 'antipyretic', 'pediatric', 'cough', 'throat', 'tcm', 'supplies', 'other'];
const FORMS = [
  'tablet',
  'capsule',
  'granule',
  'suspension',
  'drops',
  'syrup',
  'lozenge',
  'effervescent',
  'powder',
  'test-kit',
  'device',
  'mask',
  'other',
];
const UNITS = ['片', '粒', '袋', '支', '瓶', '个', '只', '人份'];

// Substances that must never be offered through the square: the NMPA online-sale ban list of
// 2022-12-01, prescription-only ingredients, and (a project rule) any TCM containing 麻黄.
// Matched against names, generic names and aliases, so a brand alias cannot smuggle one in.
const BANNED: { pattern: RegExp; why: string }[] = [
  { pattern: /伪麻黄碱|伪麻|pseudoephedrine/i, why: 'pseudoephedrine' },
  { pattern: /麻黄碱|甲麻|ephedrine/i, why: 'ephedrine' },
  { pattern: /麻黄|ephedra/i, why: '麻黄 (ephedra herb)' },
  { pattern: /可待因|codeine/i, why: 'codeine' },
  { pattern: /复方甘草/, why: '复方甘草 (contains opium)' },
  { pattern: /罂粟|阿片|opium/i, why: 'opium / poppy husk' },
  { pattern: /曲马多|tramadol/i, why: 'tramadol' },
  { pattern: /克仑特罗|氨溴特罗|易坦静|clenbuterol/i, why: 'clenbuterol (prescription-only)' },
  { pattern: /注射|injection/i, why: 'injection' },
];
// Single-ingredient oral dextromethorphan is banned; a combination (e.g. with guaifenesin) is not,
// so a mention of it is only allowed next to another active ingredient.
const DEXTROMETHORPHAN = /右美沙芬|dextromethorphan/i;
const DXM_PARTNER = /愈创|愈美|氨酚|guaifenesin|acetaminophen|paracetamol/i;

function searchableStrings(medicine: Medicine): string[] {
  return [medicine.name.zh, medicine.name.en, medicine.genericName, ...medicine.aliases, ...medicine.uses];
}

describe('catalog.v1.json', () => {
  test('has the versioned header', () => {
    expect(catalog.version).toBe('2022.12-1');
    expect(catalog.source).toContain('新冠病毒感染者居家治疗常用药参考表');
    expect(catalog.source).toContain('NMPA online-sale ban list');
  });

  test('categories are the fixed set, each named in both languages', () => {
    expect(categories.map((c) => c.id).sort()).toEqual([...CATEGORY_IDS].sort());
    for (const category of categories) {
      expect(category.name.zh.trim()).not.toBe('');
      expect(category.name.en.trim()).not.toBe('');
    }
  });

  test('medicine ids are unique kebab-case', () => {
    const ids = medicines.map((m) => m.id);
    for (const id of ids) expect(id, id).toMatch(KEBAB);
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('has at least 40 medicines and every category has at least 2', () => {
    expect(medicines.length).toBeGreaterThanOrEqual(40);
    for (const id of CATEGORY_IDS) {
      expect(medicines.filter((m) => m.category === id).length, id).toBeGreaterThanOrEqual(2);
    }
  });

  test('every entry uses a known category, form and unit', () => {
    const known = new Set(categories.map((c) => c.id));
    for (const m of medicines) {
      expect(known.has(m.category), `${m.id}: category ${m.category}`).toBe(true);
      expect(FORMS, `${m.id}: form`).toContain(m.form);
      expect(UNITS, `${m.id}: unit`).toContain(m.unit.zh);
      expect(m.unit.en.trim(), `${m.id}: unit.en`).not.toBe('');
    }
  });

  test('names are complete in both languages', () => {
    for (const m of medicines) {
      expect(m.name.zh.trim(), m.id).not.toBe('');
      expect(m.name.en.trim(), m.id).not.toBe('');
      expect(m.genericName.trim(), m.id).not.toBe('');
      expect(m.aliases.length, m.id).toBeGreaterThan(0);
      for (const alias of m.aliases) expect(alias.trim(), m.id).not.toBe('');
    }
  });

  test('every entry lists the symptoms or uses it is searched by, in Chinese and English', () => {
    for (const m of medicines) {
      expect(m.uses.length, m.id).toBeGreaterThan(0);
      expect(
        m.uses.some((u) => /\p{Script=Han}/u.test(u)),
        `${m.id}: a Chinese use`,
      ).toBe(true);
      expect(
        m.uses.some((u) => /^[a-z ]+$/i.test(u)),
        `${m.id}: an English use`,
      ).toBe(true);
      expect(new Set(m.uses).size, `${m.id}: no duplicate uses`).toBe(m.uses.length);
      for (const use of m.uses) expect(use.trim(), m.id).toBe(use);
    }
  });

  test('caps are small positive integers with need <= offer', () => {
    for (const m of medicines) {
      const { need, offer } = m.caps;
      expect(Number.isInteger(need) && need > 0, `${m.id}: need ${need}`).toBe(true);
      expect(Number.isInteger(offer) && offer > 0, `${m.id}: offer ${offer}`).toBe(true);
      expect(need, `${m.id}: need <= offer`).toBeLessThanOrEqual(offer);
      // One household for a few days, never bulk.
      expect(offer, `${m.id}: offer cap`).toBeLessThanOrEqual(60);
    }
  });

  test('every entry is OTC', () => {
    for (const m of medicines) expect(m.otc, m.id).toBe(true);
  });

  test('every entry has dosing in both languages and at least one red flag', () => {
    for (const m of medicines) {
      expect(m.dosing.zh.trim(), `${m.id}: dosing.zh`).not.toBe('');
      expect(m.dosing.en.trim(), `${m.id}: dosing.en`).not.toBe('');
      expect(m.redFlags.zh.length, `${m.id}: redFlags.zh`).toBeGreaterThanOrEqual(1);
      expect(m.redFlags.en.length, `${m.id}: redFlags.en`).toBe(m.redFlags.zh.length);
      for (const flag of [...m.redFlags.zh, ...m.redFlags.en]) expect(flag.trim(), m.id).not.toBe('');
    }
  });

  test('no entry names a banned or prescription-only substance', () => {
    const offences: string[] = [];
    for (const m of medicines) {
      for (const text of searchableStrings(m)) {
        for (const { pattern, why } of BANNED) {
          if (pattern.test(text)) offences.push(`${m.id}: "${text}" (${why})`);
        }
        if (DEXTROMETHORPHAN.test(text) && !DXM_PARTNER.test(text)) {
          offences.push(`${m.id}: "${text}" (single-ingredient dextromethorphan)`);
        }
      }
    }
    expect(offences).toEqual([]);
  });

  test('the banned-substance check does catch the excluded products', () => {
    const caught = (name: string) =>
      BANNED.some(({ pattern }) => pattern.test(name)) ||
      (DEXTROMETHORPHAN.test(name) && !DXM_PARTNER.test(name));
    for (const name of ['复方盐酸伪麻黄碱缓释胶囊', '氢溴酸右美沙芬片', '复方甘草片', '复方磷酸可待因溶液']) {
      expect(caught(name), name).toBe(true);
    }
    expect(caught('愈创甘油醚片')).toBe(false);
  });

  test('records what was deliberately left out, with reasons', () => {
    expect(excluded.length).toBeGreaterThanOrEqual(10);
    const names = excluded.map((e) => e.name);
    for (const e of excluded) {
      expect(e.name.trim()).not.toBe('');
      expect(e.reason, e.name).toMatch(/^(ban-list|prescription-only|project rule): ?\S/);
    }
    for (const product of ['新康泰克', '白加黑', '右美沙芬', '复方甘草片', '可待因', '连花清瘟', '易坦静']) {
      expect(
        names.some((n) => n.includes(product)),
        product,
      ).toBe(true);
    }
    // Nothing excluded may reappear in the catalogue under its own name.
    const catalogueNames = new Set(medicines.flatMap(searchableStrings));
    for (const e of excluded) {
      for (const part of e.name.split(/[()（）/]/).map((s) => s.trim())) {
        if (part.length >= 2) expect(catalogueNames.has(part), part).toBe(false);
      }
    }
  });

  test('pinyin, initials and alias initials match pinyin-pro', () => {
    for (const m of medicines) {
      expect(m.pinyin, m.id).toBe(pinyinOf(m.name.zh));
      expect(m.initials, m.id).toBe(initialsOf(m.name.zh));
      expect(m.aliasInitials, m.id).toEqual(aliasInitialsOf(m.aliases));
      expect(m.pinyin, m.id).toMatch(/^[a-z0-9]+( [a-z0-9]+)*$/);
      expect(m.initials, m.id).toMatch(/^[a-z0-9]+$/);
    }
  });

  test('search keys work for well-known names', () => {
    const byId = new Map(medicines.map((m) => [m.id, m]));
    expect(byId.get('ibuprofen-tablet')).toMatchObject({ pinyin: 'bu luo fen pian', initials: 'blfp' });
    expect(byId.get('ibuprofen-sr-capsule')?.aliasInitials).toContain('fbd');
    expect(byId.get('ibuprofen-suspension')?.aliasInitials).toContain('ml');
    expect(byId.get('acetaminophen-sr-tablet')?.aliasInitials).toContain('tnl');
    expect(byId.get('dequalinium-lozenge')?.pinyin).toBe('di kui lv an han pian');
  });
});
