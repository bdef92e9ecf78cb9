// Báo cáo số liệu hộ tịch: a month's civil-status figures (births and deaths by sex, on time and
// late; marriages) counted from the registers, printed as a landscape A4 table and exported as
// CSV for the reports the province (Sở Tư pháp) collects.
import type { CivilFigures, Month, RegistrationFigures } from '../domain/civil-statistics.js';
import { formatNumber } from '../i18n/messages.js';
import { csvText } from './csv.js';
import { SIGN_HINT, Sheet, type Column } from './layout.js';
import type { DocumentHeader } from './types.js';
import { formatDate, formatIsoDate } from './vietnam-time.js';

export interface CivilStatisticsRow {
  readonly unitCode: string;
  readonly unitName: string;
  readonly figures: CivilFigures;
}

export interface CivilStatisticsData extends DocumentHeader {
  readonly month: Month;
  /** Whose figures: "Phường Hải Châu", or "Thành phố Đà Nẵng" for all its communes. */
  readonly scopeName: string;
  readonly rows: readonly CivilStatisticsRow[];
  /** The "Tổng cộng" row, printed last, when the report covers several units. */
  readonly total?: CivilFigures;
  /** The officer who printed it (người lập biểu). */
  readonly preparedBy: string;
}

/** "2026-11" → "11/2026". */
export const monthLabel = (month: Month): string => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export const civilStatisticsTitle = (month: Month): string =>
  `Báo cáo số liệu hộ tịch tháng ${monthLabel(month)}`;

/** The last day of a month, "2026-11" → "2026-11-30". */
function lastDay(month: Month): string {
  const [year = 0, m = 1] = month.split('-').map(Number);
  const day = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, '0')}`;
}

const registrationCells = (r: RegistrationFigures): number[] => [
  r.total,
  r.male,
  r.female,
  r.onTime,
  r.late,
];

const figureCells = (f: CivilFigures): number[] => [
  ...registrationCells(f.births),
  ...registrationCells(f.deaths),
  f.marriages,
];

const TOTAL_LABEL = 'Tổng cộng';

export async function renderCivilStatistics(data: CivilStatisticsData): Promise<Buffer> {
  const title = civilStatisticsTitle(data.month);
  const period =
    `Số liệu từ ngày ${formatIsoDate(`${data.month}-01`)} ` +
    `đến ngày ${formatIsoDate(lastDay(data.month))}, theo ngày đăng ký vào sổ hộ tịch`;
  const count = (n: number) => formatNumber('vi', n);
  const number = (header: string): Column => ({ header, weight: 0.8, align: 'center' });
  return Sheet.render(
    {
      title: `${title} - ${data.scopeName}`,
      subject: title,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
      landscape: true,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(title, data.scopeName);
      sheet.paragraph(`(${period})`, { align: 'center', size: 10, gapAfter: 8 });
      const rows = data.rows.map((row, i) => [
        String(i + 1),
        `${row.unitName} (${row.unitCode})`,
        ...figureCells(row.figures).map(count),
      ]);
      if (data.total !== undefined)
        rows.push(['', TOTAL_LABEL, ...figureCells(data.total).map(count)]);
      sheet.table(
        [
          { header: 'STT', weight: 0.5, align: 'center' },
          { header: 'Đơn vị', weight: 2.6 },
          number('Khai sinh\nTổng số'),
          number('Khai sinh\nNam'),
          number('Khai sinh\nNữ'),
          number('Khai sinh\nĐúng hạn'),
          number('Khai sinh\nQuá hạn'),
          number('Khai tử\nTổng số'),
          number('Khai tử\nNam'),
          number('Khai tử\nNữ'),
          number('Khai tử\nĐúng hạn'),
          number('Khai tử\nQuá hạn'),
          number('Kết hôn'),
        ],
        rows,
        { size: 9.5 },
      );
      sheet.paragraph(
        'Khai sinh chia theo giới tính của trẻ, khai tử theo giới tính của người chết. ' +
          '“Quá hạn” là việc đăng ký sau thời hạn luật định kể từ ngày sinh, ngày chết. ' +
          `Báo cáo lập ngày ${formatDate(data.issuedAt)} từ sổ hộ tịch điện tử.`,
        { size: 10, align: 'left', gapAfter: 10 },
      );
      sheet.signatures([
        { title: ['NGƯỜI LẬP BIỂU'], hint: SIGN_HINT, name: data.preparedBy },
        { title: ['THỦ TRƯỞNG ĐƠN VỊ'], hint: '(Ký, ghi rõ họ tên và đóng dấu)' },
      ]);
    },
  );
}

export const CIVIL_STATISTICS_CSV_COLUMNS = [
  'Mã đơn vị',
  'Đơn vị',
  'Khai sinh',
  'Khai sinh - Nam',
  'Khai sinh - Nữ',
  'Khai sinh - đúng hạn',
  'Khai sinh - quá hạn',
  'Khai tử',
  'Khai tử - Nam',
  'Khai tử - Nữ',
  'Khai tử - đúng hạn',
  'Khai tử - quá hạn',
  'Kết hôn',
] as const;

/** One line per unit, then the total when there is one; counts as plain digits for Excel. */
export function civilStatisticsCsv(data: CivilStatisticsData): string {
  const lines: string[][] = [[...CIVIL_STATISTICS_CSV_COLUMNS]];
  for (const row of data.rows)
    lines.push([row.unitCode, row.unitName, ...figureCells(row.figures).map(String)]);
  if (data.total !== undefined)
    lines.push(['', TOTAL_LABEL, ...figureCells(data.total).map(String)]);
  return csvText(lines);
}
