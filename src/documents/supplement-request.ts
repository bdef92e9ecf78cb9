// 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: tells the applicant exactly which papers to add
// or correct, and why, in one go (Decree 118/2025 forbids asking twice for the same thing).
import { applicantBlock } from './dossier-parts.js';
import { SIGN_HINT, Sheet, pronoun } from './layout.js';
import type { SupplementRequestData } from './types.js';
import { formatDateTime } from './vietnam-time.js';

export const SUPPLEMENT_REQUEST_TITLE = 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ';

export async function renderSupplementRequest(data: SupplementRequestData): Promise<Buffer> {
  const { dossier } = data;
  const you = pronoun(dossier.applicant);
  return Sheet.render(
    {
      title: `${SUPPLEMENT_REQUEST_TITLE} ${dossier.code}`,
      subject: dossier.procedure.name,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(SUPPLEMENT_REQUEST_TITLE, `Mã hồ sơ: ${dossier.code}`);
      applicantBlock(sheet, 'Tiếp nhận hồ sơ của', dossier.applicant, dossier.procedure);
      sheet.field('Thời gian nhận hồ sơ', formatDateTime(dossier.receivedAt), { gapAfter: 6 });

      sheet.paragraph(
        `Sau khi kiểm tra, ${data.issuer.fullName} đề nghị ${you} bổ sung, hoàn thiện hồ sơ ` +
          'gồm những nội dung sau:',
      );
      sheet.table(
        [
          { header: 'TT', weight: 0.5, align: 'center' },
          { header: 'Giấy tờ cần bổ sung, hoàn thiện', weight: 3.5 },
          { header: 'Yêu cầu cụ thể', weight: 4.5 },
        ],
        data.items.map((item, i) => [String(i + 1), item.name, item.requirement]),
      );
      sheet.field('Lý do', data.reason);
      if (data.supplementDueAt !== undefined) {
        sheet.field('Thời hạn bổ sung', `trước ${formatDateTime(data.supplementDueAt)}`);
      }
      const phone = data.issuer.phone === undefined ? '' : `, số điện thoại ${data.issuer.phone}`;
      sheet.paragraph(
        `Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ${you} liên hệ công chức ` +
          `${data.officer}${phone} để được hướng dẫn./.`,
        { gapAfter: 14 },
      );
      sheet.signatures([{ title: ['NGƯỜI HƯỚNG DẪN'], hint: SIGN_HINT, name: data.officer }]);
    },
  );
}
