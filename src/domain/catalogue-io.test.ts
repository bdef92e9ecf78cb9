import { describe, expect, it } from 'vitest';
import { buildVersion } from '../../test/procedure-fixtures.js';
import {
  canonicalVersion,
  catalogueCsvColumns,
  exportCatalogueCsv,
  exportCatalogueJson,
  parseCatalogueCsv,
  parseCatalogueJson,
  planImport,
  type CatalogueParseResult,
  type CatalogueProblem,
  type StoredVersion,
} from './catalogue-io.js';
import type { ProcedureVersion } from './procedures.js';

/** A small catalogue exercising what the formats must carry. */
const catalogue: ProcedureVersion[] = [
  buildVersion({
    code: '1.000894',
    nameVi: 'Thủ tục đăng ký kết hôn',
    nameEn: 'Marriage registration',
    registrationWindowDays: null,
    verificationTime: { value: 5, unit: 'working_days' },
    fees: [],
    components: [],
    channels: { inPerson: true, online: 'partial', postal: false },
    validTo: '2027-02-28',
    confirmed: false,
    sourceNote: 'Dòng một.\nDòng hai, có dấu phẩy; và "ngoặc kép".',
  }),
  buildVersion(),
  buildVersion({
    version: 2,
    validFrom: '2027-03-01',
    // Commas, quotes and semicolons in names are everyday Vietnamese text.
    nameVi: 'Thủ tục đăng ký khai sinh (theo Luật Hộ tịch "mới"); áp dụng từ 01/3/2027',
    verificationTime: { value: 3, unit: 'working_days' },
    legalBasis: ['Luật Hộ tịch số 03/2026/QH16', 'Nghị định hướng dẫn, chưa ban hành'],
  }),
];

function expectOk(result: CatalogueParseResult): ProcedureVersion[] {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result.versions;
}

function problemsOf(result: CatalogueParseResult): CatalogueProblem[] {
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('round trip', () => {
  it('exports JSON and imports it back to equal versions', () => {
    expect(expectOk(parseCatalogueJson(exportCatalogueJson(catalogue)))).toEqual(catalogue);
  });

  it('exports CSV and imports it back to equal versions', () => {
    expect(expectOk(parseCatalogueCsv(exportCatalogueCsv(catalogue)))).toEqual(catalogue);
  });

  it('writes CSV for a spreadsheet: BOM, the documented header, one row per version', () => {
    const csv = exportCatalogueCsv(catalogue);
    expect(csv.startsWith('\uFEFFcode,version,name_vi,')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(`\uFEFF${catalogueCsvColumns.join(',')}`);
    // Lists sit one item per line inside their cell.
    expect(csv).toContain(
      '"le_phi_khai_sinh_qua_han | Lệ phí đăng ký khai sinh quá hạn | Late birth registration fee | 5000 | late_registration | meritorious_family, poor_household, disability\nban_sao_trich_luc',
    );
  });

  it('sorts exports by code and version, so two exports diff cleanly', () => {
    const reversed = [...catalogue].reverse();
    expect(exportCatalogueJson(reversed)).toBe(exportCatalogueJson(catalogue));
    expect(exportCatalogueCsv(reversed)).toBe(exportCatalogueCsv(catalogue));
  });

  it('reads what a Vietnamese spreadsheet writes: semicolons, dd/mm/yyyy, 8.000, có/không', () => {
    const header = catalogueCsvColumns.join(';');
    const row = [
      '1.000656',
      '1',
      'Thủ tục đăng ký khai tử',
      'Death registration',
      'ho_tich',
      'Hộ tịch',
      'Civil status',
      'commune',
      '0',
      'same_day',
      '3',
      'working_days',
      '15',
      '"ban_sao | Phí bản sao trích lục khai tử | Copy of the death extract | 8.000 | per_copy | -"',
      '"to_khai | Tờ khai đăng ký khai tử | Death registration form | bắt buộc | -\ngiay_bao_tu | Giấy báo tử | Death notice | required | e_data_store | 1"',
      'có',
      'full',
      'không',
      'có',
      'Luật Hộ tịch số 60/2014/QH13',
      '1/7/2025',
      '',
      'Trích lục khai tử',
      'x',
      '',
    ].join(';');
    const [v] = expectOk(parseCatalogueCsv(`${header}\r\n${row}\r\n`));
    expect(v).toMatchObject({
      code: '1.000656',
      verificationTime: { value: 3, unit: 'working_days' },
      registrationWindowDays: 15,
      fees: [{ amountVnd: 8000, basis: 'per_copy', exemptions: [] }],
      components: [
        { code: 'to_khai', required: true, reusableFromData: [] },
        { code: 'giay_bao_tu', required: true, reusableFromData: ['e_data_store'], copies: 1 },
      ],
      channels: { inPerson: true, online: 'full', postal: false },
      validFrom: '2025-07-01',
      validTo: null,
      confirmed: true,
      sourceNote: '',
    });
  });
});

describe('malformed rows', () => {
  const csv = exportCatalogueCsv(catalogue).replace(/^\uFEFF/, '');
  const [header = '', ...records] = csv.split(/\r\n(?=\d\.\d{6},)/);

  it('names the row, the file line and the CSV column of every problem, and keeps none', () => {
    // Rows 1 and 2 span three and four lines (their list cells hold several items), so the third
    // row starts on line 9.
    const broken = records.map((r, i) =>
      i === 2
        ? r
            .replace('1.001193,2,', '1.01193,2,')
            .replace('| 8000 | per_copy', '| tám nghìn | per_copy')
        : r,
    );
    const problems = problemsOf(parseCatalogueCsv([header, ...broken].join('\r\n')));
    expect(problems).toEqual([
      {
        row: 3,
        line: 9,
        field: 'fees[2].amount_vnd',
        reason: 'integer_format',
        message: 'catalogue.integer_format',
      },
      {
        row: 3,
        line: 9,
        field: 'code',
        reason: 'procedure_code_format',
        message: 'catalogue.procedure_code_format',
      },
    ]);
  });

  it('reports a list item with the wrong number of parts, and a missing required cell', () => {
    const broken = records.map((r, i) =>
      i === 0
        ? r
            .replace('Thủ tục đăng ký kết hôn,', ',')
            .replace(',,true,partial,', ',"to_khai | Tờ khai | Form",true,partial,')
        : r,
    );
    const problems = problemsOf(parseCatalogueCsv([header, ...broken].join('\r\n')));
    expect(problems.map((p) => [p.row, p.line, p.field, p.reason, p.params])).toEqual([
      [1, 2, 'components[1]', 'list_item_arity', { item: 1, expected: 6, actual: 3 }],
      [1, 2, 'name_vi', 'required', undefined],
    ]);
  });

  it('names the JSON item and the property path, lists counted from 1', () => {
    const data = JSON.parse(exportCatalogueJson(catalogue)) as {
      procedures: Record<string, unknown>[];
    };
    const second = data.procedures[1]!;
    (second['fees'] as Record<string, unknown>[])[1]!['amountVnd'] = -5;
    second['level'] = 'district';
    delete second['nameEn'];
    const problems = problemsOf(parseCatalogueJson(JSON.stringify(data)));
    expect(problems.map((p) => [p.row, p.field, p.reason])).toEqual([
      [2, 'nameEn', 'required'],
      [2, 'level', 'invalid_option'],
      [2, 'fees[2].amountVnd', 'too_small'],
    ]);
  });

  it('checks the header before any row', () => {
    const renamed = csv.replace('name_en,', 'ten_tieng_anh,');
    expect(problemsOf(parseCatalogueCsv(renamed)).map((p) => [p.reason, p.params])).toEqual([
      ['csv_unknown_column', { column: 'ten_tieng_anh' }],
      ['csv_missing_column', { column: 'name_en' }],
    ]);
  });

  it('says where a CSV file stops making sense, and when a JSON file is not JSON', () => {
    expect(problemsOf(parseCatalogueCsv(`${header}\r\n1.001193,"1\r\n`))).toEqual([
      {
        row: 0,
        line: 2,
        field: '',
        reason: 'csv_unreadable',
        message: 'catalogue.csv_unreadable',
        params: { line: 2 },
      },
    ]);
    expect(problemsOf(parseCatalogueJson('{"procedures": [')).map((p) => p.reason)).toEqual([
      'invalid_json',
    ]);
    expect(problemsOf(parseCatalogueJson('{"items": []}')).map((p) => p.reason)).toEqual([
      'json_shape',
    ]);
    expect(problemsOf(parseCatalogueJson('[]')).map((p) => p.reason)).toEqual(['empty']);
    expect(problemsOf(parseCatalogueCsv(`${header}\r\n`)).map((p) => p.reason)).toEqual(['empty']);
  });
});

describe('planning an import', () => {
  const stored = (v: ProcedureVersion): StoredVersion => ({
    code: v.code,
    version: v.version,
    validFrom: v.validFrom,
    validTo: v.validTo,
    canonical: canonicalVersion(v),
  });
  const v1 = buildVersion();

  it('skips a version identical to the stored one and publishes the new ones', () => {
    const v2 = buildVersion({ version: 2, validFrom: '2027-03-01' });
    const plan = planImport([stored(v1)], [v1, v2]);
    expect(plan).toEqual({ publish: [v2], skipped: 1, problems: [] });
  });

  it('refuses a changed version under a published (code, version)', () => {
    const plan = planImport([stored(v1)], [{ ...v1, nameEn: 'Birth registration (changed)' }]);
    expect(plan.publish).toEqual([]);
    expect(plan.problems).toEqual([
      {
        row: 1,
        field: 'version',
        reason: 'version_changed',
        message: 'catalogue.version_changed',
        params: { code: '1.001193', version: 1 },
      },
    ]);
  });

  it('refuses the same (code, version) twice in one file, naming the other row', () => {
    const plan = planImport([], [v1, buildVersion({ code: '1.000656' }), v1]);
    expect(plan.problems.map((p) => [p.row, p.reason, p.params])).toEqual([
      [3, 'duplicate_version', { code: '1.001193', version: 1, otherRow: 1 }],
    ]);
  });

  it('refuses a new version that overlaps or precedes a stored one, in CSV terms for CSV', () => {
    const ended = buildVersion({ validTo: '2027-12-31' });
    const overlapping = buildVersion({ version: 2, validFrom: '2027-03-01' });
    expect(planImport([stored(ended)], [overlapping], 'csv').problems).toEqual([
      {
        row: 1,
        field: 'valid_from',
        reason: 'version_overlap',
        message: 'catalogue.version_overlap',
        params: { code: '1.001193', version: 2, other: 1 },
      },
    ]);
    const earlier = buildVersion({ version: 2, validFrom: '2020-01-01' });
    expect(planImport([stored(v1)], [earlier]).problems.map((p) => p.reason)).toEqual([
      'version_order',
    ]);
  });
});
