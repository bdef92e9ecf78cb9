import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CITIZEN_ID_PROBLEM_CODES,
  decodeCitizenId,
  validateCitizenId,
  type CitizenFacts,
  type CitizenIdProblem,
  type CitizenIdProblemCode,
  type Sex,
} from './citizen-id.js';

// The 63 province prefixes of TT 07/2016/TT-BCA (domain-notes §4). The storage test checks
// that the shipped reference data yields exactly this set.
const LEGACY_PREFIXES: ReadonlySet<string> = new Set(
  (
    '001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 ' +
    '035 036 037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 ' +
    '070 072 074 075 077 079 080 082 083 084 086 087 089 091 092 093 094 095 096'
  ).split(' '),
);

const TODAY = '2026-11-26';

describe('validateCitizenId accepts real-looking numbers', () => {
  it.each([
    // id, place, date of birth, sex, decoded century
    ['048085012345', 'Đà Nẵng', '1985-03-14', 'male', 20],
    ['048185004321', 'Đà Nẵng', '1985-11-02', 'female', 20],
    ['049085000321', 'Quảng Nam (now Đà Nẵng)', '1985-07-30', 'male', 20],
    ['001185034567', 'Hà Nội', '1985-01-01', 'female', 20],
    ['001203009876', 'Hà Nội', '2003-12-31', 'male', 21],
    ['079203004521', 'TP.HCM', '2003-05-19', 'male', 21],
    ['079303012000', 'TP.HCM', '2003-09-09', 'female', 21],
    ['048303007890', 'Đà Nẵng', '2003-02-28', 'female', 21],
    ['038000000001', 'Thanh Hóa', '1900-06-01', 'male', 20],
    ['096399999999', 'Cà Mau', '2099', 'female', 21],
  ] as const)('%s (%s, born %s, %s)', (id, _place, dateOfBirth, sex, century) => {
    const today = dateOfBirth.startsWith('2099') ? '2099-12-31' : TODAY;
    const result = validateCitizenId(id, { today, dateOfBirth, sex }, LEGACY_PREFIXES);
    expect(result).toEqual({
      ok: true,
      decoded: {
        provincePrefix: id.slice(0, 3),
        sex,
        birthYear: Number(dateOfBirth.slice(0, 4)),
        century,
        serial: id.slice(6),
      },
    });
  });

  it('accepts a number with no personal details to compare', () => {
    expect(validateCitizenId('048085012345', { today: TODAY }, LEGACY_PREFIXES).ok).toBe(true);
  });

  it('accepts a birth year equal to the current year', () => {
    const result = validateCitizenId('048226000001', { today: '2026-01-01' }, LEGACY_PREFIXES);
    expect(result.ok).toBe(true);
  });
});

describe('validateCitizenId refuses', () => {
  const man1985: CitizenFacts = { today: TODAY, dateOfBirth: '1985-03-14', sex: 'male' };

  it.each<[string, string, CitizenFacts, CitizenIdProblem[]]>([
    ['11 digits', '04808501234', man1985, [{ code: 'format' }]],
    ['13 digits', '0480850123456', man1985, [{ code: 'format' }]],
    ['empty', '', man1985, [{ code: 'format' }]],
    ['a leading space', ' 048085012345', man1985, [{ code: 'format' }]],
    ['a trailing space', '048085012345 ', man1985, [{ code: 'format' }]],
    ['a trailing newline', '048085012345\n', man1985, [{ code: 'format' }]],
    ['grouped digits', '048 085 012 345', man1985, [{ code: 'format' }]],
    ['a letter', '04808501234O', man1985, [{ code: 'format' }]],
    ['full-width digits', '０４８０８５０１２３４５', man1985, [{ code: 'format' }]],
    ['Arabic-Indic digits', '٠٤٨٠٨٥٠١٢٣٤٥', man1985, [{ code: 'format' }]],
    ['a minus sign', '-48085012345', man1985, [{ code: 'format' }]],
    // 003 falls in a gap of the GSO numbering; 000 and 099 were never province codes.
    ['prefix 003', '003085012345', man1985, [{ code: 'unknown_prefix', prefix: '003' }]],
    ['prefix 000', '000085012345', man1985, [{ code: 'unknown_prefix', prefix: '000' }]],
    ['prefix 099', '099085012345', man1985, [{ code: 'unknown_prefix', prefix: '099' }]],
    ['century digit 4', '048485012345', { today: TODAY }, [{ code: 'century', digit: 4 }]],
    ['century digit 9', '048985012345', { today: TODAY }, [{ code: 'century', digit: 9 }]],
    [
      'a birth year one off',
      '048085012345',
      { ...man1985, dateOfBirth: '1986-01-02' },
      [{ code: 'birth_year_mismatch', idBirthYear: 1985, dateOfBirthYear: 1986 }],
    ],
    [
      'the right two digits in the wrong century',
      '048203012345',
      { today: TODAY, dateOfBirth: '1903-04-05', sex: 'male' },
      [{ code: 'birth_year_mismatch', idBirthYear: 2003, dateOfBirthYear: 1903 }],
    ],
    [
      'a woman recorded as a man',
      '048185004321',
      { today: TODAY, dateOfBirth: '1985-11-02', sex: 'male' },
      [{ code: 'sex_mismatch', idSex: 'female', statedSex: 'male' }],
    ],
    [
      'a man recorded as a woman',
      '079203004521',
      { today: TODAY, dateOfBirth: '2003-05-19', sex: 'female' },
      [{ code: 'sex_mismatch', idSex: 'male', statedSex: 'female' }],
    ],
    [
      'a birth year after today',
      '048227000001',
      { today: TODAY },
      [{ code: 'future_birth_year', idBirthYear: 2027, currentYear: 2026 }],
    ],
    [
      'a 1985 birth typed with the 2000s digit',
      '048285012345',
      man1985,
      [
        { code: 'birth_year_mismatch', idBirthYear: 2085, dateOfBirthYear: 1985 },
        { code: 'future_birth_year', idBirthYear: 2085, currentYear: 2026 },
      ],
    ],
    [
      'unknown prefix, bad century and wrong sex together',
      '003585012345',
      man1985,
      [
        { code: 'unknown_prefix', prefix: '003' },
        { code: 'century', digit: 5 },
        { code: 'sex_mismatch', idSex: 'female', statedSex: 'male' },
      ],
    ],
    [
      'unknown prefix, year and sex together',
      '099103012345',
      man1985,
      [
        { code: 'unknown_prefix', prefix: '099' },
        { code: 'sex_mismatch', idSex: 'female', statedSex: 'male' },
        { code: 'birth_year_mismatch', idBirthYear: 1903, dateOfBirthYear: 1985 },
      ],
    ],
  ])('%s: %j', (_why, id, facts, problems) => {
    expect(validateCitizenId(id, facts, LEGACY_PREFIXES)).toEqual({ ok: false, problems });
  });

  it('covers every problem code in the tables above', () => {
    // Guards the tables: a new code added to the union must get a row.
    const covered: CitizenIdProblemCode[] = [
      'format',
      'unknown_prefix',
      'century',
      'birth_year_mismatch',
      'sex_mismatch',
      'future_birth_year',
    ];
    expect([...CITIZEN_ID_PROBLEM_CODES].sort()).toEqual([...covered].sort());
  });

  it('takes a bare year of birth where only the year is known', () => {
    expect(
      validateCitizenId('048085012345', { today: TODAY, dateOfBirth: '1985' }, LEGACY_PREFIXES).ok,
    ).toBe(true);
    expect(
      validateCitizenId('048085012345', { today: TODAY, dateOfBirth: '1984' }, LEGACY_PREFIXES),
    ).toEqual({
      ok: false,
      problems: [{ code: 'birth_year_mismatch', idBirthYear: 1985, dateOfBirthYear: 1984 }],
    });
  });

  it.each([
    ['today', { today: '26/11/2026' }],
    ['today', { today: '2026' }],
    ['dateOfBirth', { today: TODAY, dateOfBirth: '1985-02-30' }],
    ['dateOfBirth', { today: TODAY, dateOfBirth: '1985-13-01' }],
    ['dateOfBirth', { today: TODAY, dateOfBirth: '85' }],
  ] as const)(
    'throws RangeError on a malformed %s (a caller bug, not user input)',
    (field, facts) => {
      const check = () => validateCitizenId('048085012345', facts, LEGACY_PREFIXES);
      expect(check).toThrow(RangeError);
      expect(check).toThrow(`${field} must be a date 'YYYY-MM-DD'`);
    },
  );

  it('only knows the prefixes it is given', () => {
    const onlyDaNang = new Set(['048']);
    expect(validateCitizenId('001185034567', { today: TODAY }, onlyDaNang)).toEqual({
      ok: false,
      problems: [{ code: 'unknown_prefix', prefix: '001' }],
    });
  });
});

describe('decodeCitizenId', () => {
  it('decodes the structure without personal details', () => {
    expect(decodeCitizenId('079303012000', LEGACY_PREFIXES)).toEqual({
      ok: true,
      decoded: {
        provincePrefix: '079',
        sex: 'female',
        birthYear: 2003,
        century: 21,
        serial: '012000',
      },
    });
  });

  it.each<[string, CitizenIdProblem[]]>([
    ['04808501234', [{ code: 'format' }]],
    ['003085012345', [{ code: 'unknown_prefix', prefix: '003' }]],
    ['048685012345', [{ code: 'century', digit: 6 }]],
    [
      '000785012345',
      [
        { code: 'unknown_prefix', prefix: '000' },
        { code: 'century', digit: 7 },
      ],
    ],
  ])('refuses %s', (id, problems) => {
    expect(decodeCitizenId(id, LEGACY_PREFIXES)).toEqual({ ok: false, problems });
  });
});

// Builds a number from its parts independently of the code under test.
function buildCitizenId(prefix: string, sex: Sex, birthYear: number, serial: string): string {
  const centuryDigit = (Math.floor(birthYear / 100) - 19) * 2 + (sex === 'female' ? 1 : 0);
  return `${prefix}${centuryDigit}${String(birthYear % 100).padStart(2, '0')}${serial}`;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

const validPerson = fc
  .record({
    prefix: fc.constantFrom(...LEGACY_PREFIXES),
    sex: fc.constantFrom<Sex>('male', 'female'),
    birthYear: fc.integer({ min: 1900, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    serial: fc.stringMatching(/^[0-9]{6}$/),
    yearsSinceBirth: fc.integer({ min: 0, max: 120 }),
  })
  .map((p) => ({
    ...p,
    id: buildCitizenId(p.prefix, p.sex, p.birthYear, p.serial),
    facts: {
      today: `${p.birthYear + p.yearsSinceBirth}-01-01`,
      dateOfBirth: `${p.birthYear}-${pad2(p.month)}-${pad2(p.day)}`,
      sex: p.sex,
    } satisfies CitizenFacts,
  }));

describe('citizen ID laws', () => {
  it('a number built from valid parts validates and decodes back to those parts', () => {
    fc.assert(
      fc.property(validPerson, ({ id, facts, prefix, sex, birthYear, serial }) => {
        const expected = {
          ok: true,
          decoded: {
            provincePrefix: prefix,
            sex,
            birthYear,
            century: Math.floor(birthYear / 100) + 1,
            serial,
          },
        };
        expect(validateCitizenId(id, facts, LEGACY_PREFIXES)).toEqual(expected);
        expect(decodeCitizenId(id, LEGACY_PREFIXES)).toEqual(expected);
      }),
    );
  });

  it('stating the other sex is exactly one sex_mismatch', () => {
    fc.assert(
      fc.property(validPerson, ({ id, facts }) => {
        const other: Sex = facts.sex === 'male' ? 'female' : 'male';
        const result = validateCitizenId(id, { ...facts, sex: other }, LEGACY_PREFIXES);
        expect(result).toEqual({
          ok: false,
          problems: [{ code: 'sex_mismatch', idSex: facts.sex, statedSex: other }],
        });
      }),
    );
  });

  it('anything that is not 12 ASCII digits is a format problem and nothing else', () => {
    const notTwelveDigits = fc
      .oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.stringMatching(/^[0-9 ]{11,13}$/))
      .filter((s) => !/^[0-9]{12}$/.test(s));
    fc.assert(
      fc.property(notTwelveDigits, (id) => {
        expect(validateCitizenId(id, { today: TODAY }, LEGACY_PREFIXES)).toEqual({
          ok: false,
          problems: [{ code: 'format' }],
        });
      }),
    );
  });
});
