/** i18next set-up: Japanese by default, English on request; the choice is remembered. */
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ja } from './ja.js';

const STORAGE_KEY = 'renkei.language';

function initialLanguage(): 'ja' | 'en' {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'ja' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

void i18next.use(initReactI18next).init({
  resources: { ja: { translation: ja }, en: { translation: en } },
  lng: initialLanguage(),
  fallbackLng: 'ja',
  interpolation: { escapeValue: false }, // React escapes.
  showSupportNotice: false,
});
document.documentElement.lang = i18next.language;

export function setLanguage(language: 'ja' | 'en'): void {
  localStorage.setItem(STORAGE_KEY, language);
  document.documentElement.lang = language;
  void i18next.changeLanguage(language);
}

export default i18next;
