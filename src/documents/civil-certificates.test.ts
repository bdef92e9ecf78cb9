// Renders each civil-status paper from a realistic entry of the registers of Phường Hải Châu
// (Đà Nẵng) and reads it back as a viewer would: the Vietnamese text with its diacritics, the
// pages and the QR code. Names, numbers and addresses are illustrative.
import { describe, expect, it } from 'vitest';
import { haiChauCommittee } from '../../test/document-fixtures.js';
import { readPdf, readQrCodes, type PdfContent } from '../../test/pdf-inspect.js';
import {
  renderBirthCertificate,
  renderCertifiedCopy,
  renderDeathExtract,
  renderMarriageCertificate,
} from './civil-certificates.js';
import type {
  BirthCertificateData,
  BirthFacts,
  CertifiedCopyData,
  CivilPaper,
  CopyIssue,
  DeathExtractData,
  DeathFacts,
  MarriageCertificateData,
  MarriageFacts,
} from './civil-types.js';
import { DocumentDataError } from './document-data-error.js';

const A4 = { width: 595.28, height: 841.89 };
const PLACE = 'Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng';
const RESIDENCE = 'Số 12 đường Lê Lợi, phường Hải Châu, thành phố Đà Nẵng';
const QR_TEXT = 'https://hotich.danang.gov.vn/xac-thuc?ma=20242-KS-01-2026-125';

const nationalHeader = [
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  'Độc lập - Tự do - Hạnh phúc',
  'ỦY BAN NHÂN DÂN PHƯỜNG HẢI CHÂU',
];

function expectA4Portrait(content: PdfContent): void {
  for (const page of content.pages) {
    expect(page.width).toBeCloseTo(A4.width, 1);
    expect(page.height).toBeCloseTo(A4.height, 1);
  }
}

function expectPhrases(text: string, phrases: readonly string[]): void {
  for (const phrase of phrases) expect(text).toContain(phrase);
}

const flat = (text: string): string => text.replace(/\s+/g, ' ');

/** The paper around the facts: registered and signed on 05/01/2026, 09:30 Vietnam time. */
function buildPaper(overrides: Partial<CivilPaper> = {}): CivilPaper {
  return {
    issuer: haiChauCommittee,
    issuedAt: '2026-01-05T02:30:00.000Z',
    registration: { number: 125, book: '01/2026', registeredOn: '2026-01-05', placeName: PLACE },
    signer: { title: 'KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH', name: 'Phạm Minh Tuấn' },
    officer: { name: 'Lê Thị Hoa' },
    verification: { qrText: QR_TEXT },
    ...overrides,
  };
}

function buildBirthFacts(overrides: Partial<BirthFacts> = {}): BirthFacts {
  return {
    child: {
      fullName: 'Nguyễn Thị Ánh Dương',
      dateOfBirth: '2025-12-25',
      sex: 'female',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      placeOfBirth: 'Bệnh viện Phụ sản - Nhi Đà Nẵng, phường Hải Châu, thành phố Đà Nẵng',
      hometown: 'Phường Hải Châu, thành phố Đà Nẵng',
      citizenId: '048325001234',
    },
    mother: {
      fullName: 'Trần Thị Bích Ngọc',
      birthYear: 1998,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      residence: RESIDENCE,
    },
    father: {
      fullName: 'Nguyễn Văn Đức',
      birthYear: 1996,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      residence: RESIDENCE,
    },
    declarant: { fullName: 'Nguyễn Văn Đức', idDocument: 'Căn cước số 048096004567' },
    ...overrides,
  };
}

function buildBirth(overrides: Partial<BirthCertificateData> = {}): BirthCertificateData {
  return { ...buildPaper(), facts: buildBirthFacts(), ...overrides };
}

function buildDeathFacts(overrides: Partial<DeathFacts> = {}): DeathFacts {
  return {
    deceased: {
      fullName: 'Nguyễn Văn Bình',
      dateOfBirth: '1938-03-12',
      sex: 'male',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      citizenId: '048038000123',
      lastResidence: 'Tổ 5, phường Hải Châu, thành phố Đà Nẵng',
    },
    died: { date: '2026-01-10', time: '04:30' },
    placeOfDeath: 'Bệnh viện Đà Nẵng, phường Hải Châu, thành phố Đà Nẵng',
    cause: 'Bệnh tuổi già',
    deathNotice: { number: '26/GBT', issuedOn: '2026-01-10', issuedBy: 'Bệnh viện Đà Nẵng' },
    declarant: {
      fullName: 'Nguyễn Văn Đức',
      idDocument: 'Căn cước số 048096004567',
      relationship: 'Con đẻ',
    },
    ...overrides,
  };
}

function buildDeath(overrides: Partial<DeathExtractData> = {}): DeathExtractData {
  return {
    ...buildPaper({
      registration: { number: 14, book: '01/2026', registeredOn: '2026-01-12', placeName: PLACE },
      issuedAt: '2026-01-12T03:00:00.000Z',
    }),
    facts: buildDeathFacts(),
    ...overrides,
  };
}

const marriageFacts: MarriageFacts = {
  husband: {
    fullName: 'Nguyễn Văn Đức',
    dateOfBirth: '1996-08-17',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: RESIDENCE,
    citizenId: '048096004567',
  },
  wife: {
    fullName: 'Trần Thị Bích Ngọc',
    dateOfBirth: '1998-04-14',
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence: 'Tổ 21, phường Thanh Khê, thành phố Đà Nẵng',
    citizenId: '048198007890',
  },
};

function buildMarriage(overrides: Partial<MarriageCertificateData> = {}): MarriageCertificateData {
  return {
    ...buildPaper({
      registration: { number: 37, book: '01/2025', registeredOn: '2025-05-15', placeName: PLACE },
      issuedAt: '2025-05-15T08:00:00.000Z',
      signer: { title: 'CHỦ TỊCH', name: 'Hoàng Văn Nam' },
    }),
    facts: marriageFacts,
    ...overrides,
  };
}

/** Three certified copies of the birth entry above, issued on 20/03/2026. */
function buildBirthCopy(overrides: Partial<CopyIssue> = {}): CertifiedCopyData {
  const { officer: _officer, ...paper } = buildPaper({
    issuedAt: '2026-03-20T07:45:00.000Z',
    signer: { title: 'TL. CHỦ TỊCH\nCÔNG CHỨC TƯ PHÁP - HỘ TỊCH', name: 'Lê Thị Hoa' },
  });
  return {
    ...paper,
    kind: 'birth',
    facts: buildBirthFacts(),
    copies: 3,
    feePerCopyVnd: 8_000,
    ...overrides,
  };
}

describe('Giấy khai sinh', () => {
  it('prints every registered fact on one A4 page, the date of birth also in words', async () => {
    const content = await readPdf(await renderBirthCertificate(buildBirth()));
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content.flat, [
      ...nationalHeader,
      'Số: 125',
      'Quyển số: 01/2026',
      'GIẤY KHAI SINH',
      'Họ, chữ đệm, tên: NGUYỄN THỊ ÁNH DƯƠNG',
      'Ngày, tháng, năm sinh: 25/12/2025',
      'Ghi bằng chữ: Ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm',
      'Giới tính: Nữ',
      'Dân tộc: Kinh',
      'Quốc tịch: Việt Nam',
      'Nơi sinh: Bệnh viện Phụ sản - Nhi Đà Nẵng, phường Hải Châu, thành phố Đà Nẵng',
      'Quê quán: Phường Hải Châu, thành phố Đà Nẵng',
      'Số định danh cá nhân: 048325001234',
      'Họ, chữ đệm, tên người mẹ: Trần Thị Bích Ngọc',
      'Năm sinh: 1998',
      'Họ, chữ đệm, tên người cha: Nguyễn Văn Đức',
      'Năm sinh: 1996',
      `Nơi cư trú: ${RESIDENCE}`,
      'Họ, chữ đệm, tên người đi khai sinh: Nguyễn Văn Đức',
      'Giấy tờ tùy thân: Căn cước số 048096004567',
      `Nơi đăng ký khai sinh: ${PLACE}`,
      'Ngày, tháng, năm đăng ký: 05/01/2026',
      'Hải Châu, ngày 05 tháng 01 năm 2026',
      'NGƯỜI KÝ GIẤY KHAI SINH',
      '(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)',
      'KT. CHỦ TỊCH PHÓ CHỦ TỊCH',
      'Phạm Minh Tuấn',
      'Công chức tư pháp - hộ tịch',
      'Lê Thị Hoa',
      'Quét mã để kiểm tra tính xác thực',
    ]);
    expect(content.flat).not.toContain('Ghi chú');
    expect(content.flat).not.toContain('Trang 1');
  });

  it('leaves the values blank for an unknown father and an ID not yet issued', async () => {
    const { father: _father, ...withoutFather } = buildBirthFacts();
    const { citizenId: _citizenId, ...child } = withoutFather.child;
    const content = await readPdf(
      await renderBirthCertificate(buildBirth({ facts: { ...withoutFather, child } })),
    );
    expect(content.flat).toMatch(
      /Họ, chữ đệm, tên người cha: Năm sinh: Dân tộc: Quốc tịch: Nơi cư trú: Họ, chữ đệm, tên người đi khai sinh/,
    );
    expect(content.flat).toMatch(/Số định danh cá nhân: Họ, chữ đệm, tên người mẹ: Trần/);
    expect(content.flat).not.toContain('1996');
  });

  it('prints the notes of a late or corrected registration', async () => {
    const one = await readPdf(
      await renderBirthCertificate(buildBirth({ notes: ['Đăng ký khai sinh quá hạn'] })),
    );
    expectPhrases(one.flat, ['Ghi chú: Đăng ký khai sinh quá hạn']);
    const two = await readPdf(
      await renderBirthCertificate(
        buildBirth({
          notes: [
            'Đăng ký khai sinh quá hạn',
            'Cải chính nơi sinh theo Quyết định số 12/QĐ-UBND ngày 20/01/2026',
          ],
        }),
      ),
    );
    expect(two.pages).toHaveLength(1);
    expectPhrases(two.flat, [
      'Ghi chú: - Đăng ký khai sinh quá hạn',
      '- Cải chính nơi sinh theo Quyết định số 12/QĐ-UBND ngày 20/01/2026',
    ]);
  });

  it('carries the verification code given, with its caption', async () => {
    const data = buildBirth({
      verification: { qrText: QR_TEXT, caption: 'Tra cứu tại hotich.danang.gov.vn' },
    });
    const pdf = await renderBirthCertificate(data);
    expect(await readQrCodes(pdf)).toEqual([QR_TEXT]);
    expectPhrases((await readPdf(pdf)).flat, ['Tra cứu tại hotich.danang.gov.vn']);
  });

  it('moves the code below the text rather than cover it when the page is full', async () => {
    const notes = Array.from(
      { length: 6 },
      (_, i) => `Cải chính thông tin lần ${i + 1} theo Quyết định số ${i + 10}/QĐ-UBND`,
    );
    const pdf = await renderBirthCertificate(buildBirth({ notes }));
    const content = await readPdf(pdf);
    expect(content.pages).toHaveLength(2);
    expect(await readQrCodes(pdf, 2)).toEqual([QR_TEXT]);
    expect(content.pages[1]?.text).toContain('Quét mã để kiểm tra tính xác thực');
  });

  it('prints no code when none is given', async () => {
    const { verification: _verification, ...paper } = buildBirth();
    const pdf = await renderBirthCertificate(paper);
    expect(await readQrCodes(pdf)).toEqual([]);
    expect((await readPdf(pdf)).flat).not.toContain('Quét mã');
  });

  it('renders the same bytes twice, dated by the data and not by the clock', async () => {
    const data = buildBirth();
    const [first, second] = await Promise.all([
      renderBirthCertificate(data),
      renderBirthCertificate(data),
    ]);
    expect(first.equals(second)).toBe(true);
    for (const render of [
      () => renderDeathExtract(buildDeath()),
      () => renderMarriageCertificate(buildMarriage()),
      () => renderCertifiedCopy(buildBirthCopy()),
    ]) {
      const [a, b] = await Promise.all([render(), render()]);
      expect(a.equals(b)).toBe(true);
    }
    const content = await readPdf(first);
    expect(content.info.Title).toBe('Giấy khai sinh, Số 125, Quyển số 01/2026');
    expect(content.info.CreationDate).toMatch(/^D:20260105023000/);
  });

  it('prints decomposed input as precomposed (NFC) text', async () => {
    const facts = buildBirthFacts();
    const data = buildBirth({
      facts: {
        ...facts,
        child: { ...facts.child, fullName: 'Nguyễn Thị Ánh Dương'.normalize('NFD') },
        mother: { ...facts.mother!, fullName: 'Trần Thị Bích Ngọc'.normalize('NFD') },
      },
    });
    const content = await readPdf(await renderBirthCertificate(data));
    expect(content.flat).toBe(content.flat.normalize('NFC'));
    expectPhrases(content.flat, ['NGUYỄN THỊ ÁNH DƯƠNG', 'Trần Thị Bích Ngọc']);
  });

  it('refuses missing names and dates before drawing, naming each field', async () => {
    const facts = buildBirthFacts();
    const data = buildBirth({
      facts: {
        ...facts,
        child: { ...facts.child, fullName: '  ', dateOfBirth: '2025-02-30' },
        declarant: { ...facts.declarant, fullName: '' },
      },
      signer: { title: '', name: '' },
    });
    const refused = await renderBirthCertificate(data).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(DocumentDataError);
    expectPhrases((refused as Error).message, [
      'facts.child.fullName is missing',
      "facts.child.dateOfBirth is not a date 'YYYY-MM-DD'",
      'facts.declarant.fullName is missing',
      'signer.title is missing',
    ]);
    // A blank quê quán, parent's residence or signer's name is printed as a blank line.
    const blanks = buildBirthFacts();
    const printed = await renderBirthCertificate(
      buildBirth({
        facts: {
          ...blanks,
          child: { ...blanks.child, hometown: '' },
          ...(blanks.mother === undefined ? {} : { mother: { ...blanks.mother, residence: '' } }),
        },
        signer: { title: 'CHỦ TỊCH', name: '' },
      }),
    );
    expect((await readPdf(printed)).flat).toContain('GIẤY KHAI SINH');
  });
});

describe('Trích lục khai tử', () => {
  it('prints the death, its cause, the notice and the declarant on one A4 page', async () => {
    const data = buildDeath();
    const pdf = await renderDeathExtract(data);
    const content = await readPdf(pdf);
    expect(content.pages).toHaveLength(1);
    expectA4Portrait(content);
    expectPhrases(content.flat, [
      ...nationalHeader,
      'Số: 14',
      'Quyển số: 01/2026',
      'TRÍCH LỤC KHAI TỬ',
      'Họ, chữ đệm, tên: NGUYỄN VĂN BÌNH',
      'Ngày, tháng, năm sinh: 12/03/1938',
      'Giới tính: Nam',
      'Dân tộc: Kinh',
      'Quốc tịch: Việt Nam',
      'Số định danh cá nhân: 048038000123',
      'Nơi cư trú cuối cùng: Tổ 5, phường Hải Châu, thành phố Đà Nẵng',
      'Đã chết vào lúc: 04 giờ 30 phút, ngày 10/01/2026',
      'Nơi chết: Bệnh viện Đà Nẵng, phường Hải Châu, thành phố Đà Nẵng',
      'Nguyên nhân chết: Bệnh tuổi già',
      'Giấy báo tử/Giấy tờ thay thế Giấy báo tử: số 26/GBT, ngày 10/01/2026 của Bệnh viện Đà Nẵng',
      'Họ, chữ đệm, tên người đi khai tử: Nguyễn Văn Đức',
      'Giấy tờ tùy thân: Căn cước số 048096004567',
      'Quan hệ với người chết: Con đẻ',
      `Nơi đăng ký khai tử: ${PLACE}`,
      'Ngày, tháng, năm đăng ký: 12/01/2026',
      'Hải Châu, ngày 12 tháng 01 năm 2026',
      'NGƯỜI KÝ TRÍCH LỤC',
      'Phạm Minh Tuấn',
    ]);
    expect(await readQrCodes(pdf)).toEqual([QR_TEXT]);
  });

  it('gives only the date when the time is unknown, and a year of birth alone', async () => {
    const facts = buildDeathFacts();
    const { deathNotice: _deathNotice, ...withoutNotice } = facts;
    const content = await readPdf(
      await renderDeathExtract(
        buildDeath({
          facts: {
            ...withoutNotice,
            deceased: { ...facts.deceased, dateOfBirth: '1938' },
            died: { date: '2026-01-10' },
          },
        }),
      ),
    );
    expectPhrases(content.flat, [
      'Ngày, tháng, năm sinh: 1938',
      'Đã chết vào lúc: ngày 10/01/2026 Nơi chết',
      'Giấy báo tử/Giấy tờ thay thế Giấy báo tử: Họ, chữ đệm, tên người đi khai tử',
    ]);
    expect(content.flat).not.toContain('giờ');
  });

  it('refuses a time of death that is not one', async () => {
    const facts = buildDeathFacts();
    const data = buildDeath({ facts: { ...facts, died: { date: '2026-01-10', time: '24:10' } } });
    await expect(renderDeathExtract(data)).rejects.toThrow(/facts\.died\.time/);
  });
});

describe('Giấy chứng nhận kết hôn', () => {
  it('prints an original for each spouse: two pages alike but for whose it is', async () => {
    const pdf = await renderMarriageCertificate(buildMarriage());
    const content = await readPdf(pdf);
    expect(content.pages).toHaveLength(2);
    expectA4Portrait(content);
    const [husbands, wifes] = content.pages.map((page) => flat(page.text));
    for (const page of [husbands, wifes]) {
      expectPhrases(page ?? '', [
        ...nationalHeader,
        'Số: 37',
        'Quyển số: 01/2025',
        'GIẤY CHỨNG NHẬN KẾT HÔN',
        'Thông tin người chồng',
        'Thông tin người vợ',
        'Họ, chữ đệm, tên: NGUYỄN VĂN ĐỨC Họ, chữ đệm, tên: TRẦN THỊ BÍCH NGỌC',
        'Ngày, tháng, năm sinh: 17/08/1996 Ngày, tháng, năm sinh: 14/04/1998',
        'Dân tộc: Kinh Dân tộc: Kinh',
        'Quốc tịch: Việt Nam Quốc tịch: Việt Nam',
        `Nơi cư trú: ${RESIDENCE}`,
        'Nơi cư trú: Tổ 21, phường Thanh Khê, thành phố Đà Nẵng',
        'Số định danh cá nhân: 048096004567 Số định danh cá nhân: 048198007890',
        'Chồng (Ký, ghi rõ họ tên) Nguyễn Văn Đức',
        'Vợ (Ký, ghi rõ họ tên) Trần Thị Bích Ngọc',
        'Ngày, tháng, năm đăng ký: 15/05/2025',
        `Nơi đăng ký: ${PLACE}`,
        'Hải Châu, ngày 15 tháng 5 năm 2025',
        'NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN',
        'CHỦ TỊCH',
        'Hoàng Văn Nam',
      ]);
    }
    expect(husbands).toContain('Bản chính cấp cho người chồng');
    expect(husbands).not.toContain('Bản chính cấp cho người vợ');
    expect(wifes).toContain('Bản chính cấp cho người vợ');
    expect(wifes).not.toContain('Bản chính cấp cho người chồng');
    expect(husbands?.replace('người chồng', 'người vợ')).toBe(wifes);
    expect(content.flat).not.toContain('Trang 1/2');
    expect(await readQrCodes(pdf, 1)).toEqual([QR_TEXT]);
    expect(await readQrCodes(pdf, 2)).toEqual([QR_TEXT]);
  });

  it('refuses a spouse without a name', async () => {
    const data = buildMarriage({
      facts: { ...marriageFacts, wife: { ...marriageFacts.wife, fullName: '' } },
    });
    await expect(renderMarriageCertificate(data)).rejects.toThrow(DocumentDataError);
    await expect(renderMarriageCertificate(data)).rejects.toThrow(/facts\.wife\.fullName/);
  });
});

describe('Bản sao trích lục', () => {
  it('prints one page per copy, each numbered, with the source entry and the fee', async () => {
    const data = { ...buildBirthCopy(), notes: ['Đăng ký khai sinh quá hạn'] };
    const pdf = await renderCertifiedCopy(data);
    const content = await readPdf(pdf);
    expect(content.pages).toHaveLength(3);
    expectA4Portrait(content);
    content.pages.forEach((page, i) => {
      expectPhrases(flat(page.text), [
        ...nationalHeader,
        'Số: 125',
        'Quyển số: 01/2026',
        'TRÍCH LỤC KHAI SINH (BẢN SAO)',
        `Bản sao số ${i + 1}/3`,
        'Họ, chữ đệm, tên: NGUYỄN THỊ ÁNH DƯƠNG',
        'Ghi bằng chữ: Ngày hai mươi lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm',
        'Họ, chữ đệm, tên người mẹ: Trần Thị Bích Ngọc',
        'Họ, chữ đệm, tên người cha: Nguyễn Văn Đức',
        `Nơi đăng ký khai sinh: ${PLACE}`,
        'Ngày, tháng, năm đăng ký: 05/01/2026',
        'Sao từ Sổ đăng ký khai sinh, Số 125, Quyển số 01/2026',
        'Số lượng bản sao: 03 bản',
        'Lệ phí: 8.000 đồng/bản',
        'Hải Châu, ngày 20 tháng 3 năm 2026',
        'NGƯỜI KÝ TRÍCH LỤC',
        'TL. CHỦ TỊCH CÔNG CHỨC TƯ PHÁP - HỘ TỊCH',
        'Lê Thị Hoa',
      ]);
    });
    // The entry's notes belong to the entry, so they come before what the copy says of itself.
    expect(content.flat).toContain(
      'Ghi chú: Đăng ký khai sinh quá hạn Sao từ Sổ đăng ký khai sinh',
    );
    expect(content.flat).toContain('Bản sao số 2/3');
    expect(content.flat).not.toContain('Trang 2/3');
    expect(await readQrCodes(pdf, 3)).toEqual([QR_TEXT]);
  });

  it('copies a death entry from the same facts as its extract', async () => {
    const death = buildDeath();
    const data: CertifiedCopyData = {
      ...death,
      kind: 'death',
      copies: 1,
      feePerCopyVnd: 8_000,
    };
    const content = await readPdf(await renderCertifiedCopy(data));
    expect(content.pages).toHaveLength(1);
    expectPhrases(content.flat, [
      'TRÍCH LỤC KHAI TỬ (BẢN SAO)',
      'Bản sao số 1/1',
      'Họ, chữ đệm, tên: NGUYỄN VĂN BÌNH',
      'Đã chết vào lúc: 04 giờ 30 phút, ngày 10/01/2026',
      'Quan hệ với người chết: Con đẻ',
      'Sao từ Sổ đăng ký khai tử, Số 14, Quyển số 01/2026',
      'Số lượng bản sao: 01 bản',
    ]);
  });

  it('copies a marriage entry, without the spouses signing again', async () => {
    const marriage = buildMarriage();
    const data: CertifiedCopyData = {
      ...marriage,
      kind: 'marriage',
      copies: 2,
      feePerCopyVnd: 0,
    };
    const content = await readPdf(await renderCertifiedCopy(data));
    expect(content.pages).toHaveLength(2);
    expectPhrases(content.flat, [
      'TRÍCH LỤC KẾT HÔN (BẢN SAO)',
      'Bản sao số 2/2',
      'Họ, chữ đệm, tên: NGUYỄN VĂN ĐỨC Họ, chữ đệm, tên: TRẦN THỊ BÍCH NGỌC',
      'Sao từ Sổ đăng ký kết hôn, Số 37, Quyển số 01/2025',
      'Lệ phí: Không thu',
    ]);
    expect(content.flat).not.toContain('Bản chính cấp cho');
    expect(content.flat).not.toContain('(Ký, ghi rõ họ tên)');
  });

  it('refuses fewer than one copy', async () => {
    const data = buildBirthCopy({ copies: 0 });
    await expect(renderCertifiedCopy(data)).rejects.toThrow(DocumentDataError);
    await expect(renderCertifiedCopy(data)).rejects.toThrow(/copies/);
  });
});
