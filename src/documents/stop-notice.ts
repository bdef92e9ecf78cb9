// 05 Thông báo dừng giải quyết hồ sơ (new in Circular 03/2025/TT-VPCP): the competent body
// stops a dossier it has accepted, after review, and tells the applicant why and what happens
// to the papers and fees.
import { Sheet, addressed, pronoun } from './layout.js';
import type { StopNoticeData } from './types.js';
import { formatDate, formatDateTime } from './vietnam-time.js';

export const STOP_NOTICE_TITLE = 'Thông báo dừng giải quyết hồ sơ';

const INDENT = 28;

export async function renderStopNotice(data: StopNoticeData): Promise<Buffer> {
  const { dossier, issuer } = data;
  const you = pronoun(dossier.applicant);
  return Sheet.render(
    {
      title: `${STOP_NOTICE_TITLE} ${dossier.code}`,
      subject: dossier.procedure.name,
      author: issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(STOP_NOTICE_TITLE);
      sheet.paragraph([{ text: `Kính gửi: ${addressed(dossier.applicant)}`, style: 'bold' }], {
        align: 'center',
        gapAfter: 10,
      });

      sheet.paragraph(
        `Ngày ${formatDate(dossier.receivedAt)}, ${issuer.fullName} đã tiếp nhận hồ sơ của ` +
          `${you}, cụ thể:`,
        { indent: INDENT },
      );
      sheet.field('- Mã hồ sơ', dossier.code, { inset: INDENT });
      sheet.field(
        '- Thủ tục hành chính',
        `${dossier.procedure.name} (mã thủ tục ${dossier.procedure.code})`,
        { inset: INDENT },
      );
      sheet.field('- Thời gian nhận hồ sơ', formatDateTime(dossier.receivedAt), {
        inset: INDENT,
      });
      sheet.field('- Thời gian hẹn trả kết quả', formatDateTime(dossier.dueAt), {
        inset: INDENT,
      });
      const basis = data.legalBasis === undefined ? '' : `Căn cứ ${data.legalBasis}, `;
      sheet.paragraph(`${basis}${issuer.fullName} thông báo dừng giải quyết hồ sơ nêu trên.`, {
        indent: INDENT,
      });
      sheet.paragraph([{ text: 'Lý do: ', style: 'bold' }, { text: data.reason }], {
        indent: INDENT,
      });
      if (data.handling !== undefined) sheet.paragraph(data.handling, { indent: INDENT });
      sheet.paragraph(`Xin thông báo để ${you} được biết./.`, { indent: INDENT, gapAfter: 16 });
      sheet.recipientsAndSigner(data.recipients ?? ['Như trên', 'Lưu: VT'], data.signer);
    },
  );
}
