// Dates and times as people in Vietnam read them: always in Vietnam time (UTC+7), whatever the
// server's time zone, day before month.
import type { Lang } from './languages.js';

const locales: Readonly<Record<Lang, string>> = {
  vi: 'vi-VN',
  en: 'en-GB',
  th: 'th-TH-u-ca-gregory',
};
const zone = 'Asia/Ho_Chi_Minh';

const dateTimeFormats = new Map<Lang, Intl.DateTimeFormat>();
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

export function formatDateTime(lang: Lang, iso: string | null): string {
  if (iso === null) return '—';
  let f = dateTimeFormats.get(lang);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locales[lang], {
      timeZone: zone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    dateTimeFormats.set(lang, f);
  }
  return f.format(new Date(iso));
}

export function formatDate(lang: Lang, iso: string | null): string {
  if (iso === null) return '—';
  let f = dateFormats.get(lang);
  if (f === undefined) {
    f = new Intl.DateTimeFormat(locales[lang], {
      timeZone: zone,
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    });
    dateFormats.set(lang, f);
  }
  return f.format(new Date(iso));
}
