import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AdminUnitDataError } from '../domain/admin-units.js';
import { validateCitizenId } from '../domain/citizen-id.js';
import {
  ADMIN_UNIT_FILES,
  DEFAULT_ADMIN_UNITS_DIR,
  ReferenceDataError,
  loadAdminUnits,
} from './reference-data.js';

const DIR = DEFAULT_ADMIN_UNITS_DIR;
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('data/admin-units files', () => {
  // The upstream snapshot (dvhcvn/20250701 @ dd94887c) as listed in SOURCE.md. A change here
  // must be a deliberate new snapshot, with SOURCE.md updated in the same commit.
  const SOURCE_HASHES = {
    'source/915_CTK-CSCL.csv': '233cee5b0cb876014eb18b4d857523f80ed5c68d9f769cde6e8f8bb399ff999b',
    'source/1027_CTK-CSCL.md': '4184bd23622fd2befa98907fad6c07864535b3e7f13f5bbbb0ecd16afcb4c0dc',
    'source/merges.json': '7d4f8cb5ed4be203589faeb9978957e5dc8bb982bc42680b9c2f044ce0e8795a',
    'source/splits.json': '335cc8907764e63e31f8603f9b46287d21f3916b00695fdcfe9371907aad5aa2',
  };

  it.each(Object.entries(SOURCE_HASHES))('%s is the recorded snapshot', (file, hash) => {
    expect(sha256(join(DIR, file))).toBe(hash);
  });

  it('SOURCE.md lists the same hashes', () => {
    const listed = Object.fromEntries(
      [...readFileSync(join(DIR, 'SOURCE.md'), 'utf8').matchAll(/^([0-9a-f]{64}) {2}(\S+)$/gm)].map(
        (m) => [m[2], m[1]],
      ),
    );
    expect(listed).toEqual(SOURCE_HASHES);
  });

  it('keeps the MIT notice of upstream', () => {
    const licence = readFileSync(join(DIR, 'LICENSE'), 'utf8');
    expect(licence).toMatch(/^MIT License\n\nCopyright \(c\) 2025 dvhcvn\n/);
    expect(licence).toContain('The above copyright notice and this permission notice');
  });

  it.each([
    [ADMIN_UNIT_FILES.provinces, 34],
    [ADMIN_UNIT_FILES.communes, 3321],
    [ADMIN_UNIT_FILES.legacyProvinces, 63],
  ])('%s has %i data rows', (file, rows) => {
    // Counted from the raw text, independently of the loader.
    const lines = readFileSync(join(DIR, file), 'utf8').split(/\r?\n/).filter(Boolean);
    expect(lines.length - 1).toBe(rows);
  });
});

describe('loadAdminUnits on the shipped data', () => {
  const index = loadAdminUnits();

  it('resolves the default directory independently of the working directory', () => {
    expect(isAbsolute(DIR)).toBe(true);
    expect(DIR.replaceAll('\\', '/')).toMatch(/\/data\/admin-units\/?$/);
  });

  it('loads the default directory once', () => {
    expect(loadAdminUnits()).toBe(index);
    expect(loadAdminUnits(DIR)).toBe(index);
  });

  it('has 34 provinces and 3,321 communes: 2,621 xã, 687 phường, 13 đặc khu', () => {
    expect(index.provinces()).toHaveLength(34);
    const communes = index.provinces().flatMap((p) => index.communesOf(p.code));
    expect(communes).toHaveLength(3321);
    const count = (type: string) => communes.filter((c) => c.type === type).length;
    expect([count('Xã'), count('Phường'), count('Đặc khu')]).toEqual([2621, 687, 13]);
  });

  it('has 94 communes in Đà Nẵng', () => {
    expect(index.province('48')).toEqual({
      code: '48',
      name: 'Thành phố Đà Nẵng',
      type: 'Thành phố',
    });
    expect(index.communesOf('48')).toHaveLength(94);
  });

  it('knows Phường Hải Châu and Xã Bà Nà by code', () => {
    expect(index.commune('20242')).toEqual({
      code: '20242',
      name: 'Phường Hải Châu',
      type: 'Phường',
      provinceCode: '48',
      provinceName: 'Thành phố Đà Nẵng',
      stt: 1852,
    });
    expect(index.unit('20308')).toMatchObject({ kind: 'commune', name: 'Xã Bà Nà' });
    expect(index.unit('48')).toMatchObject({ kind: 'province', name: 'Thành phố Đà Nẵng' });
  });

  it.each(['00000', '99999', '02', '20242 ', ''])('answers undefined for %j', (code) => {
    expect(index.unit(code)).toBeUndefined();
  });

  it('keeps every name NFC', () => {
    const names = [
      ...index.provinces().map((p) => p.name),
      ...index.provinces().flatMap((p) => index.communesOf(p.code).map((c) => c.name)),
      ...index.legacyProvinces().map((l) => l.legacyName),
    ];
    expect(names.filter((n) => n !== n.normalize('NFC'))).toEqual([]);
  });

  it.each(['hai chau', 'Hải Châu', 'HAI CHAU', 'phường hải châu'])(
    'search %j finds Phường Hải Châu first',
    (query) => {
      expect(index.search(query)[0]?.unit.code).toBe('20242');
    },
  );

  it('search "ba na" in Đà Nẵng finds Xã Bà Nà first', () => {
    const [first] = index.search('ba na', { provinceCode: '48' });
    expect(first?.unit).toMatchObject({ code: '20308', name: 'Xã Bà Nà', provinceCode: '48' });
  });

  it('search "da nang" finds the province first', () => {
    expect(index.search('da nang')[0]).toMatchObject({
      unit: { kind: 'province', code: '48', name: 'Thành phố Đà Nẵng' },
      match: 'name',
    });
  });

  it('lists the 63 legacy provinces with their CCCD prefixes', () => {
    expect(index.legacyProvinces()).toHaveLength(63);
    expect(index.cccdPrefixes().size).toBe(63);
    expect(index.legacyProvinceByCccdPrefix('048')).toMatchObject({
      legacyName: 'Thành phố Đà Nẵng',
      mergedIntoCode: '48',
      mergedIntoName: 'Thành phố Đà Nẵng',
    });
    expect(index.legacyProvinceByCccdPrefix('049')).toMatchObject({
      legacyName: 'Tỉnh Quảng Nam',
      mergedIntoCode: '48',
    });
    expect(index.legacyProvinceByCccdPrefix('003')).toBeUndefined();
  });

  it('gives citizen-id validation the prefixes of TT 07/2016', () => {
    const facts = { today: '2026-11-26', dateOfBirth: '1985-03-14', sex: 'male' } as const;
    expect(validateCitizenId('049085000321', facts, index.cccdPrefixes()).ok).toBe(true);
    expect(validateCitizenId('003085000321', facts, index.cccdPrefixes())).toMatchObject({
      ok: false,
      problems: [{ code: 'unknown_prefix' }],
    });
  });
});

describe('loadAdminUnits on a broken copy', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'motcua-admin-units-'));
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
  });

  let copies = 0;
  // A fresh copy of the shipped CSVs with one file replaced by what `edit` makes of it.
  function brokenCopy(file: string, edit: (text: string) => string): string {
    const dir = join(scratch, String(copies++));
    for (const name of Object.values(ADMIN_UNIT_FILES)) {
      cpSync(join(DIR, name), join(dir, name));
    }
    writeFileSync(join(dir, file), edit(readFileSync(join(DIR, file), 'utf8')));
    return dir;
  }

  function loadError(dir: string): ReferenceDataError {
    try {
      loadAdminUnits(dir);
    } catch (error) {
      if (error instanceof ReferenceDataError) return error;
      throw error;
    }
    throw new Error('expected loadAdminUnits to fail');
  }

  it('names the file, row and field of a bad value', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.communes, (text) =>
      text.replace('00082,Phường Cửa Nam,Phường', '0082,Phường Cửa Nam,Phuong'),
    );
    const error = loadError(dir);
    expect(error.issues).toEqual([
      {
        file: 'communes.csv',
        row: 2,
        line: 3,
        field: 'code',
        message: 'must be 5 digits (got "0082")',
      },
      expect.objectContaining({ file: 'communes.csv', row: 2, line: 3, field: 'type' }),
    ]);
    expect(error.message).toContain('communes.csv, row 2, line 3, field "code": must be 5 digits');
  });

  it('reports a wrong header once, for the whole file', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.provinces, (text) =>
      text.replace('code,name,type', 'code,type,name'),
    );
    expect(loadError(dir).issues).toEqual([
      {
        file: 'provinces.csv',
        message: 'header is "code,type,name", expected "code,name,type"',
      },
    ]);
  });

  it('reports a row with a missing column', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.legacyProvinces, (text) =>
      text.replace('049,48,Thành phố Đà Nẵng', '049,48'),
    );
    expect(loadError(dir).issues).toEqual([
      expect.objectContaining({
        file: 'provinces_legacy_63.csv',
        message: expect.stringContaining('Invalid Record Length') as unknown,
      }),
    ]);
  });

  it('reports a missing file', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.provinces, (text) => text);
    rmSync(join(dir, ADMIN_UNIT_FILES.communes));
    expect(loadError(dir).issues).toEqual([
      expect.objectContaining({
        file: 'communes.csv',
        message: expect.stringContaining('cannot be read') as unknown,
      }),
    ]);
  });

  it('reports an empty file', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.provinces, () => 'code,name,type\r\n');
    expect(loadError(dir).issues).toEqual([{ file: 'provinces.csv', message: 'has no data rows' }]);
  });

  it('refuses rows that are each fine but disagree with each other', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.communes, (text) =>
      text.replace('20308,Xã Bà Nà,Xã,48,', '20308,Xã Bà Nà,Xã,47,'),
    );
    expect(() => loadAdminUnits(dir)).toThrow(AdminUnitDataError);
    expect(() => loadAdminUnits(dir)).toThrow('commune 20308 names unknown province 47');
  });

  it('normalises decomposed text to NFC and reads a file saved with a BOM and LF endings', () => {
    const dir = brokenCopy(
      ADMIN_UNIT_FILES.communes,
      (text) => '\uFEFF' + text.normalize('NFD').replaceAll('\r\n', '\n'),
    );
    const index = loadAdminUnits(dir);
    expect(index.commune('20308')?.name).toBe('Xã Bà Nà'.normalize('NFC'));
    expect(index.commune('20308')?.name).not.toBe('Xã Bà Nà'.normalize('NFD'));
    expect(index.communesOf('48')).toHaveLength(94);
  });

  it('reads a directory other than the default afresh each time', () => {
    const dir = brokenCopy(ADMIN_UNIT_FILES.provinces, (text) => text);
    expect(loadAdminUnits(dir)).not.toBe(loadAdminUnits(dir));
  });
});
