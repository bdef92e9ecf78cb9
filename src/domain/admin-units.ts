// Administrative units after the 1 July 2025 reform (đơn vị hành chính): 34 provinces directly
// over 3,321 commune-level units, plus the 63 pre-reform provinces that citizen ID numbers still
// carry. Reference data owned by the hub; this module only indexes and searches it, the loader
// lives in storage/reference-data.ts.

import { foldVietnamese } from './text-fold.js';

// Tỉnh / Thành phố trực thuộc trung ương.
export const PROVINCE_TYPES = ['Tỉnh', 'Thành phố'] as const;
export type ProvinceType = (typeof PROVINCE_TYPES)[number];

// Xã (rural), Phường (urban), Đặc khu (special zone: the island districts kept as one unit).
export const COMMUNE_TYPES = ['Xã', 'Phường', 'Đặc khu'] as const;
export type CommuneType = (typeof COMMUNE_TYPES)[number];

export interface Province {
  /** Two-digit GSO code, e.g. "48". */
  readonly code: string;
  /** Full name with its type, e.g. "Thành phố Đà Nẵng". NFC. */
  readonly name: string;
  readonly type: ProvinceType;
}

export interface Commune {
  /**
   * Five-digit GSO code, e.g. "20242". Post-2025 units reuse the code of one predecessor, so a
   * code alone does not say which code set it belongs to; this index is the post-2025 set.
   */
  readonly code: string;
  /** Full name with its type, e.g. "Phường Hải Châu". NFC. */
  readonly name: string;
  readonly type: CommuneType;
  readonly provinceCode: string;
  readonly provinceName: string;
  /** Row number (Stt) in Annex I of CV 1027/CTK-CSCL; the official listing order. */
  readonly stt: number;
}

/** A pre-2025 province, kept because citizen ID numbers begin with its code. */
export interface LegacyProvince {
  readonly legacyCode: string;
  readonly legacyName: string;
  /** First three digits of a citizen ID registered there: "0" + legacy code (TT 07/2016/TT-BCA). */
  readonly cccdPrefix: string;
  readonly mergedIntoCode: string;
  readonly mergedIntoName: string;
}

export type AdminUnit =
  ({ readonly kind: 'province' } & Province) | ({ readonly kind: 'commune' } & Commune);

/**
 * How a search hit matched, best first. `name` is the name without its type word, so "Hải Châu"
 * finds "Phường Hải Châu"; `prefix` is the start of that bare name, `word-prefix` the start of
 * any later word.
 */
export const SEARCH_MATCHES = [
  'code',
  'exact',
  'name',
  'prefix',
  'word-prefix',
  'substring',
] as const;
export type SearchMatch = (typeof SEARCH_MATCHES)[number];

export interface AdminUnitHit {
  readonly unit: AdminUnit;
  readonly match: SearchMatch;
}

export interface AdminUnitSearchOptions {
  /** Only this province and its communes. */
  readonly provinceCode?: string;
  /** At most this many hits; default 10. */
  readonly limit?: number;
}

export interface AdminUnitIndex {
  province(code: string): Province | undefined;
  commune(code: string): Commune | undefined;
  /** A province (2-digit code) or commune (5-digit code); the lengths never collide. */
  unit(code: string): AdminUnit | undefined;
  /** In official order; empty for an unknown province. */
  communesOf(provinceCode: string): readonly Commune[];
  provinces(): readonly Province[];
  search(query: string, options?: AdminUnitSearchOptions): readonly AdminUnitHit[];
  legacyProvinceByCccdPrefix(prefix: string): LegacyProvince | undefined;
  legacyProvinces(): readonly LegacyProvince[];
  /** The 63 legacy prefixes, ready for citizen-id validation. */
  cccdPrefixes(): ReadonlySet<string>;
}

export interface AdminUnitData {
  readonly provinces: readonly Province[];
  readonly communes: readonly Commune[];
  readonly legacyProvinces: readonly LegacyProvince[];
}

export class AdminUnitDataError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid administrative unit data:\n- ${problems.slice(0, 20).join('\n- ')}`);
    this.name = 'AdminUnitDataError';
  }
}

const DEFAULT_SEARCH_LIMIT = 10;

// Vietnamese alphabetical order (Đ after D, tones in dictionary order) for listing ties.
const VIETNAMESE_ORDER = new Intl.Collator('vi', { sensitivity: 'variant' });

interface SearchEntry {
  readonly unit: AdminUnit;
  // Folded full name, e.g. "phuong hai chau".
  readonly full: string;
  // Folded name without the type word, e.g. "hai chau".
  readonly bare: string;
  // Lowercased but not folded: lets a query typed with diacritics prefer "Hòa" over "Hóa".
  readonly accented: string;
  readonly provinceCode: string;
  readonly alphabeticalRank: number;
}

/**
 * Indexes the reference data. Throws AdminUnitDataError listing every inconsistency (duplicate
 * codes, a commune pointing at an unknown province, a name that does not start with its type)
 * rather than serving a half-right register.
 */
export function createAdminUnitIndex(data: AdminUnitData): AdminUnitIndex {
  const { provinces, communes, legacy } = normalise(data);

  const problems: string[] = [];
  const provinceByCode = indexBy(provinces, (p) => p.code, 'province', problems);
  const communeByCode = indexBy(communes, (c) => c.code, 'commune', problems);
  const legacyByPrefix = indexBy(legacy, (l) => l.cccdPrefix, 'legacy province prefix', problems);
  problems.push(...consistencyProblems(provinces, communes, legacy, provinceByCode));
  if (problems.length > 0) throw new AdminUnitDataError(problems);

  const communesByProvince = new Map<string, readonly Commune[]>(
    provinces.map((p) => [
      p.code,
      Object.freeze(communes.filter((c) => c.provinceCode === p.code)),
    ]),
  );
  const provinceList = Object.freeze([...provinces]);
  const legacyList = Object.freeze([...legacy]);
  const prefixes: ReadonlySet<string> = new Set(legacyByPrefix.keys());

  // Provinces first, then communes in official order: the last tie-break of a search.
  const units: readonly AdminUnit[] = [
    ...provinces.map((p) => Object.freeze({ kind: 'province' as const, ...p })),
    ...communes.map((c) => Object.freeze({ kind: 'commune' as const, ...c })),
  ];
  const unitByCode = new Map(units.map((u) => [u.code, u]));
  // Alphabetical position, worked out once here so that a search only compares numbers.
  const alphabetical = [...units].sort((a, b) => VIETNAMESE_ORDER.compare(a.name, b.name));
  const alphabeticalRank = new Map(alphabetical.map((u, i) => [u, i]));
  const entries = units.map((unit) => searchEntry(unit, alphabeticalRank.get(unit) ?? 0));

  return {
    province: (code) => provinceByCode.get(code),
    commune: (code) => communeByCode.get(code),
    unit: (code) => unitByCode.get(code),
    communesOf: (provinceCode) => communesByProvince.get(provinceCode) ?? [],
    provinces: () => provinceList,
    search: (query, options = {}) => search(entries, query, options),
    legacyProvinceByCccdPrefix: (prefix) => legacyByPrefix.get(prefix),
    legacyProvinces: () => legacyList,
    cccdPrefixes: () => prefixes,
  };
}

// The loader already normalises; doing it again keeps the promise "names out are NFC" for any
// other caller (tests, reference data arriving by sync). Copying field by field also drops any
// extra properties a caller's objects carry.
function normalise(data: AdminUnitData): {
  provinces: readonly Province[];
  communes: readonly Commune[];
  legacy: readonly LegacyProvince[];
} {
  return {
    provinces: data.provinces.map((p) =>
      Object.freeze({ code: p.code, name: nfc(p.name), type: p.type }),
    ),
    communes: data.communes.map(communeOf).sort((a, b) => a.stt - b.stt),
    legacy: data.legacyProvinces.map((l) =>
      Object.freeze({
        legacyCode: l.legacyCode,
        legacyName: nfc(l.legacyName),
        cccdPrefix: l.cccdPrefix,
        mergedIntoCode: l.mergedIntoCode,
        mergedIntoName: nfc(l.mergedIntoName),
      }),
    ),
  };
}

function communeOf(c: Commune): Commune {
  return Object.freeze({
    code: c.code,
    name: nfc(c.name),
    type: c.type,
    provinceCode: c.provinceCode,
    provinceName: nfc(c.provinceName),
    stt: c.stt,
  });
}

function consistencyProblems(
  provinces: readonly Province[],
  communes: readonly Commune[],
  legacy: readonly LegacyProvince[],
  provinceByCode: ReadonlyMap<string, Province>,
): string[] {
  const problems: string[] = [];
  for (const p of provinces) {
    if (!/^\d{2}$/.test(p.code)) problems.push(`province code "${p.code}" is not 2 digits`);
    if (!startsWithType(p.name, p.type)) {
      problems.push(`province ${p.code} "${p.name}" does not start with its type "${p.type}"`);
    }
  }
  for (const c of communes) {
    if (!/^\d{5}$/.test(c.code)) problems.push(`commune code "${c.code}" is not 5 digits`);
    if (!startsWithType(c.name, c.type)) {
      problems.push(`commune ${c.code} "${c.name}" does not start with its type "${c.type}"`);
    }
    const province = provinceByCode.get(c.provinceCode);
    if (province === undefined) {
      problems.push(`commune ${c.code} names unknown province ${c.provinceCode}`);
    } else if (province.name !== c.provinceName) {
      problems.push(
        `commune ${c.code} names province ${c.provinceCode} "${c.provinceName}", expected "${province.name}"`,
      );
    }
  }
  for (const l of legacy) {
    if (l.cccdPrefix !== `0${l.legacyCode}`) {
      problems.push(`legacy province ${l.legacyCode} has CCCD prefix ${l.cccdPrefix}`);
    }
    const target = provinceByCode.get(l.mergedIntoCode);
    if (target === undefined) {
      problems.push(`legacy province ${l.legacyCode} merged into unknown ${l.mergedIntoCode}`);
    } else if (target.name !== l.mergedIntoName) {
      problems.push(
        `legacy province ${l.legacyCode} merged into ${l.mergedIntoCode} "${l.mergedIntoName}", expected "${target.name}"`,
      );
    }
  }
  return problems;
}

/**
 * Order of hits: how well they match (SEARCH_MATCHES), then provinces before communes, then
 * names that also carry the diacritics as typed ("Hòa" typed finds Xã Hòa An before Xã Hóa An),
 * then alphabetical by full name, then official order. Namesakes in different provinces are
 * common (246 commune names occur more than once), so a caller that knows its province should
 * pass provinceCode rather than rely on this order.
 */
function search(
  entries: readonly SearchEntry[],
  query: string,
  { provinceCode, limit = DEFAULT_SEARCH_LIMIT }: AdminUnitSearchOptions,
): readonly AdminUnitHit[] {
  const q = searchKey(query);
  if (q === '' || limit <= 0) return [];
  const accented = accentedKey(query);
  const scored: Scored[] = [];
  entries.forEach((entry, order) => {
    if (provinceCode !== undefined && entry.provinceCode !== provinceCode) return;
    const match = matchOf(entry, q);
    if (match === undefined) return;
    scored.push({
      hit: { unit: entry.unit, match },
      rank: SEARCH_MATCHES.indexOf(match),
      kind: entry.unit.kind === 'province' ? 0 : 1,
      marks: entry.accented.includes(accented) ? 0 : 1,
      alphabetical: entry.alphabeticalRank,
      order,
    });
  });
  scored.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.kind - b.kind ||
      a.marks - b.marks ||
      a.alphabetical - b.alphabetical ||
      a.order - b.order,
  );
  return scored.slice(0, limit).map((s) => s.hit);
}

interface Scored {
  readonly hit: AdminUnitHit;
  readonly rank: number;
  readonly kind: number;
  readonly marks: number;
  readonly alphabetical: number;
  readonly order: number;
}

function matchOf(entry: SearchEntry, q: string): SearchMatch | undefined {
  if (entry.unit.code === q) return 'code';
  if (entry.full === q) return 'exact';
  if (entry.bare === q) return 'name';
  if (entry.bare.startsWith(q)) return 'prefix';
  if (` ${entry.full}`.includes(` ${q}`)) return 'word-prefix';
  if (entry.full.includes(q)) return 'substring';
  return undefined;
}

function searchEntry(unit: AdminUnit, alphabeticalRank: number): SearchEntry {
  return {
    unit,
    full: searchKey(unit.name),
    bare: searchKey(unit.name.slice(unit.type.length)),
    accented: accentedKey(unit.name),
    provinceCode: unit.kind === 'province' ? unit.code : unit.provinceCode,
    alphabeticalRank,
  };
}

// Hyphens and dots are not part of what people type ("Văn Miếu - Quốc Tử Giám",
// "Bà Rịa - Vũng Tàu", "TP. Hồ Chí Minh"), so they count as spaces.
function searchKey(text: string): string {
  return foldVietnamese(text.replace(/[^\p{L}\p{N}\p{M}]+/gu, ' '));
}

function accentedKey(text: string): string {
  return nfc(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\p{M}]+/gu, ' ')
    .trim();
}

function nfc(text: string): string {
  return text.normalize('NFC');
}

function startsWithType(name: string, type: string): boolean {
  return name.startsWith(`${type} `);
}

function indexBy<T>(
  items: readonly T[],
  keyOf: (item: T) => string,
  what: string,
  problems: string[],
): Map<string, T> {
  const map = new Map<string, T>();
  for (const item of items) {
    const key = keyOf(item);
    if (map.has(key)) problems.push(`duplicate ${what} ${key}`);
    else map.set(key, item);
  }
  return map;
}
