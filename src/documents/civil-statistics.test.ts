import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { haiChauCommittee } from '../../test/document-fixtures.js';
import { readPdf } from '../../test/pdf-inspect.js';
import { totalFigures, type CivilFigures } from '../domain/civil-statistics.js';
import {
  CIVIL_STATISTICS_CSV_COLUMNS,
  civilStatisticsCsv,
  renderCivilStatistics,
  type CivilStatisticsData,
} from './civil-statistics.js';

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

const haiChau: CivilFigures = {
  births: { total: 5, male: 2, female: 3, onTime: 4, late: 1 },
  deaths: { total: 3, male: 1, female: 2, onTime: 2, late: 1 },
  marriages: 2,
};
const baNa: CivilFigures = {
  births: { total: 1234, male: 600, female: 634, onTime: 1200, late: 34 },
  deaths: { total: 0, male: 0, female: 0, onTime: 0, late: 0 },
  marriages: 1,
};

function buildReport(overrides: Partial<CivilStatisticsData> = {}): CivilStatisticsData {
  return {
    issuer: haiChauCommittee,
    // 01/12/2026 09:00 in Vietnam: November's report, printed the next morning.
    issuedAt: '2026-12-01T02:00:00.000Z',
    month: '2026-11',
    scopeName: 'Phường Hải Châu',
    rows: [{ unitCode: '20242', unitName: 'Phường Hải Châu', figures: haiChau }],
    preparedBy: 'Lê Thị Hoa',
    ...overrides,
  };
}

const province = (): CivilStatisticsData => {
  const rows = [
    { unitCode: '20242', unitName: 'Phường Hải Châu', figures: haiChau },
    { unitCode: '20308', unitName: 'Xã Bà Nà', figures: baNa },
  ];
  return buildReport({
    issuer: {
      parentName: 'UBND thành phố Đà Nẵng',
      name: 'Sở Tư pháp',
      fullName: 'Sở Tư pháp thành phố Đà Nẵng',
      placeName: 'Đà Nẵng',
    },
    scopeName: 'Thành phố Đà Nẵng',
    rows,
    total: totalFigures(rows),
  });
};

describe('Báo cáo số liệu hộ tịch (PDF)', () => {
  it('prints a landscape A4 table with the header, the month and the figures', async () => {
    const content = await readPdf(await renderCivilStatistics(buildReport()));
    expect(content.pages).toHaveLength(1);
    expect(content.pages[0]?.width).toBeCloseTo(A4_LANDSCAPE.width, 1);
    expect(content.pages[0]?.height).toBeCloseTo(A4_LANDSCAPE.height, 1);
    const text = content.flat;
    for (const phrase of [
      'ỦY BAN NHÂN DÂN',
      'PHƯỜNG HẢI CHÂU',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Hải Châu, ngày 01 tháng 12 năm 2026',
      'BÁO CÁO SỐ LIỆU HỘ TỊCH THÁNG 11/2026',
      'Phường Hải Châu',
      'Số liệu từ ngày 01/11/2026 đến ngày 30/11/2026',
      'Khai sinh Tổng số',
      'Khai tử Quá hạn',
      'Kết hôn',
      'NGƯỜI LẬP BIỂU',
      'Lê Thị Hoa',
    ])
      expect(text).toContain(phrase);
    // The row: STT, unit, births 5 2 3 4 1, deaths 3 1 2 2 1, marriages 2.
    expect(text).toContain('1 Phường Hải Châu (20242) 5 2 3 4 1 3 1 2 2 1 2');
    expect(text).not.toContain('Tổng cộng');
    expect(content.info['Title']).toBe('Báo cáo số liệu hộ tịch tháng 11/2026 - Phường Hải Châu');
  });

  it('adds the total row for the province and groups thousands the Vietnamese way', async () => {
    const text = (await readPdf(await renderCivilStatistics(province()))).flat;
    expect(text).toContain('SỞ TƯ PHÁP');
    expect(text).toContain('Đà Nẵng, ngày 01 tháng 12 năm 2026');
    expect(text).toContain('2 Xã Bà Nà (20308) 1.234 600 634 1.200 34 0 0 0 0 0 1');
    expect(text).toContain('Tổng cộng 1.239 602 637 1.204 35 3 1 2 2 1 3');
  });

  it('knows how long February is', async () => {
    const text = (await readPdf(await renderCivilStatistics(buildReport({ month: '2028-02' }))))
      .flat;
    expect(text).toContain('BÁO CÁO SỐ LIỆU HỘ TỊCH THÁNG 02/2028');
    expect(text).toContain('Số liệu từ ngày 01/02/2028 đến ngày 29/02/2028');
  });
});

describe('Báo cáo số liệu hộ tịch (CSV)', () => {
  it('has the Vietnamese header with a byte-order mark, one line per unit and the total', () => {
    const csv = civilStatisticsCsv(province());
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFMã đơn vị,Đơn vị,Khai sinh,Khai sinh - Nam,Khai sinh - Nữ,Khai sinh - đúng hạn,' +
        'Khai sinh - quá hạn,Khai tử,Khai tử - Nam,Khai tử - Nữ,Khai tử - đúng hạn,' +
        'Khai tử - quá hạn,Kết hôn',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
    const records: string[][] = parse(csv, { bom: true });
    expect(records).toEqual([
      [...CIVIL_STATISTICS_CSV_COLUMNS],
      ['20242', 'Phường Hải Châu', '5', '2', '3', '4', '1', '3', '1', '2', '2', '1', '2'],
      ['20308', 'Xã Bà Nà', '1234', '600', '634', '1200', '34', '0', '0', '0', '0', '0', '1'],
      ['', 'Tổng cộng', '1239', '602', '637', '1204', '35', '3', '1', '2', '2', '1', '3'],
    ]);
  });

  it('has no total line for one commune', () => {
    const records: string[][] = parse(civilStatisticsCsv(buildReport()), { bom: true });
    expect(records).toHaveLength(2);
  });
});
