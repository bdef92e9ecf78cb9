// The civil-status (hộ tịch) papers of Circular 04/2020/TT-BTP (as amended): Giấy khai sinh,
// Trích lục khai tử, Giấy chứng nhận kết hôn, and the certified copy (bản sao trích lục) of an
// entry of any of the three registers.
//
// Unlike the desk's letters, these papers name the register entry they print: the issuing body
// stands at the top left with "Số" and "Quyển số" of the entry under it, the national motto at
// the right, and the place-and-date line sits above the signer, who signs for the body next to
// the civil-status officer. Each block of facts is drawn by one function, so an original and
// its certified copy print an entry the same way. A QR code, when given, stands in the bottom
// left corner, where the page is free of signatures.
import { DocumentDataError } from './document-data-error.js';
import { BODY_SIZE, Sheet, formatVnd, twoDigits, type FontStyle } from './layout.js';
import {
  sexLabels,
  type BirthCertificateData,
  type BirthFacts,
  type CertificateSigner,
  type CertifiedCopyData,
  type CivilPaper,
  type CivilRecord,
  type CivilRecordKind,
  type DeathExtractData,
  type DeathFacts,
  type MarriageCertificateData,
  type MarriageFacts,
  type Parent,
  type Registration,
  type Spouse,
} from './civil-types.js';
import type { Issuer } from './types.js';
import { formatDateLine, formatIsoDate } from './vietnam-time.js';
import { parseCalendarDate, vietnameseDateInWords } from './vietnamese-words.js';

export const BIRTH_CERTIFICATE_TITLE = 'Giấy khai sinh';
export const DEATH_EXTRACT_TITLE = 'Trích lục khai tử';
export const MARRIAGE_CERTIFICATE_TITLE = 'Giấy chứng nhận kết hôn';

export const copyTitles = {
  birth: 'Trích lục khai sinh (bản sao)',
  death: 'Trích lục khai tử (bản sao)',
  marriage: 'Trích lục kết hôn (bản sao)',
} as const satisfies Record<CivilRecordKind, string>;

/** The register an entry of each kind is kept in. */
export const registerNames = {
  birth: 'Sổ đăng ký khai sinh',
  death: 'Sổ đăng ký khai tử',
  marriage: 'Sổ đăng ký kết hôn',
} as const satisfies Record<CivilRecordKind, string>;

export const VERIFICATION_CAPTION = 'Quét mã để kiểm tra tính xác thực';

const mm = (n: number): number => (n * 72) / 25.4;
const HEADER_SIZE = 11.5;
const HINT_SIZE = 9.5;
const MARK_SIZE = 9.5;
// A seal is a version-17 code (85 modules): 34 mm gives 0.4 mm a module, easy for a phone.
const QR_SIZE = mm(34);
const CAPTION_SIZE = 8;
const SIGNATURE_SPACE = 56;
const COLUMN_GUTTER = 8;
const SIGNER_HINT = '(Ký, ghi rõ họ, chữ đệm, tên, chức vụ, đóng dấu)';
const OFFICER_TITLE = 'Công chức tư pháp - hộ tịch';
const OFFICER_HINT = '(Ký, ghi rõ họ, chữ đệm, tên)';
const SPOUSE_HINT = '(Ký, ghi rõ họ tên)';
/** Extracts, and copies of any entry, are signed as extracts. */
const EXTRACT_SIGNER = 'NGƯỜI KÝ TRÍCH LỤC';

const nfc = (text: string): string => text.normalize('NFC');

// ---------------------------------------------------------------------------------------------
// Renderers

/** Giấy khai sinh (bản chính), one A4 page. */
export async function renderBirthCertificate(data: BirthCertificateData): Promise<Buffer> {
  assertPrintable((problems) => {
    checkPaper(data, problems);
    checkBirth(data.facts, problems);
  });
  return Sheet.render(
    {
      title: paperTitle(BIRTH_CERTIFICATE_TITLE, data.registration),
      subject: data.facts.child.fullName,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      page(
        sheet,
        data,
        { title: BIRTH_CERTIFICATE_TITLE, signerHeading: 'NGƯỜI KÝ GIẤY KHAI SINH' },
        () => {
          birthBlock(sheet, data.facts, data.registration);
        },
      );
    },
  );
}

/** Trích lục khai tử (bản chính), one A4 page. */
export async function renderDeathExtract(data: DeathExtractData): Promise<Buffer> {
  assertPrintable((problems) => {
    checkPaper(data, problems);
    checkDeath(data.facts, problems);
  });
  return Sheet.render(
    {
      title: paperTitle(DEATH_EXTRACT_TITLE, data.registration),
      subject: data.facts.deceased.fullName,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
    },
    (sheet) => {
      page(sheet, data, { title: DEATH_EXTRACT_TITLE, signerHeading: EXTRACT_SIGNER }, () => {
        deathBlock(sheet, data.facts, data.registration);
      });
    },
  );
}

/**
 * Giấy chứng nhận kết hôn. Each spouse receives an original (Luật Hộ tịch, Điều 18), so the
 * PDF has two pages, the same but for the line that says whose original it is.
 */
export async function renderMarriageCertificate(data: MarriageCertificateData): Promise<Buffer> {
  assertPrintable((problems) => {
    checkPaper(data, problems);
    checkMarriage(data.facts, problems);
  });
  const holders = ['Bản chính cấp cho người chồng', 'Bản chính cấp cho người vợ'];
  return Sheet.render(
    {
      title: paperTitle(MARRIAGE_CERTIFICATE_TITLE, data.registration),
      subject: `${data.facts.husband.fullName} và ${data.facts.wife.fullName}`,
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
      pageNumbers: false,
    },
    (sheet) => {
      holders.forEach((holder, i) => {
        if (i > 0) sheet.doc.addPage();
        page(
          sheet,
          data,
          {
            title: MARRIAGE_CERTIFICATE_TITLE,
            mark: holder,
            signerHeading: 'NGƯỜI KÝ GIẤY CHỨNG NHẬN KẾT HÔN',
          },
          () => {
            marriageBlock(sheet, data.facts, data.registration, { spouseSignatures: true });
          },
        );
      });
    },
  );
}

/** Bản sao trích lục of a birth, death or marriage entry: one page per copy asked for. */
export async function renderCertifiedCopy(data: CertifiedCopyData): Promise<Buffer> {
  assertPrintable((problems) => {
    checkPaper(data, problems);
    checkRecord(data, problems);
    if (!Number.isInteger(data.copies) || data.copies < 1) {
      problems.push(`copies must be a whole number of at least 1, not ${data.copies}`);
    }
    if (!Number.isInteger(data.feePerCopyVnd) || data.feePerCopyVnd < 0) {
      problems.push(`feePerCopyVnd must be a whole number of đồng, not ${data.feePerCopyVnd}`);
    }
  });
  const title = copyTitles[data.kind];
  return Sheet.render(
    {
      title: paperTitle(title, data.registration),
      subject: recordSubject(data),
      author: data.issuer.fullName,
      issuedAt: data.issuedAt,
      pageNumbers: false,
    },
    (sheet) => {
      for (let copy = 1; copy <= data.copies; copy++) {
        if (copy > 1) sheet.doc.addPage();
        const mark = `Bản sao số ${copy}/${data.copies}`;
        page(
          sheet,
          data,
          { title, mark, signerHeading: EXTRACT_SIGNER },
          () => {
            recordBlock(sheet, data, data.registration);
          },
          () => {
            copyBlock(sheet, data);
          },
        );
      }
    },
  );
}

// ---------------------------------------------------------------------------------------------
// One page: header, title, the facts, notes, signatures, QR code

interface PageParts {
  readonly title: string;
  /** A small line under the title: whose original, or which copy. */
  readonly mark?: string;
  /** Over the signer's hint: "NGƯỜI KÝ GIẤY KHAI SINH". */
  readonly signerHeading: string;
}

/** `facts` draws the entry; `afterNotes`, what a copy says about itself after the entry's notes. */
function page(
  sheet: Sheet,
  paper: CivilPaper,
  parts: PageParts,
  facts: () => void,
  afterNotes?: () => void,
): void {
  const { title, mark } = parts;
  civilHeader(sheet, paper.issuer, paper.registration);
  sheet.title(title);
  if (mark !== undefined) {
    // Under the title, so that a page separated from the others still says what it is.
    sheet.doc.y = sheet.centred(mark, sheet.left, sheet.y - 4, sheet.width, {
      style: 'italic',
      size: MARK_SIZE,
    });
    sheet.moveDown(6);
  }
  facts();
  notesBlock(sheet, paper.notes ?? []);
  afterNotes?.();
  sheet.moveDown(8);
  const leftEnd = closing(sheet, paper, parts.signerHeading);
  if (paper.verification !== undefined) {
    verificationCode(
      sheet,
      paper.verification.qrText,
      paper.verification.caption ?? VERIFICATION_CAPTION,
      leftEnd,
    );
  }
}

/**
 * Issuing body, then the entry's Số and Quyển số, at the left; national name and motto at the
 * right. The same columns and sizes as Sheet.header, which prints a letter's number and the
 * date line instead.
 */
function civilHeader(sheet: Sheet, issuer: Issuer, registration: Registration): void {
  const top = sheet.y;
  const leftWidth = sheet.width * 0.42;
  const rightX = sheet.left + leftWidth;
  const rightWidth = sheet.width - leftWidth;
  const regular = { style: 'regular', size: HEADER_SIZE } as const;
  const bold = { style: 'bold', size: HEADER_SIZE } as const;

  let y = top;
  if (issuer.parentName !== undefined) {
    y = sheet.centred(issuer.parentName.toUpperCase(), sheet.left, y, leftWidth, regular);
  }
  y = sheet.centred(issuer.name.toUpperCase(), sheet.left, y, leftWidth, bold);
  rule(sheet, sheet.left + leftWidth / 3, y + 2, leftWidth / 3);
  y = sheet.centred(`Số: ${registration.number}`, sheet.left, y + 10, leftWidth, regular);
  y = sheet.centred(`Quyển số: ${registration.book}`, sheet.left, y, leftWidth, regular);

  let ry = sheet.centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, top, rightWidth, {
    ...bold,
    fit: true,
  });
  const motto = 'Độc lập - Tự do - Hạnh phúc';
  ry = sheet.centred(motto, rightX, ry, rightWidth, { style: 'bold', size: HEADER_SIZE + 1 });
  sheet.use('bold', HEADER_SIZE + 1);
  const mottoWidth = sheet.doc.widthOfString(motto);
  rule(sheet, rightX + (rightWidth - mottoWidth) / 2, ry + 2, mottoWidth);

  sheet.doc.x = sheet.left;
  sheet.doc.y = Math.max(y, ry + 8) + 14;
  sheet.use('regular', BODY_SIZE);
}

function rule(sheet: Sheet, x: number, y: number, width: number): void {
  sheet.doc
    .save()
    .lineWidth(0.6)
    .moveTo(x, y)
    .lineTo(x + width, y)
    .stroke()
    .restore();
}

// ---------------------------------------------------------------------------------------------
// Field rows

/** "Label: value" with the value in bold; an empty value leaves the label standing alone. */
type Field = readonly [label: string, value: string];

/**
 * Fields side by side on one line ("Giới tính … Dân tộc … Quốc tịch …"), each in an equal share
 * of the width and wrapping inside it; the next row starts under the tallest.
 */
function row(sheet: Sheet, fields: readonly Field[]): void {
  const { doc } = sheet;
  const width = sheet.width / fields.length;
  sheet.ensureSpace(2 * BODY_SIZE + 4);
  const top = doc.y;
  let x = sheet.left;
  let end = top;
  fields.forEach(([label, value], i) => {
    const last = i === fields.length - 1;
    const options: PDFKit.Mixins.TextOptions = {
      width: last ? width : width - COLUMN_GUTTER,
      align: 'left',
      lineGap: 1,
    };
    sheet.use('regular', BODY_SIZE);
    if (value.trim() === '') {
      doc.text(nfc(`${label}:`), x, top, options);
    } else {
      doc.text(nfc(`${label}: `), x, top, { ...options, continued: true });
      sheet.use('bold', BODY_SIZE);
      doc.text(nfc(value), { ...options, continued: false });
    }
    end = Math.max(end, doc.y);
    x += width;
  });
  doc.x = sheet.left;
  doc.y = end + 1;
  sheet.use('regular', BODY_SIZE);
}

const field = (sheet: Sheet, label: string, value: string): void => {
  row(sheet, [[label, value]]);
};

const sectionGap = (sheet: Sheet): void => {
  sheet.moveDown(4);
};

/** 'YYYY-MM-DD' → "25/12/2025"; 'YYYY' stays the year. */
function formatDateOrYear(date: string): string {
  return /^\d{4}$/.test(date) ? date : formatIsoDate(date);
}

// ---------------------------------------------------------------------------------------------
// The facts of each kind of entry, shared by originals and copies

function recordBlock(sheet: Sheet, record: CivilRecord, registration: Registration): void {
  switch (record.kind) {
    case 'birth':
      birthBlock(sheet, record.facts, registration);
      return;
    case 'death':
      deathBlock(sheet, record.facts, registration);
      return;
    case 'marriage':
      marriageBlock(sheet, record.facts, registration, { spouseSignatures: false });
      return;
  }
}

function birthBlock(sheet: Sheet, facts: BirthFacts, registration: Registration): void {
  const { child } = facts;
  field(sheet, 'Họ, chữ đệm, tên', child.fullName.toUpperCase());
  field(sheet, 'Ngày, tháng, năm sinh', formatIsoDate(child.dateOfBirth));
  field(sheet, 'Ghi bằng chữ', vietnameseDateInWords(child.dateOfBirth));
  row(sheet, [
    ['Giới tính', sexLabels[child.sex]],
    ['Dân tộc', child.ethnicity],
    ['Quốc tịch', child.nationality],
  ]);
  field(sheet, 'Nơi sinh', child.placeOfBirth);
  field(sheet, 'Quê quán', child.hometown);
  field(sheet, 'Số định danh cá nhân', child.citizenId ?? '');
  sectionGap(sheet);
  parentBlock(sheet, 'người mẹ', facts.mother);
  sectionGap(sheet);
  parentBlock(sheet, 'người cha', facts.father);
  sectionGap(sheet);
  field(sheet, 'Họ, chữ đệm, tên người đi khai sinh', facts.declarant.fullName);
  field(sheet, 'Giấy tờ tùy thân', facts.declarant.idDocument);
  field(sheet, 'Nơi đăng ký khai sinh', registration.placeName);
  field(sheet, 'Ngày, tháng, năm đăng ký', formatIsoDate(registration.registeredOn));
}

/** An unknown parent keeps the labels with blank values, as the registry's papers do. */
function parentBlock(sheet: Sheet, who: string, parent: Parent | undefined): void {
  field(sheet, `Họ, chữ đệm, tên ${who}`, parent?.fullName ?? '');
  row(sheet, [
    ['Năm sinh', parent === undefined ? '' : String(parent.birthYear)],
    ['Dân tộc', parent?.ethnicity ?? ''],
    ['Quốc tịch', parent?.nationality ?? ''],
  ]);
  field(sheet, 'Nơi cư trú', parent?.residence ?? '');
}

function deathBlock(sheet: Sheet, facts: DeathFacts, registration: Registration): void {
  const { deceased, died, deathNotice, declarant } = facts;
  field(sheet, 'Họ, chữ đệm, tên', deceased.fullName.toUpperCase());
  field(sheet, 'Ngày, tháng, năm sinh', formatDateOrYear(deceased.dateOfBirth));
  row(sheet, [
    ['Giới tính', sexLabels[deceased.sex]],
    ['Dân tộc', deceased.ethnicity],
    ['Quốc tịch', deceased.nationality],
  ]);
  field(sheet, 'Số định danh cá nhân', deceased.citizenId ?? '');
  field(sheet, 'Nơi cư trú cuối cùng', deceased.lastResidence);
  sectionGap(sheet);
  const day = `ngày ${formatIsoDate(died.date)}`;
  const time = died.time?.split(':');
  field(
    sheet,
    'Đã chết vào lúc',
    time === undefined ? day : `${time[0] ?? ''} giờ ${time[1] ?? ''} phút, ${day}`,
  );
  field(sheet, 'Nơi chết', facts.placeOfDeath);
  field(sheet, 'Nguyên nhân chết', facts.cause);
  field(
    sheet,
    'Giấy báo tử/Giấy tờ thay thế Giấy báo tử',
    deathNotice === undefined
      ? ''
      : `số ${deathNotice.number}, ngày ${formatIsoDate(deathNotice.issuedOn)} ` +
          `của ${deathNotice.issuedBy}`,
  );
  sectionGap(sheet);
  field(sheet, 'Họ, chữ đệm, tên người đi khai tử', declarant.fullName);
  field(sheet, 'Giấy tờ tùy thân', declarant.idDocument);
  field(sheet, 'Quan hệ với người chết', declarant.relationship);
  field(sheet, 'Nơi đăng ký khai tử', registration.placeName);
  field(sheet, 'Ngày, tháng, năm đăng ký', formatIsoDate(registration.registeredOn));
}

function marriageBlock(
  sheet: Sheet,
  facts: MarriageFacts,
  registration: Registration,
  options: { readonly spouseSignatures: boolean },
): void {
  const { husband, wife } = facts;
  const half = sheet.width / 2;
  const top = sheet.y;
  const headingEnd = Math.max(
    ...['Thông tin người chồng', 'Thông tin người vợ'].map((heading, i) =>
      sheet.centred(heading, sheet.left + i * half, top, half, { style: 'bold', size: BODY_SIZE }),
    ),
  );
  sheet.doc.y = headingEnd + 4;
  const pair = (label: string, value: (spouse: Spouse) => string): void => {
    row(sheet, [
      [label, value(husband)],
      [label, value(wife)],
    ]);
  };
  pair('Họ, chữ đệm, tên', (s) => s.fullName.toUpperCase());
  pair('Ngày, tháng, năm sinh', (s) => formatIsoDate(s.dateOfBirth));
  pair('Dân tộc', (s) => s.ethnicity);
  pair('Quốc tịch', (s) => s.nationality);
  pair('Nơi cư trú', (s) => s.residence);
  pair('Số định danh cá nhân', (s) => s.citizenId ?? '');
  pair('Giấy tờ tùy thân', (s) => s.idDocument ?? '');
  sectionGap(sheet);
  if (options.spouseSignatures) {
    sheet.moveDown(4);
    // Each spouse signs their own column; drawn column by column so that each reads in order.
    const height = 2 * 17 + 40 + 17;
    sheet.ensureSpace(height);
    const y = sheet.y;
    const end = Math.max(
      ...[
        ['Chồng', husband.fullName],
        ['Vợ', wife.fullName],
      ].map(([who = '', name = ''], i) => {
        const x = sheet.left + i * half;
        let line = sheet.centred(who, x, y, half, { style: 'bold', size: BODY_SIZE });
        line = sheet.centred(SPOUSE_HINT, x, line, half, { style: 'italic', size: HINT_SIZE });
        return sheet.centred(name, x, line + 40, half, { style: 'bold', size: BODY_SIZE });
      }),
    );
    sheet.doc.x = sheet.left;
    sheet.doc.y = end + 10;
  }
  field(sheet, 'Ngày, tháng, năm đăng ký', formatIsoDate(registration.registeredOn));
  field(sheet, 'Nơi đăng ký', registration.placeName);
}

function notesBlock(sheet: Sheet, notes: readonly string[]): void {
  if (notes.length === 0) return;
  sheet.moveDown(3);
  const [only] = notes;
  if (notes.length === 1 && only !== undefined) {
    sheet.paragraph([{ text: 'Ghi chú: ', style: 'italic' }, { text: only }], { align: 'left' });
    return;
  }
  sheet.paragraph([{ text: 'Ghi chú:', style: 'italic' }], { align: 'left' });
  for (const note of notes) sheet.paragraph(`- ${note}`, { align: 'left', inset: 14 });
}

/** Where the copy comes from, how many were made and the fee. */
function copyBlock(sheet: Sheet, data: CertifiedCopyData): void {
  sheet.moveDown(4);
  const { registration } = data;
  sheet.paragraph(
    `Sao từ ${registerNames[data.kind]}, Số ${registration.number}, ` +
      `Quyển số ${registration.book}.`,
    { align: 'left' },
  );
  const fee = data.feePerCopyVnd === 0 ? 'Không thu' : `${formatVnd(data.feePerCopyVnd)}/bản`;
  sheet.paragraph(`Số lượng bản sao: ${twoDigits(data.copies)} bản. Lệ phí: ${fee}.`, {
    align: 'left',
  });
}

// ---------------------------------------------------------------------------------------------
// Signatures and the verification code

const capacityLines = (signer: CertificateSigner): string[] =>
  signer.title
    .split('\n')
    .map((line) => line.trim().toUpperCase())
    .filter((line) => line !== '');

/**
 * The officer at the left, level with the signer's heading; the place-and-date line and the
 * signer at the right. Each column is as tall as its own lines (the signer's capacity lines
 * make it the taller), which leaves the bottom-left corner free for the QR code. Returns how
 * far down the left column reaches.
 */
function closing(sheet: Sheet, paper: CivilPaper, heading: string): number {
  const half = sheet.width / 2;
  const right = sheet.left + half;
  const lines = capacityLines(paper.signer);
  const dateLine = formatDateLine(paper.issuer.placeName, paper.issuedAt);
  const line = BODY_SIZE + 6;
  sheet.ensureSpace(
    line * (3 + lines.length) +
      sheet.textHeight(SIGNER_HINT, half, 'italic', HINT_SIZE) +
      SIGNATURE_SPACE,
  );
  const top = sheet.y;
  const text = (value: string, x: number, y: number, style: FontStyle, size = BODY_SIZE): number =>
    sheet.centred(value, x, y, half, { style, size });

  const headingTop = text(dateLine, right, top, 'italic');
  let y = text(heading, right, headingTop, 'bold');
  y = text(SIGNER_HINT, right, y, 'italic', HINT_SIZE);
  for (const capacity of lines) y = text(capacity, right, y, 'bold');
  const rightEnd = text(paper.signer.name, right, y + SIGNATURE_SPACE, 'bold');

  let leftEnd = top;
  if (paper.officer !== undefined) {
    const officerTop = text(OFFICER_TITLE, sheet.left, headingTop, 'bold');
    const hintEnd = text(OFFICER_HINT, sheet.left, officerTop, 'italic', HINT_SIZE);
    leftEnd = text(paper.officer.name, sheet.left, hintEnd + SIGNATURE_SPACE, 'bold');
  }
  sheet.doc.x = sheet.left;
  sheet.doc.y = Math.max(leftEnd, rightEnd) + 10;
  return leftEnd;
}

/**
 * The code in the bottom-left corner of the page, its caption beside it; when the left column
 * runs that low, the code follows the text instead of covering it.
 */
function verificationCode(sheet: Sheet, qrText: string, caption: string, leftEnd: number): void {
  const { doc } = sheet;
  const captionX = sheet.left + QR_SIZE + 4;
  const captionWidth = sheet.width / 2 - QR_SIZE - 4;
  const captionHeight = sheet.textHeight(caption, captionWidth, 'italic', CAPTION_SIZE);
  let top = doc.page.height - doc.page.margins.bottom - QR_SIZE;
  if (leftEnd > top - 6) {
    sheet.ensureSpace(QR_SIZE);
    top = sheet.y;
  }
  sheet.qrCode(qrText, sheet.left, top, QR_SIZE);
  // Level with the foot of the code, above its quiet zone.
  sheet.use('italic', CAPTION_SIZE);
  doc.text(nfc(caption), captionX, top + QR_SIZE * 0.93 - captionHeight, {
    width: captionWidth,
    align: 'left',
    lineGap: 1,
  });
  sheet.use('regular', BODY_SIZE);
  doc.x = sheet.left;
  doc.y = Math.max(sheet.y, top + QR_SIZE);
}

// ---------------------------------------------------------------------------------------------
// Metadata

function paperTitle(title: string, registration: Registration): string {
  return `${title}, Số ${registration.number}, Quyển số ${registration.book}`;
}

function recordSubject(record: CivilRecord): string {
  switch (record.kind) {
    case 'birth':
      return record.facts.child.fullName;
    case 'death':
      return record.facts.deceased.fullName;
    case 'marriage':
      return `${record.facts.husband.fullName} và ${record.facts.wife.fullName}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Checks, all made before drawing, so that bad data fails with every problem and no half page

type Problems = string[];

function assertPrintable(check: (problems: Problems) => void): void {
  const problems: Problems = [];
  check(problems);
  if (problems.length > 0) {
    throw new DocumentDataError(`the civil-status paper cannot be printed: ${problems.join('; ')}`);
  }
}

function requireText(problems: Problems, path: string, value: unknown): void {
  if (typeof value !== 'string' || value.trim() === '') problems.push(`${path} is missing`);
}

function optionalText(problems: Problems, path: string, value: unknown): void {
  if (value !== undefined) requireText(problems, path, value);
}

function requireDate(problems: Problems, path: string, value: unknown): void {
  if (typeof value !== 'string' || parseCalendarDate(value) === null) {
    problems.push(`${path} is not a date 'YYYY-MM-DD'`);
  }
}

function requireYear(problems: Problems, path: string, value: unknown): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1000 || value > 9999) {
    problems.push(`${path} is not a year`);
  }
}

function requireSex(problems: Problems, path: string, value: unknown): void {
  if (value !== 'male' && value !== 'female') problems.push(`${path} is not 'male' or 'female'`);
}

function checkPaper(paper: CivilPaper, problems: Problems): void {
  requireText(problems, 'issuer.name', paper.issuer.name);
  requireText(problems, 'issuer.fullName', paper.issuer.fullName);
  requireText(problems, 'issuer.placeName', paper.issuer.placeName);
  const { registration } = paper;
  if (!Number.isInteger(registration.number) || registration.number < 1) {
    problems.push(`registration.number must be a whole number of at least 1`);
  }
  requireText(problems, 'registration.book', registration.book);
  requireDate(problems, 'registration.registeredOn', registration.registeredOn);
  requireText(problems, 'registration.placeName', registration.placeName);
  requireText(problems, 'signer.title', paper.signer.title);
  // The signer's name may be left for the leader to write by hand (a unit without a leader
  // account yet); the title is always printed.
  if (paper.officer !== undefined) requireText(problems, 'officer.name', paper.officer.name);
  (paper.notes ?? []).forEach((note, i) => {
    requireText(problems, `notes[${i}]`, note);
  });
  if (paper.verification !== undefined) {
    requireText(problems, 'verification.qrText', paper.verification.qrText);
    optionalText(problems, 'verification.caption', paper.verification.caption);
  }
}

function checkRecord(record: CivilRecord, problems: Problems): void {
  switch (record.kind) {
    case 'birth':
      checkBirth(record.facts, problems);
      return;
    case 'death':
      checkDeath(record.facts, problems);
      return;
    case 'marriage':
      checkMarriage(record.facts, problems);
      return;
  }
}

function checkBirth(facts: BirthFacts, problems: Problems): void {
  const { child } = facts;
  requireText(problems, 'facts.child.fullName', child.fullName);
  requireDate(problems, 'facts.child.dateOfBirth', child.dateOfBirth);
  requireSex(problems, 'facts.child.sex', child.sex);
  requireText(problems, 'facts.child.ethnicity', child.ethnicity);
  requireText(problems, 'facts.child.nationality', child.nationality);
  requireText(problems, 'facts.child.placeOfBirth', child.placeOfBirth);
  // Quê quán and a parent's residence may be unknown: printed as a blank line.
  optionalText(problems, 'facts.child.citizenId', child.citizenId);
  for (const [who, parent] of [
    ['mother', facts.mother],
    ['father', facts.father],
  ] as const) {
    if (parent === undefined) continue;
    requireText(problems, `facts.${who}.fullName`, parent.fullName);
    requireYear(problems, `facts.${who}.birthYear`, parent.birthYear);
    requireText(problems, `facts.${who}.ethnicity`, parent.ethnicity);
    requireText(problems, `facts.${who}.nationality`, parent.nationality);
  }
  requireText(problems, 'facts.declarant.fullName', facts.declarant.fullName);
  requireText(problems, 'facts.declarant.idDocument', facts.declarant.idDocument);
}

function checkDeath(facts: DeathFacts, problems: Problems): void {
  const { deceased } = facts;
  requireText(problems, 'facts.deceased.fullName', deceased.fullName);
  if (!/^\d{4}$/.test(deceased.dateOfBirth)) {
    requireDate(problems, 'facts.deceased.dateOfBirth', deceased.dateOfBirth);
  }
  requireSex(problems, 'facts.deceased.sex', deceased.sex);
  requireText(problems, 'facts.deceased.ethnicity', deceased.ethnicity);
  requireText(problems, 'facts.deceased.nationality', deceased.nationality);
  optionalText(problems, 'facts.deceased.citizenId', deceased.citizenId);
  requireText(problems, 'facts.deceased.lastResidence', deceased.lastResidence);
  requireDate(problems, 'facts.died.date', facts.died.date);
  if (facts.died.time !== undefined && !/^(?:[01]\d|2[0-3]):[0-5]\d$/.test(facts.died.time)) {
    problems.push(`facts.died.time is not a time 'HH:MM'`);
  }
  requireText(problems, 'facts.placeOfDeath', facts.placeOfDeath);
  requireText(problems, 'facts.cause', facts.cause);
  if (facts.deathNotice !== undefined) {
    requireText(problems, 'facts.deathNotice.number', facts.deathNotice.number);
    requireDate(problems, 'facts.deathNotice.issuedOn', facts.deathNotice.issuedOn);
    requireText(problems, 'facts.deathNotice.issuedBy', facts.deathNotice.issuedBy);
  }
  requireText(problems, 'facts.declarant.fullName', facts.declarant.fullName);
  requireText(problems, 'facts.declarant.idDocument', facts.declarant.idDocument);
  requireText(problems, 'facts.declarant.relationship', facts.declarant.relationship);
}

function checkMarriage(facts: MarriageFacts, problems: Problems): void {
  for (const [who, spouse] of [
    ['husband', facts.husband],
    ['wife', facts.wife],
  ] as const) {
    requireText(problems, `facts.${who}.fullName`, spouse.fullName);
    requireDate(problems, `facts.${who}.dateOfBirth`, spouse.dateOfBirth);
    requireText(problems, `facts.${who}.ethnicity`, spouse.ethnicity);
    requireText(problems, `facts.${who}.nationality`, spouse.nationality);
    requireText(problems, `facts.${who}.residence`, spouse.residence);
    optionalText(problems, `facts.${who}.citizenId`, spouse.citizenId);
    optionalText(problems, `facts.${who}.idDocument`, spouse.idDocument);
  }
}
