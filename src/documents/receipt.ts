// 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả: what the citizen takes home from the desk. It
// lists the papers received and the appointment, and carries two QR codes: one that opens the
// dossier's tracking page, and, when a fee is due and the unit takes transfers, a VietQR code
// that any banking app pays with the amount and the dossier code already filled in.
import { buildVietQr } from '../domain/vietqr.js';
import { DocumentDataError } from './document-data-error.js';
import { applicantBlock } from './dossier-parts.js';
import { BODY_SIZE, SIGN_HINT, Sheet, formatVnd, pronoun, twoDigits } from './layout.js';
import { componentForms, type ReceiptData } from './types.js';
import { formatDateTime, formatProcessingTime } from './vietnam-time.js';

export const RECEIPT_TITLE = 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả';

/** The fee payment code printed on a receipt, or null when none is printed. */
export function receiptPaymentPayload(data: ReceiptData): string | null {
  const total = feeTotal(data);
  if (total === 0 || data.bankTransfer === null) return null;
  const built = buildVietQr({
    bin: data.bankTransfer.bin,
    accountNumber: data.bankTransfer.accountNumber,
    ...(data.bankTransfer.service === undefined ? {} : { service: data.bankTransfer.service }),
    amount: total,
    // The dossier code lets the unit match the transfer to the dossier without asking.
    purpose: data.dossier.code,
  });
  if (!built.ok) {
    throw new DocumentDataError('the bank account cannot be encoded as VietQR', built.problems);
  }
  return built.payload;
}

export function feeTotal(data: Pick<ReceiptData, 'fees'>): number {
  return data.fees.reduce((sum, line) => sum + line.amountVnd, 0);
}

export async function renderReceipt(data: ReceiptData): Promise<Buffer> {
  // Computed before drawing so that bad data fails without a half-drawn document.
  const payment = receiptPaymentPayload(data);
  const { dossier } = data;
  return Sheet.render(
    {
      title: `${RECEIPT_TITLE} ${dossier.code}`,
      subject: dossier.procedure.name,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      sheet.header(data);
      sheet.title(RECEIPT_TITLE, `Mã hồ sơ: ${dossier.code}`);

      applicantBlock(sheet, 'Tiếp nhận hồ sơ của', dossier.applicant, dossier.procedure);

      sheet.paragraph('1. Thành phần hồ sơ nộp gồm:', { align: 'left' });
      sheet.table(
        [
          { header: 'TT', weight: 0.5, align: 'center' },
          { header: 'Tên giấy tờ', weight: 4.2 },
          { header: 'Hình thức', weight: 1.9, align: 'center' },
          { header: 'Số lượng', weight: 1, align: 'center' },
          { header: 'Tình trạng', weight: 1.5, align: 'center' },
        ],
        data.components.map((c, i) => [
          String(i + 1),
          c.note === undefined ? c.name : `${c.name} (${c.note})`,
          componentForms[c.form],
          c.form === 'from_data' ? '' : twoDigits(c.copies),
          c.received ? 'Đã nhận' : 'Chưa nộp',
        ]),
      );
      sheet.paragraph(`2. Số lượng hồ sơ: ${twoDigits(data.sets)} (bộ)`, { align: 'left' });
      sheet.paragraph(
        `3. Thời gian giải quyết hồ sơ theo quy định: ${formatProcessingTime(data.processingTime)}`,
        { align: 'left' },
      );
      const online = data.awaitingAcceptance === true;
      sheet.field(
        online ? '4. Thời gian nộp hồ sơ trực tuyến' : '4. Thời gian nhận hồ sơ',
        formatDateTime(dossier.receivedAt),
      );
      sheet.field(
        online
          ? '5. Thời gian trả kết quả dự kiến (nếu hồ sơ được tiếp nhận như đã nộp)'
          : '5. Thời gian trả kết quả giải quyết hồ sơ',
        formatDateTime(dossier.dueAt),
      );
      if (online)
        sheet.paragraph(
          'Hồ sơ nộp trực tuyến đang chờ Bộ phận Một cửa kiểm tra, tiếp nhận; thời hạn giải quyết tính từ khi tiếp nhận.',
          { align: 'left' },
        );

      const total = feeTotal(data);
      if (data.fees.length === 0) {
        sheet.paragraph('6. Phí, lệ phí: Không thu.', { align: 'left' });
      } else {
        sheet.paragraph('6. Phí, lệ phí:', { align: 'left' });
        for (const line of data.fees) {
          let amount = formatVnd(line.amountVnd);
          if (line.exemptBy !== undefined) {
            amount =
              line.amountVnd === 0
                ? `miễn (${line.exemptBy})`
                : `${amount} (giảm: ${line.exemptBy})`;
          }
          sheet.paragraph(`- ${line.name}: ${amount}`, { align: 'left', inset: 14 });
        }
        sheet.field('Tổng số tiền phải nộp', formatVnd(total), { inset: 14 });
      }
      sheet.field('7. Nơi nhận kết quả', data.resultDelivery);
      if (data.trackingBookEntry !== undefined) {
        sheet.paragraph(
          `Vào Sổ theo dõi hồ sơ, Quyển số: ${data.trackingBookEntry.book}, ` +
            `Số thứ tự: ${twoDigits(data.trackingBookEntry.entry)}.`,
          { align: 'left' },
        );
      }
      sheet.moveDown(8);

      // Bottom band: the QR codes on the left, the officer's signature on the right.
      const signer = { title: ['NGƯỜI TIẾP NHẬN'], hint: SIGN_HINT, name: data.receivingOfficer };
      const qrSize = 76;
      const codes: { payload: string; caption: readonly string[] }[] = [
        // The address in text too, for a citizen without a phone that scans.
        { payload: data.trackingUrl, caption: ['Quét mã để tra cứu hồ sơ', data.trackingUrl] },
      ];
      if (payment !== null && data.bankTransfer !== null) {
        codes.push({
          payload: payment,
          caption: [
            `Quét mã để nộp ${formatVnd(total)}`,
            data.bankTransfer.bankName,
            `STK: ${data.bankTransfer.accountNumber}`,
            data.bankTransfer.accountName,
            `Nội dung: ${dossier.code}`,
          ],
        });
      }
      const half = sheet.width / 2;
      const slot = half / 2;
      const captionSize = 7.5;
      const captionHeight = Math.max(
        ...codes.map((code) =>
          code.caption.reduce(
            (sum, line, i) =>
              sum + sheet.textHeight(line, slot, i === 0 ? 'bold' : 'regular', captionSize),
            0,
          ),
        ),
      );
      sheet.ensureSpace(Math.max(sheet.signatureHeight(signer), qrSize + captionHeight));
      const top = sheet.y;
      let qrEnd = top;
      codes.forEach((code, i) => {
        const x = sheet.left + i * slot;
        sheet.qrCode(code.payload, x + (slot - qrSize) / 2, top, qrSize);
        let y = top + qrSize;
        for (const [lineIndex, line] of code.caption.entries()) {
          y = sheet.centred(line, x, y, slot, {
            style: lineIndex === 0 ? 'bold' : 'regular',
            size: captionSize,
          });
        }
        qrEnd = Math.max(qrEnd, y);
      });
      const signEnd = sheet.signature(signer, sheet.left + half, top, half);
      sheet.doc.x = sheet.left;
      sheet.doc.y = Math.max(qrEnd, signEnd) + 8;

      const helpline =
        data.issuer.phone === undefined ? '' : ` Mọi vướng mắc xin liên hệ: ${data.issuer.phone}.`;
      sheet.paragraph(
        [
          { text: 'Ghi chú: ', style: 'boldItalic' },
          {
            text: `${pronoun(dossier.applicant)} mang theo Giấy này khi đến nhận kết quả.${helpline}`,
            style: 'italic',
          },
        ],
        { size: BODY_SIZE - 2, align: 'left', gapAfter: 0 },
      );
    },
  );
}
