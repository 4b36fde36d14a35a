import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ERROR_CODES, ERRORS, isErrorCode } from '@medrelay/contracts/errors';
import { WEBHOOK_TOPICS } from '@medrelay/contracts/event-topics';
import {
  ACCOUNT_ROLES,
  API_KEY_KINDS,
  FOR_WHOM,
  KINDS,
  PARTNER_ROLES,
  PARTNER_STATUSES,
  PARTNER_TYPES,
  POST_STATUSES,
  REPORT_REASONS,
  VULNERABLE_FLAGS,
} from '@medrelay/contracts/rules';
import { describe, expect, test } from 'vitest';
import { TERMS_SECTIONS } from '../features/legal/index.ts';
import { MODERATION_REASONS } from '../features/me/index.ts';
import { withErrorDefaults } from '../lib/errors.ts';
import en from './en.json';
import zhCN from './zh-CN.json';

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..');

type Tree = { [k: string]: string | Tree };
const flatten = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'string' ? [`${prefix}${k}`] : flatten(v, `${prefix}${k}.`),
  );
// i18next plural forms (key_one, key_other) answer for the plain key.
const keysOf = (tree: Tree) => new Set(flatten(tree).map((k) => k.replace(/_(one|other)$/, '')));
// Lazily loaded screens keep their strings beside them (locales/<screen>/<lang>.json, see addStrings).
const screens = readdirSync(here).filter((name) => statSync(path.join(here, name)).isDirectory());
const withScreens = (lang: string, main: Tree): Tree =>
  screens.reduce<Tree>((all, screen) => {
    const extra = JSON.parse(readFileSync(path.join(here, screen, `${lang}.json`), 'utf8')) as Tree;
    for (const [k, v] of Object.entries(extra)) all[k] = { ...(all[k] as Tree), ...(v as Tree) };
    return all;
  }, structuredClone(main));
const zhKeys = keysOf(withScreens('zh-CN', zhCN as Tree));
const enKeys = keysOf(withScreens('en', en as Tree));

const files = (dir: string, ext: RegExp): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : files(full, ext);
    return ext.test(name) && !name.endsWith('.test.ts') ? [full] : [];
  });

describe('locales', () => {
  test('the admin console, partner and legal pages bring their own strings', () => {
    expect(screens.sort()).toEqual([
      'admin',
      'care',
      'care-reminders',
      'community',
      'community-audience',
      'community-live',
      'community-quiz',
      'community-referrals',
      'legal',
      'partner',
      'pharmacies',
      'pharmacy-members',
    ]);
    expect(zhKeys.has('admin.queue.title') || [...zhKeys].some((k) => k.startsWith('admin.queue.'))).toBe(
      true,
    );
    expect([...zhKeys].some((k) => k.startsWith('partner.overview.'))).toBe(true);
  });

  test('Chinese and English have the same keys', () => {
    expect([...zhKeys].filter((k) => !enKeys.has(k))).toEqual([]);
    expect([...enKeys].filter((k) => !zhKeys.has(k))).toEqual([]);
  });

  test('every key the components ask for by name exists', () => {
    const used = new Set<string>();
    for (const file of files(src, /\.tsx?$/)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g)) used.add(m[1] as string);
      // Keys chosen by a condition: t(cond ? 'a.b' : 'c.d').
      for (const m of text.matchAll(
        /\bt\(\s*[^'()]*\?\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'\s*:\s*'([a-zA-Z]+\.[a-zA-Z0-9_.]+)'/g,
      )) {
        used.add(m[1] as string);
        used.add(m[2] as string);
      }
    }
    expect(used.size).toBeGreaterThan(150);
    expect([...used].filter((k) => !zhKeys.has(k)).sort()).toEqual([]);
  });

  test('the keys built from domain values exist', () => {
    const families: Record<string, string[]> = {
      kind: [...KINDS],
      status: [...POST_STATUSES],
      forWhom: [...FOR_WHOM],
      flags: [...VULNERABLE_FLAGS],
      location: ['denied', 'unavailable', 'timeout', 'unsupported'],
      'detail.closed': ['resolved', 'expired', 'deleted', 'review', 'hidden', 'removed'],
      stats: ['openNeeds', 'openOffers', 'posts', 'resolved'],
      'report.reasons': [...REPORT_REASONS],
      'me.moderation': ['held', 'hidden', 'removed'],
      'me.moderation.reasons': [...MODERATION_REASONS, 'fallback'],
      'admin.roleNames': [...ACCOUNT_ROLES],
      'partner.type': [...PARTNER_TYPES],
      'partner.role': [...PARTNER_ROLES],
      'partner.status': [...PARTNER_STATUSES],
      'partner.keys.kinds': [...API_KEY_KINDS],
      'partner.event': WEBHOOK_TOPICS.map((topic) => topic.replace('.', '_')),
      'legal.terms.sections': TERMS_SECTIONS.flatMap((id) => [`${id}.title`, `${id}.body`]),
    };
    const missing = Object.entries(families).flatMap(([prefix, values]) =>
      values.map((v) => `${prefix}.${v}`).filter((k) => !zhKeys.has(k) || !enKeys.has(k)),
    );
    expect(missing).toEqual([]);
  });

  test("the locale files word only codes from the contracts' list (or the app's own)", () => {
    // Every listed code has a default message from the contracts (see i18n.ts); the locale files
    // may only override those, plus what the app raises itself.
    const appOwn = new Set(['unknown', 'network_error', 'http_error']);
    const partnerOwn = new Set(['member_not_found']);
    const stray = [...zhKeys, ...enKeys].flatMap((key) => {
      const [, code] = /^errors\.([^.]+)$/.exec(key) ?? /^partner\.errors\.([^.]+)$/.exec(key) ?? [];
      if (!code || isErrorCode(code) || appOwn.has(code) || partnerOwn.has(code)) return [];
      return [key];
    });
    expect([...new Set(stray)].sort()).toEqual([]);
    expect(ERROR_CODES.length).toBeGreaterThan(40);
  });

  test('every code in the list has a message in both languages once the defaults are merged in', () => {
    const merged = withErrorDefaults(zhCN, 'zh') as { errors: Record<string, string> };
    const mergedEn = withErrorDefaults(en, 'en') as { errors: Record<string, string> };
    const missing = ERROR_CODES.filter((code) => !merged.errors[code] || !mergedEn.errors[code]);
    expect(missing).toEqual([]);
    expect(merged.errors.invalid_text).toBe(ERRORS.invalid_text.zh);
  });
});
