import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { buildTrackingBook, buildTrackingRows } from '../../test/document-fixtures.js';
import { readPdf } from '../../test/pdf-inspect.js';
import {
  TRACKING_BOOK_CSV_COLUMNS,
  bookProgress,
  renderTrackingBook,
  trackingBookCsv,
} from './tracking-book.js';
import type { TrackingBookRow } from './types.js';

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

describe('07 Sổ theo dõi hồ sơ (PDF)', () => {
  it('prints a landscape A4 ledger, headings repeated and numbered on every page', async () => {
    const data = buildTrackingBook();
    const content = await readPdf(await renderTrackingBook(data));
    expect(content.pages.length).toBeGreaterThan(1);
    content.pages.forEach((page, i) => {
      expect(page.width).toBeCloseTo(A4_LANDSCAPE.width, 1);
      expect(page.height).toBeCloseTo(A4_LANDSCAPE.height, 1);
      const flat = page.text.replace(/\s+/g, ' ');
      expect(flat).toContain('Mã hồ sơ');
      expect(flat).toContain('Tên thủ tục hành chính');
      expect(flat).toContain(`Trang ${i + 1}/${content.pages.length}`);
    });
    expect(content.flat).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(content.flat).toContain('Từ ngày 23/11/2026 đến ngày 27/11/2026');
    expect(content.flat).toContain('Hải Châu, ngày 27 tháng 11 năm 2026');
    for (const row of data.rows) expect(content.flat).toContain(row.code);
    expect(content.flat).toContain('Võ Thị Ánh Tuyết');
    expect(content.flat).toContain('Đăng ký khai tử (1.000656)');
    expect(content.flat).toContain('Đã trả kết quả');
    expect(content.flat).toContain('Yêu cầu bổ sung giấy tờ');
    expect(content.flat).toContain('Tổng số: 24 hồ sơ; đã trả kết quả: 10 (quá hạn: 3).');
  });

  it('fits a short book on one page', async () => {
    const content = await readPdf(
      await renderTrackingBook(buildTrackingBook({ rows: buildTrackingRows(3) })),
    );
    expect(content.pages).toHaveLength(1);
    expect(content.flat).not.toContain('Trang 1/1');
  });
});

describe('bookProgress', () => {
  const asOf = '2026-11-27T10:00:00.000Z';
  const row: TrackingBookRow = {
    code: '20242-261126-0007',
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
    applicant: { fullName: 'Nguyễn Thị Mai' },
    receivedAt: '2026-11-26T01:15:00.000Z',
    dueAt: '2026-11-26T09:30:00.000Z',
    status: 'processing',
  };

  it.each<[string, Partial<TrackingBookRow>, string]>([
    [
      'returned on the day',
      { status: 'returned', returnedAt: '2026-11-26T08:00:00.000Z' },
      'Đúng hạn',
    ],
    [
      'returned the next day',
      { status: 'returned', returnedAt: '2026-11-27T01:00:00.000Z' },
      'Quá hạn',
    ],
    ['open past its appointment', {}, 'Quá hạn'],
    ['open before its appointment', { dueAt: '2026-11-30T09:30:00.000Z' }, ''],
    ['refused', { status: 'refused' }, ''],
    ['stopped', { status: 'stopped' }, ''],
  ])('%s → %j', (_name, override, expected) => {
    expect(bookProgress({ ...row, ...override }, asOf)).toBe(expected);
  });
});

describe('07 Sổ theo dõi hồ sơ (CSV)', () => {
  it('has the Vietnamese header and one row per dossier, readable by a CSV parser', () => {
    const data = buildTrackingBook();
    const csv = trackingBookCsv(data);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe(
      '\uFEFFSTT,Mã hồ sơ,Mã thủ tục,Tên thủ tục hành chính,Người nộp hồ sơ,Địa chỉ,' +
        'Số điện thoại,Thời gian nhận hồ sơ,Thời gian hẹn trả kết quả,Thời gian trả kết quả,' +
        'Trạng thái,Tiến độ,Ghi chú',
    );
    const records: string[][] = parse(csv, { bom: true });
    expect(records[0]).toEqual([...TRACKING_BOOK_CSV_COLUMNS]);
    expect(records).toHaveLength(data.rows.length + 1);
    expect(records[1]).toEqual([
      '1',
      '20242-261123-0001',
      '1.001193',
      'Đăng ký khai sinh',
      'Nguyễn Thị Mai',
      'Số 3, đường Trần Phú, phường Hải Châu',
      '0905 100 200',
      '23/11/2026 07:40',
      '25/11/2026 07:40',
      '26/11/2026 07:40',
      'Đã trả kết quả',
      'Quá hạn',
      '',
    ]);
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('quotes commas, quotes and line breaks, and defuses formulas', () => {
    const [first] = buildTrackingRows(1);
    if (first === undefined) throw new Error('no fixture row');
    const csv = trackingBookCsv(
      buildTrackingBook({
        rows: [
          {
            ...first,
            applicant: {
              fullName: 'Lê Văn "Tí"',
              address: 'Tổ 5, Hải Châu\nĐà Nẵng',
              phone: '+84 905 123 456',
            },
            note: '=HYPERLINK("http://x")',
          },
        ],
      }),
    );
    const line = csv.split('\r\n').slice(1).join('\r\n');
    expect(line).toContain(',"Lê Văn ""Tí""",');
    expect(line).toContain(',"Tổ 5, Hải Châu\nĐà Nẵng",');
    expect(line).toContain(",'+84 905 123 456,");
    expect(line).toContain(`,"'=HYPERLINK(""http://x"")"\r\n`);

    const records: string[][] = parse(csv, { bom: true });
    expect(records).toHaveLength(2);
    expect(records[1]?.[4]).toBe('Lê Văn "Tí"');
    expect(records[1]?.[5]).toBe('Tổ 5, Hải Châu\nĐà Nẵng');
    expect(records[1]?.[12]).toBe('\'=HYPERLINK("http://x")');
  });

  it('is only the header for an empty period', () => {
    expect(trackingBookCsv(buildTrackingBook({ rows: [] }))).toBe(
      `\uFEFF${TRACKING_BOOK_CSV_COLUMNS.join(',')}\r\n`,
    );
  });
});
