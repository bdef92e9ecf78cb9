// Renders each desk document from a realistic dossier and reads it back as a viewer would:
// the Vietnamese text with its diacritics, the page size and the QR codes.
import { describe, expect, it } from 'vitest';
import { parseVietQr } from '../domain/vietqr.js';
import {
  buildApologyExtension,
  buildControlSlip,
  buildDossier,
  buildIntakeRefusal,
  buildReceipt,
  buildStopNotice,
  buildSupplementRequest,
  history,
} from '../../test/document-fixtures.js';
import { readPdf, readQrCodes, type PdfContent } from '../../test/pdf-inspect.js';
import { APOLOGY_EXTENSION_FORMER_TITLE, renderApologyExtension } from './apology-extension.js';
import { DocumentDataError } from './document-data-error.js';
import { renderIntakeRefusal } from './intake-refusal.js';
import { renderProcessControlSlip, stepResult } from './process-control-slip.js';
import { receiptPaymentPayload, renderReceipt } from './receipt.js';
import { renderStopNotice } from './stop-notice.js';
import { renderSupplementRequest } from './supplement-request.js';

const A4 = { width: 595.28, height: 841.89 };

function expectA4Portrait(content: PdfContent): void {
  for (const page of content.pages) {
    expect(page.width).toBeCloseTo(A4.width, 1);
    expect(page.height).toBeCloseTo(A4.height, 1);
  }
}

function expectPhrases(content: PdfContent, phrases: readonly string[]): void {
  for (const phrase of phrases) expect(content.flat).toContain(phrase);
}

const nationalHeader = ['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc'];
const centreHeader = ['UBND PHƯỜNG HẢI CHÂU', 'TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG'];

describe('01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả', () => {
  it('prints the receipt on one A4 page with every fact the citizen needs', async () => {
    const content = await readPdf(await renderReceipt(buildReceipt()));
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      ...centreHeader,
      'Số: 0007/GTN-TTPVHCC',
      'Hải Châu, ngày 26 tháng 11 năm 2026',
      'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ',
      'Mã hồ sơ: 20242-261126-0007',
      'Tiếp nhận hồ sơ của: Bà Nguyễn Thị Mai',
      'Số định danh cá nhân: 048196001234',
      'Địa chỉ: Số 12 đường Lê Lợi, phường Hải Châu, thành phố Đà Nẵng',
      'Nội dung yêu cầu giải quyết: Đăng ký khai sinh (mã thủ tục 1.001193)',
      'Tờ khai đăng ký khai sinh',
      'Giấy chứng sinh',
      'Khai thác từ cơ sở dữ liệu',
      'Chưa nộp',
      '2. Số lượng hồ sơ: 01 (bộ)',
      'Thời gian giải quyết hồ sơ theo quy định: Trong ngày',
      '4. Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 26/11/2026',
      '5. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 26/11/2026',
      'Lệ phí đăng ký khai sinh (đăng ký quá hạn): 8.000 đồng',
      'Tổng số tiền phải nộp: 8.000 đồng',
      'Vào Sổ theo dõi hồ sơ, Quyển số: 01/2026, Số thứ tự: 07.',
      'NGƯỜI TIẾP NHẬN',
      '(Ký và ghi rõ họ tên)',
      'Trần Văn Hùng',
      'Quét mã để nộp 8.000 đồng',
      'Nội dung: 20242-261126-0007',
    ]);
  });

  it('carries a QR code to the tracking page and a VietQR code for the fee', async () => {
    const data = buildReceipt();
    const codes = await readQrCodes(await renderReceipt(data));
    expect(codes).toHaveLength(2);
    expect(codes).toContain(data.trackingUrl);
    const payment = codes.find((code) => code !== data.trackingUrl) ?? '';
    expect(payment).toBe(receiptPaymentPayload(data));
    expect(parseVietQr(payment)).toEqual({
      ok: true,
      fields: {
        initiation: 'dynamic',
        bin: '970415',
        accountNumber: '113000012345',
        service: 'account',
        amount: 8_000,
        purpose: '20242-261126-0007',
      },
    });
  });

  it('prints only the tracking code when nothing is due', async () => {
    const data = buildReceipt({
      fees: [
        {
          name: 'Lệ phí đăng ký khai sinh',
          amountVnd: 0,
          exemptBy: 'đăng ký đúng hạn',
        },
      ],
    });
    expect(receiptPaymentPayload(data)).toBeNull();
    const pdf = await renderReceipt(data);
    expect(await readQrCodes(pdf)).toEqual([data.trackingUrl]);
    expectPhrases(await readPdf(pdf), ['Lệ phí đăng ký khai sinh: miễn (đăng ký đúng hạn)']);
  });

  it('prints no payment code for a unit that takes cash only', async () => {
    const data = buildReceipt({ bankTransfer: null });
    expect(await readQrCodes(await renderReceipt(data))).toEqual([data.trackingUrl]);
  });

  it('says so when the procedure has no fee at all', async () => {
    const content = await readPdf(await renderReceipt(buildReceipt({ fees: [] })));
    expectPhrases(content, ['6. Phí, lệ phí: Không thu.']);
  });

  it('renders the same bytes twice, dated by the data and not by the clock', async () => {
    const data = buildReceipt();
    const [first, second] = await Promise.all([renderReceipt(data), renderReceipt(data)]);
    expect(first.equals(second)).toBe(true);
    const content = await readPdf(first);
    expect(content.info.Title).toBe('Giấy tiếp nhận hồ sơ và hẹn trả kết quả 20242-261126-0007');
    expect(content.info.CreationDate).toMatch(/^D:20261126011500/);
  });

  it('stays small: the fonts are subset', async () => {
    const pdf = await renderReceipt(buildReceipt());
    expect(pdf.length).toBeLessThan(80_000);
  });

  it('prints decomposed input as ordinary precomposed text', async () => {
    const data = buildReceipt({
      dossier: buildDossier({
        applicant: { fullName: 'Nguyễn Thị Mai'.normalize('NFD'), honorific: 'Bà' },
      }),
    });
    const content = await readPdf(await renderReceipt(data));
    expect(content.flat).toContain('Bà Nguyễn Thị Mai');
  });

  it('refuses a bank account VietQR cannot carry, with the problem', async () => {
    const data = buildReceipt({
      bankTransfer: {
        bin: '9704',
        accountNumber: '113000012345',
        bankName: 'VietinBank',
        accountName: 'UBND PHUONG HAI CHAU',
      },
    });
    const refused = renderReceipt(data);
    await expect(refused).rejects.toBeInstanceOf(DocumentDataError);
    await expect(refused).rejects.toMatchObject({ problems: [{ code: 'bin_format' }] });
  });

  it('refuses an instant without a time zone', async () => {
    const data = buildReceipt({ issuedAt: '2026-11-26 08:15' });
    await expect(renderReceipt(data)).rejects.toBeInstanceOf(RangeError);
  });
});

describe('02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', () => {
  it('lists what to add and why, and who guides the applicant', async () => {
    const content = await readPdf(await renderSupplementRequest(buildSupplementRequest()));
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      ...centreHeader,
      'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ',
      'Mã hồ sơ: 20242-261126-0007',
      'Tiếp nhận hồ sơ của: Bà Nguyễn Thị Mai',
      'Thời gian nhận hồ sơ: 08 giờ 15 phút, ngày 26/11/2026',
      'đề nghị Bà bổ sung, hoàn thiện hồ sơ',
      'Giấy chứng sinh',
      'Bản chính do cơ sở y tế cấp; bản đã nộp là bản chụp.',
      'Văn bản ủy quyền',
      'Lý do: Hồ sơ chưa đủ giấy tờ theo quy định',
      'Thời hạn bổ sung: trước 17 giờ 00 phút, ngày 03/12/2026',
      'NGƯỜI HƯỚNG DẪN',
      'Trần Văn Hùng',
    ]);
  });
});

describe('03 Phiếu từ chối tiếp nhận giải quyết hồ sơ', () => {
  it('gives every reason and leaves out the code the dossier never got', async () => {
    const content = await readPdf(await renderIntakeRefusal(buildIntakeRefusal()));
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ',
      'Thời gian nộp hồ sơ: 10 giờ 00 phút, ngày 26/11/2026',
      'thông báo không tiếp nhận, giải quyết hồ sơ này với lý do cụ thể như sau:',
      '1. Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Hòa Vang',
      '2. Yêu cầu đăng ký lại không thuộc trường hợp',
      'NGƯỜI NỘP HỒ SƠ',
      'NGƯỜI TIẾP NHẬN',
    ]);
    expect(content.flat).not.toContain('Mã hồ sơ');
  });

  it('prints the code when there is one', async () => {
    const refusal = buildIntakeRefusal();
    const content = await readPdf(
      await renderIntakeRefusal({
        ...refusal,
        dossier: { ...refusal.dossier, code: '20242-261126-0009' },
      }),
    );
    expectPhrases(content, ['Mã hồ sơ: 20242-261126-0009']);
  });
});

describe('04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', () => {
  it('shows the new name, the reason and both the original and the new appointment', async () => {
    const content = await readPdf(await renderApologyExtension(buildApologyExtension()));
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU',
      'Số: 45/XL-UBND',
      'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT',
      'Kính gửi: Bà Nguyễn Thị Mai',
      'Mã hồ sơ: 20242-261126-0007',
      'Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 26/11/2026',
      'Lý do: Cần xác minh thông tin nơi sinh',
      'trân trọng xin lỗi Bà vì sự chậm trễ này',
      'Thời gian hẹn trả kết quả mới: 16 giờ 30 phút, ngày 27/11/2026',
      'Nơi nhận:',
      'KT. CHỦ TỊCH',
      'PHÓ CHỦ TỊCH',
      'Phạm Minh Tuấn',
    ]);
    // The former name is searchable in the file's metadata, not printed as the title.
    expect(content.flat).not.toContain('PHIẾU XIN LỖI');
    expect(content.info.Subject).toContain(APOLOGY_EXTENSION_FORMER_TITLE);
  });
});

describe('05 Thông báo dừng giải quyết hồ sơ', () => {
  it('names the dossier, the legal basis, the reason and what happens next', async () => {
    const content = await readPdf(await renderStopNotice(buildStopNotice()));
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      'Hải Châu, ngày 30 tháng 11 năm 2026',
      'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ',
      'Kính gửi: Bà Nguyễn Thị Mai',
      'Mã hồ sơ: 20242-261126-0007',
      'Thủ tục hành chính: Đăng ký khai sinh (mã thủ tục 1.001193)',
      'Căn cứ Nghị định số 118/2025/NĐ-CP',
      'thông báo dừng giải quyết hồ sơ nêu trên.',
      'Lý do: Kết quả xác minh cho thấy trẻ đã được đăng ký khai sinh',
      'Hồ sơ gốc và lệ phí đã nộp được trả lại',
      '- Lưu: VT, HT.',
      'Phạm Minh Tuấn',
    ]);
  });
});

describe('06 Phiếu kiểm soát quá trình giải quyết hồ sơ', () => {
  it('tables the whole history with each step judged against its deadline', async () => {
    const content = await readPdf(await renderProcessControlSlip(buildControlSlip()));
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content, [
      ...nationalHeader,
      'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ',
      'Mã hồ sơ: 20242-261126-0007',
      'Kèm theo hồ sơ của: Bà Nguyễn Thị Mai',
      'Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 26/11/2026',
      'Giao, nhận hồ sơ',
      'Ký nhận',
      'Tiếp nhận hồ sơ',
      'Thẩm định hồ sơ',
      'Phê duyệt, ký Giấy khai sinh',
      '(Chờ kết nối CSDL hộ tịch)',
      'Giao: Công chức Tư pháp - Hộ tịch - Lê Thị Hoa',
      'Nhận: Phó Chủ tịch UBND phường - Phạm Minh Tuấn',
      'Xong: 26/11/2026 14:40',
      'Đúng hạn',
      'Quá hạn',
      'Đang xử lý',
    ]);
  });

  it('judges each step', () => {
    const asOf = '2026-11-26T08:00:00.000Z';
    expect(history.map((entry) => stepResult(entry, asOf))).toEqual([
      'Đúng hạn',
      'Đúng hạn',
      'Quá hạn',
      'Đang xử lý',
    ]);
    const [first] = history;
    if (first === undefined) throw new Error('fixture has no history');
    const { dueAt: _dueAt, ...withoutDeadline } = first;
    expect(stepResult(withoutDeadline, asOf)).toBe('');
  });

  it('continues a long history on the next page under the same column headings', async () => {
    const long = Array.from({ length: 4 }, () => history).flat();
    const content = await readPdf(
      await renderProcessControlSlip(buildControlSlip({ history: long })),
    );
    expect(content.pages.length).toBeGreaterThan(1);
    content.pages.forEach((page, i) => {
      expect(page.text.replace(/\s+/g, ' ')).toContain('Giao, nhận hồ sơ');
      expect(page.text).toContain(`Trang ${i + 1}/${content.pages.length}`);
    });
  });
});
