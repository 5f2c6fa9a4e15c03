import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { zh } from './zh';

/** UI languages; Chinese is the default. */
export type Language = 'zh' | 'en';

const STORAGE_KEY = 'yibao.lang';

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh';
  } catch {
    return 'zh';
  }
}

function applyDocumentLanguage(language: Language): void {
  document.documentElement.lang = language === 'zh' ? 'zh-CN' : 'en';
  document.title = i18n.t('app.title');
}

void i18n.use(initReactI18next).init({
  resources: { zh: { translation: zh }, en: { translation: en } },
  lng: readStoredLanguage(),
  fallbackLng: 'zh',
  interpolation: { escapeValue: false },
  returnNull: false,
});
applyDocumentLanguage(currentLanguage());

/** The language the UI currently shows. */
export function currentLanguage(): Language {
  return i18n.language === 'en' ? 'en' : 'zh';
}

/** Switches the UI language and remembers the choice in localStorage. */
export async function changeLanguage(language: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // private mode: the choice lasts for this page only
  }
  await i18n.changeLanguage(language);
  applyDocumentLanguage(language);
}

/** The `Accept-Language` value the API expects for a UI language. */
export function acceptLanguage(language: Language): string {
  return language === 'zh' ? 'zh-CN' : 'en';
}

export { i18n };
