import { describe, expect, it } from 'vitest';
import {
  AdminUnitDataError,
  createAdminUnitIndex,
  type AdminUnitData,
  type AdminUnitIndex,
  type Commune,
  type LegacyProvince,
  type Province,
} from './admin-units.js';

// A small slice of the real register, plus a few fictional communes (codes 99xxx) that exist
// only to put one hit in each search tier. The full data set is tested in
// storage/reference-data.test.ts.
const DA_NANG: Province = { code: '48', name: 'Thành phố Đà Nẵng', type: 'Thành phố' };
const NGHE_AN: Province = { code: '40', name: 'Tỉnh Nghệ An', type: 'Tỉnh' };
const HA_NOI: Province = { code: '01', name: 'Thành phố Hà Nội', type: 'Thành phố' };

let nextStt = 1;
function commune(
  province: Province,
  code: string,
  name: string,
  overrides: Partial<Commune> = {},
): Commune {
  const type = name.startsWith('Phường') ? 'Phường' : name.startsWith('Đặc khu') ? 'Đặc khu' : 'Xã';
  return {
    code,
    name,
    type,
    provinceCode: province.code,
    provinceName: province.name,
    stt: nextStt++,
    ...overrides,
  };
}

function legacy(
  legacyCode: string,
  legacyName: string,
  into: Province,
  overrides: Partial<LegacyProvince> = {},
): LegacyProvince {
  return {
    legacyCode,
    legacyName,
    cccdPrefix: `0${legacyCode}`,
    mergedIntoCode: into.code,
    mergedIntoName: into.name,
    ...overrides,
  };
}

function buildData(overrides: Partial<AdminUnitData> = {}): AdminUnitData {
  nextStt = 1;
  return {
    provinces: [HA_NOI, NGHE_AN, DA_NANG],
    communes: [
      commune(HA_NOI, '00226', 'Phường Văn Miếu - Quốc Tử Giám'),
      commune(HA_NOI, '00256', 'Phường Hai Bà Trưng'),
      commune(NGHE_AN, '17419', 'Xã Hải Châu'),
      commune(DA_NANG, '20242', 'Phường Hải Châu'),
      commune(DA_NANG, '20308', 'Xã Bà Nà'),
      commune(DA_NANG, '20333', 'Đặc khu Hoàng Sa'),
      commune(DA_NANG, '99001', 'Xã Hải Châu Đông'),
      commune(DA_NANG, '99002', 'Xã Tân Hải Châu'),
      commune(DA_NANG, '99003', 'Xã Khải Châu'),
      commune(DA_NANG, '99004', 'Xã Hóa An'),
      commune(DA_NANG, '99005', 'Xã Hòa An'),
    ],
    legacyProvinces: [
      legacy('01', 'Thành phố Hà Nội', HA_NOI),
      legacy('40', 'Tỉnh Nghệ An', NGHE_AN),
      legacy('48', 'Thành phố Đà Nẵng', DA_NANG),
      legacy('49', 'Tỉnh Quảng Nam', DA_NANG),
    ],
    ...overrides,
  };
}

const codes = (index: AdminUnitIndex, query: string, provinceCode?: string) =>
  index
    .search(query, provinceCode === undefined ? {} : { provinceCode })
    .map((hit) => hit.unit.code);

describe('createAdminUnitIndex lookups', () => {
  const index = createAdminUnitIndex(buildData());

  it('finds provinces and communes by code', () => {
    expect(index.province('48')).toEqual(DA_NANG);
    expect(index.commune('20242')).toMatchObject({
      name: 'Phường Hải Châu',
      type: 'Phường',
      provinceCode: '48',
      provinceName: 'Thành phố Đà Nẵng',
    });
  });

  it('tags a unit with its kind', () => {
    expect(index.unit('48')).toEqual({ kind: 'province', ...DA_NANG });
    expect(index.unit('20308')).toMatchObject({ kind: 'commune', name: 'Xã Bà Nà' });
  });

  it.each(['', '4', '048', '99', '2024', '020242', '20242 ', 'Hải Châu'])(
    'answers undefined for unknown code %j',
    (code) => {
      expect(index.unit(code)).toBeUndefined();
      expect(index.province(code)).toBeUndefined();
      expect(index.commune(code)).toBeUndefined();
    },
  );

  it('lists communes of a province in official order, none for an unknown province', () => {
    expect(index.communesOf('40').map((c) => c.code)).toEqual(['17419']);
    expect(
      index
        .communesOf('48')
        .map((c) => c.code)
        .slice(0, 3),
    ).toEqual(['20242', '20308', '20333']);
    expect(index.communesOf('99')).toEqual([]);
  });

  it('orders communes by stt whatever the input order', () => {
    const data = buildData();
    const shuffled = createAdminUnitIndex({ ...data, communes: [...data.communes].reverse() });
    expect(shuffled.communesOf('48')).toEqual(index.communesOf('48'));
  });

  it('lists provinces in the order given', () => {
    expect(index.provinces().map((p) => p.code)).toEqual(['01', '40', '48']);
  });

  it('maps legacy CCCD prefixes to the province they were merged into', () => {
    expect(index.legacyProvinceByCccdPrefix('049')).toEqual({
      legacyCode: '49',
      legacyName: 'Tỉnh Quảng Nam',
      cccdPrefix: '049',
      mergedIntoCode: '48',
      mergedIntoName: 'Thành phố Đà Nẵng',
    });
    expect(index.legacyProvinceByCccdPrefix('49')).toBeUndefined();
    expect(index.legacyProvinces()).toHaveLength(4);
    expect([...index.cccdPrefixes()]).toEqual(['001', '040', '048', '049']);
  });

  it('hands out lists the caller cannot change', () => {
    expect(Object.isFrozen(index.provinces())).toBe(true);
    expect(Object.isFrozen(index.communesOf('48'))).toBe(true);
    expect(Object.isFrozen(index.commune('20242'))).toBe(true);
  });
});

describe('createAdminUnitIndex names', () => {
  it('stores decomposed input as NFC', () => {
    const data = buildData();
    const index = createAdminUnitIndex({
      ...data,
      provinces: data.provinces.map((p) => ({ ...p, name: p.name.normalize('NFD') })),
      communes: data.communes.map((c) => ({
        ...c,
        name: c.name.normalize('NFD'),
        provinceName: c.provinceName.normalize('NFD'),
      })),
    });
    expect(index.province('48')?.name).toBe('Thành phố Đà Nẵng'.normalize('NFC'));
    expect(index.commune('20308')?.name).toBe('Xã Bà Nà'.normalize('NFC'));
    expect(codes(index, 'Bà Nà')[0]).toBe('20308');
  });
});

describe('createAdminUnitIndex search', () => {
  const index = createAdminUnitIndex(buildData());

  it.each(['hai chau', 'Hải Châu', 'HAI CHAU', '  hải   châu ', 'Hải Châu'.normalize('NFD')])(
    'ranks the name without its type word above prefixes and substrings: %j',
    (query) => {
      expect(index.search(query).map((h) => [h.unit.code, h.match])).toEqual([
        // Two communes are called Hải Châu; with no province given, ties go alphabetically
        // (Phường before Xã), then in official order.
        ['20242', 'name'],
        ['17419', 'name'],
        ['99001', 'prefix'],
        ['99002', 'word-prefix'],
        ['99003', 'substring'],
      ]);
    },
  );

  it('ranks the full name, type word included, first', () => {
    expect(index.search('phuong hai chau')).toEqual([
      { unit: { kind: 'commune', ...index.commune('20242') }, match: 'exact' },
    ]);
  });

  it('finds a unit by its code', () => {
    expect(index.search('20308')).toEqual([
      { unit: { kind: 'commune', ...index.commune('20308') }, match: 'code' },
    ]);
    expect(index.search('48').map((h) => [h.unit.code, h.match])).toEqual([['48', 'code']]);
  });

  it('finds a province by its name without diacritics', () => {
    expect(index.search('da nang')[0]).toEqual({
      unit: { kind: 'province', ...DA_NANG },
      match: 'name',
    });
  });

  it('restricts to one province', () => {
    expect(codes(index, 'hai chau', '40')).toEqual(['17419']);
    expect(codes(index, 'ba na', '48')).toEqual(['20308']);
    expect(codes(index, 'ba na', '40')).toEqual([]);
    expect(codes(index, 'da nang', '48')).toEqual(['48']);
    expect(codes(index, 'da nang', '01')).toEqual([]);
  });

  it('treats hyphens as spaces', () => {
    expect(codes(index, 'van mieu quoc tu giam')).toEqual(['00226']);
    expect(codes(index, 'Văn Miếu - Quốc Tử Giám')).toEqual(['00226']);
  });

  it('prefers the diacritics as typed among equal matches', () => {
    expect(codes(index, 'Hòa An')).toEqual(['99005', '99004']);
    expect(codes(index, 'Hóa An')).toEqual(['99004', '99005']);
    // Without diacritics neither is preferred: alphabetical order decides.
    expect(codes(index, 'hoa an')).toEqual(['99005', '99004']);
    // "Hai" typed plainly prefers the name that is written plainly.
    expect(codes(index, 'hai').slice(0, 2)).toEqual(['00256', '20242']);
  });

  it('honours the limit and returns nothing for an empty query', () => {
    expect(index.search('chau', { limit: 2 })).toHaveLength(2);
    expect(index.search('chau', { limit: 0 })).toEqual([]);
    expect(index.search('')).toEqual([]);
    expect(index.search(' - ')).toEqual([]);
    expect(index.search('không có xã này')).toEqual([]);
  });

  it('returns the same order on every call', () => {
    const first = codes(index, 'a');
    expect(first.length).toBeGreaterThan(3);
    expect(codes(index, 'a')).toEqual(first);
  });
});

describe('createAdminUnitIndex refuses inconsistent data', () => {
  it('lists every problem at once', () => {
    const data = buildData();
    const broken: AdminUnitData = {
      ...data,
      communes: [
        ...data.communes,
        commune(DA_NANG, '20242', 'Phường Hải Châu'),
        commune(DA_NANG, '2030', 'Xã Ngắn'),
        commune(NGHE_AN, '99100', 'Phường Sai Loại', { type: 'Xã' }),
        commune({ ...NGHE_AN, code: '41' }, '99101', 'Xã Lạc Tỉnh'),
        commune(NGHE_AN, '99102', 'Xã Sai Tên Tỉnh', { provinceName: 'Tỉnh Nghệ Tĩnh' }),
      ],
      legacyProvinces: [
        ...data.legacyProvinces,
        legacy('50', 'Tỉnh Không Có', { ...DA_NANG, code: '50' }),
        legacy('51', 'Tỉnh Sai Mã', DA_NANG, { cccdPrefix: '151' }),
      ],
    };
    let error: unknown;
    try {
      createAdminUnitIndex(broken);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AdminUnitDataError);
    expect((error as AdminUnitDataError).problems).toEqual([
      'duplicate commune 20242',
      'commune code "2030" is not 5 digits',
      'commune 99100 "Phường Sai Loại" does not start with its type "Xã"',
      'commune 99101 names unknown province 41',
      'commune 99102 names province 40 "Tỉnh Nghệ Tĩnh", expected "Tỉnh Nghệ An"',
      'legacy province 50 merged into unknown 50',
      'legacy province 51 has CCCD prefix 151',
    ]);
  });
});
