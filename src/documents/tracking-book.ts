// 07 Sổ theo dõi hồ sơ: the desk's ledger of dossiers for a period, printed as a landscape A4
// table and exported as CSV for the reports the province still asks for on paper and in Excel.
import { dossierStatusLabelsVi } from '../domain/dossier-status.js';
import { csvField } from './csv.js';
import { Sheet } from './layout.js';
import type { TrackingBookData, TrackingBookRow } from './types.js';
import {
  formatDate,
  formatIsoDate,
  formatShortDateTime,
  timeliness,
  timelinessLabels,
  type Instant,
} from './vietnam-time.js';

export const TRACKING_BOOK_TITLE = 'Sổ theo dõi hồ sơ';

// Statuses in which a dossier ended without a result to return: lateness does not apply.
const closedWithoutResult = new Set<TrackingBookRow['status']>(['refused', 'withdrawn', 'stopped']);

/**
 * Progress of one dossier against its appointment: early / on time / late once returned;
 * "late" for an open dossier already past due at `asOf`; blank otherwise.
 */
export function bookProgress(row: TrackingBookRow, asOf: Instant): string {
  if (row.returnedAt !== undefined) {
    return timelinessLabels[timeliness(row.dueAt, row.returnedAt, asOf)];
  }
  if (closedWithoutResult.has(row.status)) return '';
  return timeliness(row.dueAt, undefined, asOf) === 'pending_late' ? timelinessLabels.late : '';
}

const applicantCell = (row: TrackingBookRow): string =>
  [row.applicant.fullName, row.applicant.address, row.applicant.phone]
    .filter((part) => part !== undefined)
    .join('\n');

// Date above time: the narrow columns of a landscape ledger.
const stacked = (instant: Instant | undefined): string =>
  instant === undefined ? '' : formatShortDateTime(instant).replace(' ', '\n');

export async function renderTrackingBook(data: TrackingBookData): Promise<Buffer> {
  const period = `Từ ngày ${formatIsoDate(data.from)} đến ngày ${formatIsoDate(data.to)}`;
  return Sheet.render(
    {
      title: `${TRACKING_BOOK_TITLE} ${formatIsoDate(data.from)} - ${formatIsoDate(data.to)}`,
      subject: TRACKING_BOOK_TITLE,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
      landscape: true,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(TRACKING_BOOK_TITLE, period);
      sheet.table(
        [
          { header: 'STT', weight: 0.45, align: 'center' },
          { header: 'Mã hồ sơ', weight: 1.55 },
          { header: 'Tên thủ tục hành chính', weight: 1.8 },
          { header: 'Người nộp hồ sơ, địa chỉ, số điện thoại', weight: 2.5 },
          { header: 'Nhận hồ sơ', weight: 1.05, align: 'center' },
          { header: 'Hẹn trả kết quả', weight: 1.05, align: 'center' },
          { header: 'Trả kết quả', weight: 1.05, align: 'center' },
          { header: 'Trạng thái', weight: 1.25, align: 'center' },
          { header: 'Tiến độ', weight: 0.85, align: 'center' },
          { header: 'Ghi chú', weight: 1.0 },
        ],
        data.rows.map((row, i) => [
          String(i + 1),
          row.code,
          `${row.procedure.name}\n(${row.procedure.code})`,
          applicantCell(row),
          stacked(row.receivedAt),
          stacked(row.dueAt),
          stacked(row.returnedAt),
          dossierStatusLabelsVi[row.status],
          bookProgress(row, data.issuedAt),
          row.note ?? '',
        ]),
        { size: 9 },
      );
      const returned = data.rows.filter((r) => r.returnedAt !== undefined);
      const late = returned.filter(
        (r) => bookProgress(r, data.issuedAt) === timelinessLabels.late,
      ).length;
      sheet.paragraph(
        `Tổng số: ${data.rows.length} hồ sơ; đã trả kết quả: ${returned.length} ` +
          `(quá hạn: ${late}). Sổ in ngày ${formatDate(data.issuedAt)}.`,
        { size: 10, align: 'left' },
      );
    },
  );
}

export const TRACKING_BOOK_CSV_COLUMNS = [
  'STT',
  'Mã hồ sơ',
  'Mã thủ tục',
  'Tên thủ tục hành chính',
  'Người nộp hồ sơ',
  'Địa chỉ',
  'Số điện thoại',
  'Thời gian nhận hồ sơ',
  'Thời gian hẹn trả kết quả',
  'Thời gian trả kết quả',
  'Trạng thái',
  'Tiến độ',
  'Ghi chú',
] as const;

/**
 * The book as CSV (RFC 4180: comma separated, CRLF line ends, fields quoted when they hold a
 * comma, quote or line break, quotes doubled). It starts with a UTF-8 byte-order mark because
 * Excel, which the officers open it with, otherwise reads Vietnamese as Windows-1252. A field
 * that starts with = + - @ or a tab is prefixed with an apostrophe so that Excel shows it
 * instead of running it as a formula (a name typed by a citizen is untrusted input).
 */
export function trackingBookCsv(data: TrackingBookData): string {
  const lines = [TRACKING_BOOK_CSV_COLUMNS.map(csvField).join(',')];
  data.rows.forEach((row, i) => {
    const fields = [
      String(i + 1),
      row.code,
      row.procedure.code,
      row.procedure.name,
      row.applicant.fullName,
      row.applicant.address ?? '',
      row.applicant.phone ?? '',
      formatShortDateTime(row.receivedAt),
      formatShortDateTime(row.dueAt),
      row.returnedAt === undefined ? '' : formatShortDateTime(row.returnedAt),
      dossierStatusLabelsVi[row.status],
      bookProgress(row, data.issuedAt),
      row.note ?? '',
    ];
    lines.push(fields.map(csvField).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
