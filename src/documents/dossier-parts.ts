// Blocks of text several forms share: who filed the dossier and what they asked for.
import { addressed, type Sheet } from './layout.js';
import type { Applicant, Procedure } from './types.js';

/**
 * "{label}: Bà Nguyễn Thị Mai", then the citizen ID, address, phone and email lines the forms
 * have, then "Nội dung yêu cầu giải quyết". Lines whose data is absent are left out rather than
 * printed as dotted blanks: the document is filled by the system, not by hand.
 */
export function applicantBlock(
  sheet: Sheet,
  label: string,
  applicant: Applicant,
  procedure: Procedure,
): void {
  sheet.field(label, addressed(applicant));
  if (applicant.citizenId !== undefined) {
    sheet.field('Số định danh cá nhân', applicant.citizenId);
  }
  if (applicant.address !== undefined) sheet.field('Địa chỉ', applicant.address);
  const contact = [
    applicant.phone === undefined ? undefined : `Số điện thoại: ${applicant.phone}`,
    applicant.email === undefined ? undefined : `Email: ${applicant.email}`,
  ].filter((part) => part !== undefined);
  if (contact.length > 0) sheet.paragraph(contact.join('     '), { align: 'left' });
  sheet.field('Nội dung yêu cầu giải quyết', `${procedure.name} (mã thủ tục ${procedure.code})`, {
    gapAfter: 6,
  });
}
