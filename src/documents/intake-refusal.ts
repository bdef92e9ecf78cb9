// 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ: given when a dossier cannot be accepted at all
// (not the competent body, not eligible), with every reason, so the citizen knows where to go.
import { applicantBlock } from './dossier-parts.js';
import { SIGN_HINT, Sheet, pronoun } from './layout.js';
import type { IntakeRefusalData } from './types.js';
import { formatDateTime } from './vietnam-time.js';

export const INTAKE_REFUSAL_TITLE = 'Phiếu từ chối tiếp nhận giải quyết hồ sơ';

export async function renderIntakeRefusal(data: IntakeRefusalData): Promise<Buffer> {
  const { dossier } = data;
  const you = pronoun(dossier.applicant);
  return Sheet.render(
    {
      title:
        dossier.code === undefined
          ? INTAKE_REFUSAL_TITLE
          : `${INTAKE_REFUSAL_TITLE} ${dossier.code}`,
      subject: dossier.procedure.name,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(
        INTAKE_REFUSAL_TITLE,
        dossier.code === undefined ? undefined : `Mã hồ sơ: ${dossier.code}`,
      );
      applicantBlock(sheet, 'Tiếp nhận hồ sơ của', dossier.applicant, dossier.procedure);
      sheet.field('Thời gian nộp hồ sơ', formatDateTime(dossier.receivedAt), { gapAfter: 6 });

      sheet.paragraph(
        `Qua xem xét, ${data.issuer.fullName} thông báo không tiếp nhận, giải quyết hồ sơ ` +
          'này với lý do cụ thể như sau:',
      );
      data.reasons.forEach((reason, i) => {
        sheet.paragraph(data.reasons.length === 1 ? reason : `${i + 1}. ${reason}`, {
          inset: 14,
        });
      });
      sheet.paragraph(`Xin thông báo để ${you} được biết và thực hiện./.`, { gapAfter: 14 });
      sheet.signatures([
        { title: ['NGƯỜI NỘP HỒ SƠ'], hint: SIGN_HINT, name: dossier.applicant.fullName },
        { title: ['NGƯỜI TIẾP NHẬN'], hint: SIGN_HINT, name: data.officer },
      ]);
    },
  );
}
