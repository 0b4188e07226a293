// The message catalogues: every string the console shows comes from console/i18n/<lang>.json
// through t(key, params). Chinese by default; the choice is kept in localStorage.

const STORAGE_KEY = 'crossclaim.language';
export const LANGUAGES = ['zh', 'en'];

let language = 'zh';
let catalogue = {};

/** The language chosen last time, or Chinese. */
export function storedLanguage() {
  const saved = window.localStorage.getItem(STORAGE_KEY);
  return LANGUAGES.includes(saved) ? saved : 'zh';
}

/** Loads the catalogue of `lang` and makes it current. */
export async function loadLanguage(lang) {
  const response = await fetch(`/console/i18n/${lang}.json`, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`catalogue ${lang}: HTTP ${response.status}`);
  catalogue = await response.json();
  language = lang;
  window.localStorage.setItem(STORAGE_KEY, lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function currentLanguage() {
  return language;
}

/** The text of `key`, with `{name}` placeholders replaced from `params`. */
export function t(key, params = {}) {
  const text = catalogue[key];
  if (text === undefined) {
    console.warn(`missing message: ${key}`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    params[name] === undefined || params[name] === null ? whole : String(params[name]));
}

/** Whether the catalogue has `key` (for codes that may or may not have a translation). */
export function has(key) {
  return Object.prototype.hasOwnProperty.call(catalogue, key);
}

/** The translation of a code sent by the API (`prefix.CODE`), or the code itself. */
export function label(prefix, code) {
  if (code === null || code === undefined || code === '') return '—';
  const key = `${prefix}.${code}`;
  return has(key) ? catalogue[key] : String(code);
}
