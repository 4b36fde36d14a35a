import type { Localized } from '@medrelay/contracts';
import i18next from 'i18next';
import { initReactI18next, useTranslation } from 'react-i18next';
import en from '../locales/en.json';
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
  resources: {
    'zh-CN': { translation: withErrorDefaults(zhCN, 'zh') },
    en: { translation: withErrorDefaults(en, 'en') },
  },
  lng: initial,
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  returnNull: false,
});

const applyLang = (lng: string) => {
  document.documentElement.lang = lng;
};
applyLang(initial);
i18next.on('languageChanged', applyLang);

export function setLanguage(lng: Language): void {
  write(LANG_KEY, lng);
  void i18next.changeLanguage(lng);
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
