// The directive as an administrative letter (công văn, Decree 30/2020/NĐ-CP layout): the
// province's People's Committee at the top left with the number, the subject line "V/v …" under
// it, the communes it is addressed to ("Kính gửi"), the instructions, the deadline in words the
// commune can act on, then the recipients and the signer. Printed from the directive's own data,
// at the hub and at every commune it names, so nobody types it twice.
import { Sheet } from './layout.js';
import type { Issuer, Signer } from './types.js';
import { formatDateTime, type Instant } from './vietnam-time.js';

export interface DirectiveLetterData {
  readonly issuer: Issuer;
  readonly number: string;
  readonly title: string;
  readonly body: string;
  readonly urgent: boolean;
  readonly issuedAt: Instant;
  /** The communes by name, as addressed. */
  readonly addressees: readonly string[];
  /** The deadline as a sentence, e.g. "trước 17 giờ 00 ngày 03/12/2026 (05 ngày làm việc)". */
  readonly deadline: string;
  readonly signer: Signer;
}

const INDENT = 28;

export async function renderDirectiveLetter(data: DirectiveLetterData): Promise<Buffer> {
  return Sheet.render(
    {
      title: `${data.number} — ${data.title}`,
      subject: data.title,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header({ issuer: data.issuer, number: data.number, issuedAt: data.issuedAt });
      if (data.urgent) sheet.paragraph([{ text: 'KHẨN', style: 'bold' }], { align: 'left' });
      sheet.paragraph(`V/v ${data.title}`, { align: 'left', gapAfter: 10 });
      const to =
        data.addressees.length > 6
          ? [`Ủy ban nhân dân ${data.addressees.length} xã, phường, đặc khu (danh sách kèm theo)`]
          : data.addressees.map((name) => `Ủy ban nhân dân ${name}`);
      sheet.paragraph([{ text: 'Kính gửi: ', style: 'bold' }, { text: to.join('; ') }], {
        align: 'center',
        gapAfter: 10,
      });
      for (const line of data.body.split(/\n+/).filter((l) => l.trim() !== ''))
        sheet.paragraph(line.trim(), { indent: INDENT });
      sheet.paragraph(
        [
          { text: 'Thời hạn thực hiện và báo cáo kết quả: ', style: 'bold' },
          { text: `${data.deadline}, trên hệ thống Một Cửa.` },
        ],
        { indent: INDENT, gapAfter: 16 },
      );
      if (data.addressees.length > 6)
        sheet.paragraph(`Danh sách đơn vị nhận: ${data.addressees.join('; ')}.`, {
          indent: INDENT,
          size: 9,
          gapAfter: 12,
        });
      sheet.recipientsAndSigner(['Như trên', 'Lưu: VT'], data.signer);
    },
  );
}

/** "trước 17 giờ 00 phút, ngày 03/12/2026 (05 ngày làm việc)": the end of the deadline. */
export function deadlineSentence(dueAt: Instant, workingDays: number | null): string {
  const days =
    workingDays === null ? '' : ` (${String(workingDays).padStart(2, '0')} ngày làm việc)`;
  return `trước ${formatDateTime(dueAt)}${days}`;
}
