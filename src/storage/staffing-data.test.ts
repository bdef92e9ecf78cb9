// The shipped officer fields against the shipped catalogue: every sector of a real procedure is
// in the mapping, and the rules judge real procedures as a commune would (a culture–society
// officer deciding a birth registration is outside their field; residence is nobody's). A
// broken file stops the node with the file and the field named.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { coverage, fieldGaps, officerMismatch } from '../domain/staffing.js';
import { ReferenceDataError } from './reference-data.js';
import { DEFAULT_STAFFING_FILE, loadStaffingData } from './staffing-data.js';

interface CatalogueProcedure {
  readonly code: string;
  readonly sector: { readonly code: string };
}
const catalogue = (
  JSON.parse(
    readFileSync(
      fileURLToPath(new URL('../../data/catalogue/procedures.json', import.meta.url)),
      'utf8',
    ),
  ) as { procedures: CatalogueProcedure[] }
).procedures;
const sectorOf = (procedureCode: string): string => {
  const found = catalogue.find((p) => p.code === procedureCode);
  if (found === undefined) throw new Error(`no procedure ${procedureCode} in the catalogue`);
  return found.sector.code;
};

// Real procedures of the catalogue.
const birth = '1.001193'; // Đăng ký khai sinh
const certifiedCopy = '2.000815'; // Chứng thực bản sao từ bản chính
const burialSupport = '1.001731'; // Hỗ trợ chi phí mai táng (bảo trợ xã hội)
const landRegistration = '1.013978'; // Đăng ký đất đai, cấp Giấy chứng nhận
const temporaryResidence = '1.004194'; // Đăng ký tạm trú

describe('data/staffing/officer-fields.json', () => {
  const data = loadStaffingData();

  it('maps every sector of the catalogue, and nothing the catalogue does not have', () => {
    const sectors = [...new Set(catalogue.map((p) => p.sector.code))].sort();
    expect(data.sectors.map((s) => s.sector).sort()).toEqual(sectors);
  });

  it('has the Decree 33/2023 titles and the one-stop desk, named in three languages', () => {
    expect(data.fields.map((f) => f.code)).toEqual([
      'mot_cua',
      'van_phong_thong_ke',
      'dia_chinh_do_thi',
      'dia_chinh_nong_nghiep',
      'tai_chinh_ke_toan',
      'tu_phap_ho_tich',
      'van_hoa_xa_hoi',
    ]);
    expect(data.fields.find((f) => f.code === 'tu_phap_ho_tich')?.name.vi).toBe(
      'Tư pháp – hộ tịch',
    );
    expect(data.fields.filter((f) => f.receivesAll).map((f) => f.code)).toEqual(['mot_cua']);
  });

  it('judges real procedures by the officer’s field', () => {
    expect(sectorOf(birth)).toBe('ho_tich');
    expect(coverage(data, 'tu_phap_ho_tich', sectorOf(birth), 'processing')).toBe('covered');
    expect(coverage(data, 'van_hoa_xa_hoi', sectorOf(birth), 'processing')).toBe('outside');
    expect(coverage(data, 'tu_phap_ho_tich', sectorOf(certifiedCopy), 'processing')).toBe(
      'covered',
    );
    expect(coverage(data, 'van_hoa_xa_hoi', sectorOf(burialSupport), 'processing')).toBe('covered');
    expect(coverage(data, 'dia_chinh_nong_nghiep', sectorOf(landRegistration), 'processing')).toBe(
      'covered',
    );
    expect(coverage(data, 'tu_phap_ho_tich', sectorOf(landRegistration), 'processing')).toBe(
      'outside',
    );
    expect(coverage(data, 'mot_cua', sectorOf(landRegistration), 'reception')).toBe('covered');
    // Residence is the commune police's: nobody's handling of it is judged.
    expect(coverage(data, 'van_hoa_xa_hoi', sectorOf(temporaryResidence), 'processing')).toBe(
      'not_judged',
    );
  });

  it('finds a culture–society officer deciding births outside the field, and the missing field', () => {
    expect(
      officerMismatch(data, 'van_hoa_xa_hoi', [
        { sector: sectorOf(birth), processing: 3, receptionOnly: 0 },
        { sector: sectorOf(burialSupport), processing: 1, receptionOnly: 0 },
      ]),
    ).toEqual({ handled: 4, outside: 3, share: 0.75, sectors: [{ sector: 'ho_tich', count: 3 }] });
    expect(
      fieldGaps(
        data,
        ['mot_cua', 'van_hoa_xa_hoi'],
        [
          { sector: sectorOf(birth), count: 3 },
          { sector: sectorOf(temporaryResidence), count: 5 },
        ],
      ),
    ).toEqual([{ sector: 'ho_tich', fields: ['tu_phap_ho_tich'], received: 3 }]);
  });

  it('stops with the file and the field named when the file is broken', () => {
    const dir = mkdtempSync(join(tmpdir(), 'motcua-staffing-'));
    const file = join(dir, 'officer-fields.json');
    const broken = JSON.parse(readFileSync(DEFAULT_STAFFING_FILE, 'utf8')) as {
      sectors: { fields: string[] }[];
    };
    broken.sectors[0]?.fields.push('chi_huy_quan_su');
    writeFileSync(file, JSON.stringify(broken));
    expect(() => loadStaffingData(file)).toThrow(ReferenceDataError);
    expect(() => loadStaffingData(file)).toThrow(
      /sectors\.0\.fields\.1.*unknown field chi_huy_quan_su/,
    );
    expect(() => loadStaffingData(join(dir, 'missing.json'))).toThrow(/cannot be read/);
  });
});
