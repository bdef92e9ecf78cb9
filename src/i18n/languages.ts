// The languages of every page and document: Vietnamese first, then English and Thai.
export const languages = ['vi', 'en', 'th'] as const;
export type Lang = (typeof languages)[number];
export const defaultLang: Lang = 'vi';

/** Each language's name written in that language, for the language switcher. */
export const languageNames: Readonly<Record<Lang, string>> = {
  vi: 'Tiếng Việt',
  en: 'English',
  th: 'ไทย',
};

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}
