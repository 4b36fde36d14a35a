import type { Localized } from '@medrelay/contracts';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import zhCN from '../locales/zh-CN.json';
import { withErrorDefaults } from './errors.ts';
import { readPreference, write } from './preferences.ts';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const LANG_KEY = 'medrelay.lang';

// Chinese first: English only when the user chose it (the browser language is not a good signal in
// WeChat, whose WebView often reports en-US on Chinese phones).
const initial: Language = readPreference(LANG_KEY) === 'en' ? 'en' : 'zh-CN';

void i18next.use(initReactI18next).init({
  resources: { 'zh-CN': { translation: withErrorDefaults(zhCN, 'zh') } },
  // English arrives later (below); what it lacks meanwhile falls back to Chinese.
  partialBundledLanguages: true,
  lng: 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

// English travels in a chunk of its own: most residents never switch, and it took ~7 KB (compressed)
// of the square's first load on a slow phone (docs/benchmarks.md, "First load on a slow network").
let english: Promise<void> | undefined;
const loadEnglish = () => {
  english ??= import('../locales/en.json').then(
    (m) => {
      i18next.addResourceBundle('en', 'translation', withErrorDefaults(m.default, 'en'), true, true);
    },
    (err: unknown) => {
      english = undefined; // offline: the next tap tries again
      throw err;
    },
  );
  return english;
};
const switchTo = async (lng: Language) => {
  if (lng === 'en') await loadEnglish();
  await i18next.changeLanguage(lng);
};

/**
 * Resolves once the chosen language's strings are in: main.tsx renders after it, so that a resident
 * who chose English never sees the app flash in Chinese. A failed load (offline) leaves Chinese.
 */
export const languageReady: Promise<void> = switchTo(initial).catch(() => undefined);

const applyLang = (lng: string) => {
  document.documentElement.lang = lng;
};
applyLang(initial);
i18next.on('languageChanged', applyLang);

export function setLanguage(lng: Language): void {
  write(LANG_KEY, lng);
  // Offline, English cannot arrive: the app stays in Chinese and says it is offline.
  switchTo(lng).catch(() => undefined);
}

export const i18n = i18next;

type Strings = Record<string, unknown>;
/**
 * Adds a lazily loaded screen's strings (admin console, partner pages) to the shared translation:
 * they travel in that screen's chunk, not in the square's first load. Deep-merged, so a screen's
 * name and menu entry can stay in the main files.
 */
export function addStrings(strings: { 'zh-CN': Strings; en: Strings }): void {
  for (const lng of LANGUAGES) i18next.addResourceBundle(lng, 'translation', strings[lng], true, false);
}

/** 'zh' or 'en': the key of a Localized value from the API for the current language. */
export function useLang(): 'zh' | 'en' {
  const { i18n: instance } = useTranslation();
  return instance.language === 'en' ? 'en' : 'zh';
}

export const pick = (value: Localized, lang: 'zh' | 'en'): string => value[lang] || value.zh;
