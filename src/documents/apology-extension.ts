// 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Circular 03/2025/TT-VPCP; before
// it, "Phiếu xin lỗi và hẹn lại ngày trả kết quả", the name civil-status procedure texts still
// use). The body that is late apologises, says why, and proposes a new appointment; both the
// original and the new appointment are printed so the citizen can compare them.
import { Sheet, addressed, pronoun } from './layout.js';
import type { ApologyExtensionData } from './types.js';
import { formatDate, formatDateTime } from './vietnam-time.js';

export const APOLOGY_EXTENSION_TITLE = 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết';
/** The form's name under Circular 01/2018/TT-VPCP, for search and for older procedure texts. */
export const APOLOGY_EXTENSION_FORMER_TITLE = 'Phiếu xin lỗi và hẹn lại ngày trả kết quả';

const INDENT = 28;

export async function renderApologyExtension(data: ApologyExtensionData): Promise<Buffer> {
  const { dossier, issuer } = data;
  const you = pronoun(dossier.applicant);
  return Sheet.render(
    {
      title: `${APOLOGY_EXTENSION_TITLE} ${dossier.code}`,
      subject: `${APOLOGY_EXTENSION_FORMER_TITLE} - ${dossier.procedure.name}`,
      author: issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(APOLOGY_EXTENSION_TITLE);
      sheet.paragraph([{ text: `Kính gửi: ${addressed(dossier.applicant)}`, style: 'bold' }], {
        align: 'center',
        gapAfter: 10,
      });

      sheet.paragraph(
        `Ngày ${formatDate(dossier.receivedAt)}, hồ sơ đề nghị giải quyết thủ tục ` +
          `${dossier.procedure.name} (mã thủ tục ${dossier.procedure.code}) của ${you} đã được ` +
          'tiếp nhận, cụ thể:',
        { indent: INDENT },
      );
      sheet.field('- Mã hồ sơ', dossier.code, { inset: INDENT });
      sheet.field('- Thời gian nhận hồ sơ', formatDateTime(dossier.receivedAt), {
        inset: INDENT,
      });
      sheet.field('- Thời gian hẹn trả kết quả', formatDateTime(dossier.dueAt), {
        inset: INDENT,
      });
      sheet.paragraph(
        `Tuy nhiên, đến thời gian hẹn trả kết quả nêu trên, ${issuer.fullName} chưa giải ` +
          `quyết xong hồ sơ của ${you}.`,
        { indent: INDENT },
      );
      sheet.paragraph([{ text: 'Lý do: ', style: 'bold' }, { text: data.reason }], {
        indent: INDENT,
      });
      sheet.paragraph(
        `${issuer.fullName} trân trọng xin lỗi ${you} vì sự chậm trễ này và đề nghị được gia ` +
          'hạn thời gian giải quyết hồ sơ như sau:',
        { indent: INDENT },
      );
      sheet.field('- Thời gian hẹn trả kết quả mới', formatDateTime(data.newDueAt), {
        inset: INDENT,
      });
      sheet.paragraph(`${issuer.fullName} rất mong nhận được sự thông cảm của ${you}./.`, {
        indent: INDENT,
        gapAfter: 16,
      });
      sheet.recipientsAndSigner(data.recipients ?? ['Như trên', 'Lưu: VT'], data.signer);
    },
  );
}
