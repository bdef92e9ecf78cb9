// 06 Phiếu kiểm soát quá trình giải quyết hồ sơ: travels with the paper dossier and records
// every hand-over — who gave it to whom, when, by when the step was due, when it was done and
// whether that was early, on time or late — so that the step that caused a delay is visible.
import { Sheet, addressed } from './layout.js';
import type { HistoryEntry, ProcessControlSlipData } from './types.js';
import {
  formatDateTime,
  formatShortDateTime,
  timeliness,
  timelinessLabels,
  type Instant,
} from './vietnam-time.js';

export const PROCESS_CONTROL_SLIP_TITLE = 'Phiếu kiểm soát quá trình giải quyết hồ sơ';

/** The result column for one step; blank for a step without its own deadline. */
export function stepResult(entry: HistoryEntry, asOf: Instant): string {
  if (entry.dueAt === undefined) return '';
  return timelinessLabels[timeliness(entry.dueAt, entry.doneAt, asOf)];
}

export async function renderProcessControlSlip(data: ProcessControlSlipData): Promise<Buffer> {
  const { dossier } = data;
  return Sheet.render(
    {
      title: `${PROCESS_CONTROL_SLIP_TITLE} ${dossier.code}`,
      subject: dossier.procedure.name,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(PROCESS_CONTROL_SLIP_TITLE, `Mã hồ sơ: ${dossier.code}`);
      sheet.field('Kèm theo hồ sơ của', addressed(dossier.applicant));
      sheet.field(
        'Nội dung yêu cầu giải quyết',
        `${dossier.procedure.name} (mã thủ tục ${dossier.procedure.code})`,
      );
      sheet.field('Thời gian nhận hồ sơ', formatDateTime(dossier.receivedAt));
      sheet.field('Thời gian hẹn trả kết quả', formatDateTime(dossier.dueAt), { gapAfter: 8 });

      sheet.table(
        [
          { header: 'TT', weight: 0.4, align: 'center' },
          { header: 'Bước xử lý', weight: 1.5 },
          { header: 'Giao, nhận hồ sơ', weight: 2.45 },
          { header: 'Thời gian', weight: 2.3 },
          { header: 'Kết quả (trước hạn, đúng hạn, quá hạn)', weight: 1.45, align: 'center' },
          { header: 'Ký nhận', weight: 1.1 },
        ],
        data.history.map((entry, i) => [
          String(i + 1),
          entry.note === undefined ? entry.step : `${entry.step}\n(${entry.note})`,
          `Giao: ${entry.from}\nNhận: ${entry.to}`,
          [
            `Nhận: ${formatShortDateTime(entry.receivedAt)}`,
            entry.dueAt === undefined ? undefined : `Hạn: ${formatShortDateTime(entry.dueAt)}`,
            `Xong: ${entry.doneAt === undefined ? '…' : formatShortDateTime(entry.doneAt)}`,
          ]
            .filter((line) => line !== undefined)
            .join('\n'),
          stepResult(entry, data.issuedAt),
          '',
        ]),
        // Room for the receiving person's signature in the last column.
        { size: 9, minRowHeight: 50 },
      );
      sheet.paragraph(
        [{ text: `Phiếu in lúc ${formatDateTime(data.issuedAt)}.`, style: 'italic' }],
        { size: 9, align: 'right' },
      );
    },
  );
}
