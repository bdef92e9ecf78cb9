// The staffing rules on small data: the data file's checks, which field covers which sector
// (for deciding and for receiving), officers' work outside their field, the fields a commune
// has nobody for, the median, and the ranking with its flags at the thresholds' edges.
import { describe, expect, it } from 'vitest';
import { can } from './permissions.js';
import {
  coverage,
  fieldGaps,
  fieldRefusal,
  median,
  officerMismatch,
  parseStaffingData,
  parseStaffingDataJson,
  rankUnits,
  type StaffingData,
} from './staffing.js';

const names = (vi: string) => ({ vi, en: `${vi} (en)`, th: `${vi} (th)` });
const sourced = { source: 'test', confirmed: true };
const field = (code: string, receivesAll = false) => ({
  code,
  name: names(code),
  short: names(code),
  receivesAll,
  office2025: 'office',
  ...sourced,
});
const sector = (code: string, fields: string[]) => ({
  sector: code,
  name: names(code),
  fields,
  ...sourced,
});

/** A small file: a desk, justice and civil status, culture and society, two land variants. */
const file = () => ({
  format: 'motcua-officer-fields',
  formatVersion: 1,
  offices2025: [{ code: 'office', name: names('Văn phòng'), ...sourced }],
  fields: [
    field('mot_cua', true),
    field('tu_phap_ho_tich'),
    field('van_hoa_xa_hoi'),
    field('dia_chinh_do_thi'),
    field('dia_chinh_nong_nghiep'),
  ],
  sectors: [
    sector('ho_tich', ['tu_phap_ho_tich']),
    sector('bao_tro_xa_hoi', ['van_hoa_xa_hoi']),
    sector('dat_dai', ['dia_chinh_do_thi', 'dia_chinh_nong_nghiep']),
    sector('cu_tru', []),
  ],
  thresholds: { high: 1.5, low: 0.5, ...sourced },
});

function data(): StaffingData {
  const result = parseStaffingData(file());
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.value;
}

describe('the data file', () => {
  it('accepts a well-formed file', () => {
    expect(parseStaffingData(file()).ok).toBe(true);
  });

  it('names every broken reference and duplicate, with its path', () => {
    const broken = file();
    broken.fields.push(field('van_hoa_xa_hoi'));
    broken.fields[1] = { ...field('tu_phap_ho_tich'), office2025: 'phong_khong_co' };
    broken.sectors[0] = sector('ho_tich', ['tu_phap']);
    const result = parseStaffingData(broken);
    expect(result).toEqual({
      ok: false,
      issues: [
        { path: 'fields.5', message: 'field van_hoa_xa_hoi twice' },
        { path: 'fields.1.office2025', message: 'unknown office phong_khong_co' },
        { path: 'sectors.0.fields.0', message: 'unknown field tu_phap' },
      ],
    });
  });

  it('refuses thresholds that cannot flag anything, and text not in NFC', () => {
    const wrong = file();
    wrong.thresholds = { ...wrong.thresholds, high: 1, low: 1.2 };
    wrong.fields[0] = { ...field('mot_cua', true), name: names('Mo\u0323\u0302t cửa') };
    const result = parseStaffingData(wrong);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => i.path).sort()).toEqual([
      'fields.0.name.en',
      'fields.0.name.th',
      'fields.0.name.vi',
      'thresholds.high',
      'thresholds.low',
    ]);
  });

  it('says when the text is not JSON', () => {
    const result = parseStaffingDataJson('{ "fields": ');
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.issues[0]?.message).toMatch(/^is not JSON/);
  });
});

describe('who may have which field', () => {
  it('gives fields to officers only, and only fields the data knows', () => {
    const d = data();
    expect(fieldRefusal(d, 'specialist', 'van_hoa_xa_hoi')).toBeNull();
    expect(fieldRefusal(d, 'receiving_officer', 'mot_cua')).toBeNull();
    expect(fieldRefusal(d, 'leader', 'tu_phap_ho_tich')).toBeNull();
    expect(fieldRefusal(d, 'specialist', 'thu_quy')).toBe('field_unknown');
    expect(fieldRefusal(d, 'citizen', 'tu_phap_ho_tich')).toBe('field_not_officer');
    expect(fieldRefusal(d, 'province_admin', 'tu_phap_ho_tich')).toBe('field_not_officer');
    expect(fieldRefusal(d, 'volunteer', 'mot_cua')).toBe('field_not_officer');
    // Clearing a field is never refused.
    expect(fieldRefusal(d, 'citizen', null)).toBeNull();
  });
});

describe('coverage', () => {
  it('lets a field decide its own sectors only', () => {
    const d = data();
    expect(coverage(d, 'tu_phap_ho_tich', 'ho_tich', 'processing')).toBe('covered');
    expect(coverage(d, 'van_hoa_xa_hoi', 'ho_tich', 'processing')).toBe('outside');
    expect(coverage(d, 'dia_chinh_nong_nghiep', 'dat_dai', 'processing')).toBe('covered');
    expect(coverage(d, 'dia_chinh_do_thi', 'dat_dai', 'processing')).toBe('covered');
    // The desk receives everything and decides nothing.
    expect(coverage(d, 'mot_cua', 'ho_tich', 'processing')).toBe('outside');
  });

  it('lets the desk receive every sector, and a field receive its own', () => {
    const d = data();
    expect(coverage(d, 'mot_cua', 'bao_tro_xa_hoi', 'reception')).toBe('covered');
    expect(coverage(d, 'tu_phap_ho_tich', 'ho_tich', 'reception')).toBe('covered');
    expect(coverage(d, 'tu_phap_ho_tich', 'dat_dai', 'reception')).toBe('outside');
  });

  it('does not judge without a field, for an unknown field or sector, or a sector no field has', () => {
    const d = data();
    expect(coverage(d, null, 'ho_tich', 'processing')).toBe('not_judged');
    expect(coverage(d, 'thu_quy', 'ho_tich', 'processing')).toBe('not_judged');
    expect(coverage(d, 'van_hoa_xa_hoi', 'khong_co', 'processing')).toBe('not_judged');
    expect(coverage(d, 'van_hoa_xa_hoi', null, 'processing')).toBe('not_judged');
    expect(coverage(d, 'van_hoa_xa_hoi', 'cu_tru', 'processing')).toBe('not_judged');
  });
});

describe('work outside the field', () => {
  it('counts decided and received dossiers outside the field, by sector, with the share', () => {
    const d = data();
    const result = officerMismatch(d, 'van_hoa_xa_hoi', [
      { sector: 'bao_tro_xa_hoi', processing: 5, receptionOnly: 1 },
      { sector: 'ho_tich', processing: 3, receptionOnly: 2 },
      { sector: 'dat_dai', processing: 0, receptionOnly: 1 },
      { sector: 'cu_tru', processing: 2, receptionOnly: 0 },
      { sector: null, processing: 1, receptionOnly: 0 },
    ]);
    expect(result).toEqual({
      handled: 15,
      outside: 6,
      share: 6 / 15,
      sectors: [
        { sector: 'ho_tich', count: 5 },
        { sector: 'dat_dai', count: 1 },
      ],
    });
  });

  it('finds nothing outside for the desk receiving, and nothing to judge without a field', () => {
    const d = data();
    const received = [
      { sector: 'ho_tich', processing: 0, receptionOnly: 7 },
      { sector: 'dat_dai', processing: 0, receptionOnly: 2 },
    ];
    expect(officerMismatch(d, 'mot_cua', received)).toEqual({
      handled: 9,
      outside: 0,
      share: 0,
      sectors: [],
    });
    expect(officerMismatch(d, null, received).outside).toBe(0);
    expect(officerMismatch(d, 'mot_cua', []).share).toBeNull();
  });
});

describe('fields a commune has nobody for', () => {
  it('lists each sector received whose fields no active officer has, most dossiers first', () => {
    const d = data();
    const gaps = fieldGaps(
      d,
      ['mot_cua', 'van_hoa_xa_hoi', null],
      [
        { sector: 'ho_tich', count: 4 },
        { sector: 'ho_tich', count: 3 },
        { sector: 'dat_dai', count: 9 },
        { sector: 'bao_tro_xa_hoi', count: 12 },
        { sector: 'cu_tru', count: 30 },
        { sector: null, count: 5 },
      ],
    );
    expect(gaps).toEqual([
      { sector: 'dat_dai', fields: ['dia_chinh_do_thi', 'dia_chinh_nong_nghiep'], received: 9 },
      { sector: 'ho_tich', fields: ['tu_phap_ho_tich'], received: 7 },
    ]);
  });

  it('is satisfied by either variant of a field', () => {
    expect(fieldGaps(data(), ['dia_chinh_do_thi'], [{ sector: 'dat_dai', count: 2 }])).toEqual([]);
  });
});

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 10, 6])).toBe(5);
  });
});

describe('ranking', () => {
  const thresholds = { high: 1.5, low: 0.5 };

  it('ranks by dossiers per officer and flags units beyond 1.5× or under 0.5× the median', () => {
    // Per officer: A 40, B 20, C 10, D 9, E 30.5; median 20 → high above 30, low under 10.
    const { median: mid, units } = rankUnits(
      [
        { unitCode: '20242', officers: 2, received: 80 },
        { unitCode: '20308', officers: 3, received: 60 },
        { unitCode: '20257', officers: 4, received: 40 },
        { unitCode: '20260', officers: 1, received: 9 },
        { unitCode: '20263', officers: 2, received: 61 },
      ],
      thresholds,
    );
    expect(mid).toBe(20);
    expect(units.map((u) => [u.rank, u.unitCode, u.perOfficer, u.flag])).toEqual([
      [1, '20242', 40, 'high'],
      [2, '20263', 30.5, 'high'],
      [3, '20308', 20, null],
      [4, '20257', 10, null], // exactly half the median: not flagged
      [5, '20260', 9, 'low'],
    ]);
  });

  it('does not flag exactly 1.5× the median', () => {
    const { units } = rankUnits(
      [
        { unitCode: '20242', officers: 1, received: 30 },
        { unitCode: '20308', officers: 1, received: 20 },
        { unitCode: '20257', officers: 1, received: 10 },
      ],
      thresholds,
    );
    expect(units.map((u) => u.flag)).toEqual([null, null, null]);
  });

  it('puts a unit with dossiers and no officer first, outside the median', () => {
    const { median: mid, units } = rankUnits(
      [
        { unitCode: '20242', officers: 2, received: 10 },
        { unitCode: '20308', officers: 0, received: 3 },
        { unitCode: '20257', officers: 0, received: 0 },
        { unitCode: '20260', officers: 2, received: 12 },
      ],
      thresholds,
    );
    expect(mid).toBe(5.5);
    expect(units.map((u) => [u.unitCode, u.perOfficer, u.flag])).toEqual([
      ['20308', null, 'no_officers'],
      ['20260', 6, null],
      ['20242', 5, null],
      ['20257', null, null],
    ]);
  });

  it('flags nothing high or low when the median is 0', () => {
    const { median: mid, units } = rankUnits(
      [
        { unitCode: '20242', officers: 3, received: 0 },
        { unitCode: '20308', officers: 2, received: 0 },
        { unitCode: '20257', officers: 2, received: 8 },
      ],
      thresholds,
    );
    expect(mid).toBe(0);
    expect(units.map((u) => u.flag)).toEqual([null, null, null]);
  });
});

describe('who sees staffing', () => {
  it('lets the province’s own officers see any commune of the province, not another province', () => {
    const provinceOfficer = {
      id: 'o',
      role: 'specialist' as const,
      unitCode: '48',
      provinceCode: '48',
    };
    expect(can(provinceOfficer, 'staffing.read', { unitCode: '20308', provinceCode: '48' })).toBe(
      true,
    );
    expect(can(provinceOfficer, 'staffing.read', { unitCode: '00004', provinceCode: '01' })).toBe(
      false,
    );
    expect(can(provinceOfficer, 'staffing.manage', { unitCode: '20308', provinceCode: '48' })).toBe(
      false,
    );
  });
});
