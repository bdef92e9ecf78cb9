// The typed message catalogue. Vietnamese (messages-vi.ts) declares the keys; `Messages`
// makes every other language translate every key, so a missing or misspelt key in any
// language fails `npm run check`. Parameters are typed from the Vietnamese text.
import { en } from './messages-en.js';
import { th } from './messages-th.js';
import { vi } from './messages-vi.js';
import type { Lang } from './languages.js';

export type MessageKey = keyof typeof vi;
export type Messages = { readonly [K in MessageKey]: string };

/** The placeholder names in a message text, e.g. 'Xin chào, {name}' → 'name'. */
type PlaceholdersOf<S extends string> = S extends `${string}{${infer P}}${infer Rest}`
  ? P | PlaceholdersOf<Rest>
  : never;

export type MessageParams<K extends MessageKey> = [PlaceholdersOf<(typeof vi)[K]>] extends [never]
  ? Record<string, never>
  : Readonly<Record<PlaceholdersOf<(typeof vi)[K]>, string | number>>;

/** Arguments of `t` for key K: the params object is required exactly when the text has placeholders. */
export type MessageArgs<K extends MessageKey> = [PlaceholdersOf<(typeof vi)[K]>] extends [never]
  ? []
  : [params: MessageParams<K>];

/** Keys whose text has no placeholder. */
export type PlainMessageKey = {
  [K in MessageKey]: MessageArgs<K> extends [] ? K : never;
}[MessageKey];

export const catalogues: Readonly<Record<Lang, Messages>> = { vi, en, th };

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(vi, key);
}

/**
 * Fills `{name}` placeholders. Numbers are written with the language's digit grouping
 * (3.321 in Vietnamese, 3,321 in English), so pass years and codes as strings.
 */
export function format(
  lang: Lang,
  text: string,
  params: Readonly<Record<string, string | number>> | undefined,
): string {
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(lang, value) : value;
  });
}

export function formatNumber(lang: Lang, value: number): string {
  // Vietnamese groups thousands with a dot (3.321), English and Thai with a comma.
  return new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : lang === 'th' ? 'th-TH' : 'en-GB', {
    useGrouping: 'always',
  }).format(value);
}

export function translate<K extends MessageKey>(
  lang: Lang,
  key: K,
  ...args: MessageArgs<K>
): string {
  return format(lang, catalogues[lang][key], args[0]);
}

/** A translator bound to one language, as pages and handlers use it. */
export type Translator = <K extends MessageKey>(key: K, ...args: MessageArgs<K>) => string;

export function translator(lang: Lang): Translator {
  return (key, ...args) => translate(lang, key, ...args);
}

/**
 * A message whose parameters may themselves be message keys (an action or a status named in
 * an error), translated in the same language.
 */
export function formatMessage(
  lang: Lang,
  key: MessageKey,
  params: Readonly<Record<string, string | number>> | undefined,
): string {
  const messages = catalogues[lang];
  const resolved =
    params === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(params).map(([k, v]) => [
            k,
            typeof v === 'string' && isMessageKey(v) ? messages[v] : v,
          ]),
        );
  return format(lang, messages[key], resolved);
}
