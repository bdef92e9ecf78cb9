// Realistic data for the desk documents: Phường Hải Châu (Đà Nẵng, commune code 20242), a birth
// registration (TTHC 1.001193) filed on 26/11/2026 at 08:15 Vietnam time. Names, the bank
// account and the fee are illustrative. Builders take overrides, as STYLE.md asks.
import type {
  ApologyExtensionData,
  DossierSummary,
  HistoryEntry,
  IntakeRefusalData,
  Issuer,
  ProcessControlSlipData,
  ReceiptData,
  StopNoticeData,
  SupplementRequestData,
  TrackingBookData,
  TrackingBookRow,
} from '../src/documents/types.js';

export const haiChauCentre: Issuer = {
  parentName: 'UBND phường Hải Châu',
  name: 'Trung tâm Phục vụ\nhành chính công',
  fullName: 'Trung tâm Phục vụ hành chính công phường Hải Châu',
  placeName: 'Hải Châu',
  phone: '0236 3821 456',
};

export const haiChauCommittee: Issuer = {
  name: 'Ủy ban nhân dân\nphường Hải Châu',
  fullName: 'Ủy ban nhân dân phường Hải Châu',
  placeName: 'Hải Châu',
};

/** 08:15 on 26/11/2026 in Vietnam. */
export const RECEIVED_AT = '2026-11-26T01:15:00.000Z';
/** 16:30 the same day: birth registration is a same-day procedure, received before 15:00. */
export const DUE_AT = '2026-11-26T09:30:00.000Z';

export function buildDossier(overrides: Partial<DossierSummary> = {}): DossierSummary {
  return {
    code: '20242-261126-0007',
    procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
    applicant: {
      fullName: 'Nguyễn Thị Mai',
      honorific: 'Bà',
      citizenId: '048196001234',
      address: 'Số 12 đường Lê Lợi, phường Hải Châu, thành phố Đà Nẵng',
      phone: '0905 123 456',
      email: 'mai.nguyen@example.vn',
    },
    receivedAt: RECEIVED_AT,
    dueAt: DUE_AT,
    ...overrides,
  };
}

export function buildReceipt(overrides: Partial<ReceiptData> = {}): ReceiptData {
  return {
    issuer: haiChauCentre,
    number: '0007/GTN-TTPVHCC',
    issuedAt: RECEIVED_AT,
    dossier: buildDossier(),
    components: [
      { name: 'Tờ khai đăng ký khai sinh', form: 'original', copies: 1, received: true },
      { name: 'Giấy chứng sinh', form: 'original', copies: 1, received: true },
      {
        name: 'Văn bản xác nhận việc cư trú của cha, mẹ',
        form: 'from_data',
        copies: 0,
        received: true,
        note: 'tra cứu Cơ sở dữ liệu quốc gia về dân cư',
      },
      {
        name: 'Giấy chứng nhận kết hôn của cha, mẹ',
        form: 'copy',
        copies: 1,
        received: false,
        note: 'không bắt buộc khi có trong cơ sở dữ liệu hộ tịch',
      },
    ],
    sets: 1,
    processingTime: { value: 0, unit: 'same_day' },
    resultDelivery: 'Trung tâm Phục vụ hành chính công phường Hải Châu',
    // Registered after the 60-day limit, so the provincial fee applies (amount illustrative).
    fees: [{ name: 'Lệ phí đăng ký khai sinh (đăng ký quá hạn)', amountVnd: 8_000 }],
    trackingUrl: 'https://motcua.danang.gov.vn/tra-cuu/20242-261126-0007',
    bankTransfer: {
      bin: '970415',
      accountNumber: '113000012345',
      bankName: 'VietinBank - CN Đà Nẵng',
      accountName: 'UBND PHUONG HAI CHAU',
    },
    receivingOfficer: 'Trần Văn Hùng',
    trackingBookEntry: { book: '01/2026', entry: 7 },
    ...overrides,
  };
}

export function buildSupplementRequest(
  overrides: Partial<SupplementRequestData> = {},
): SupplementRequestData {
  return {
    issuer: haiChauCentre,
    number: '0003/BS-TTPVHCC',
    issuedAt: '2026-11-26T02:40:00.000Z',
    dossier: buildDossier(),
    items: [
      {
        name: 'Giấy chứng sinh',
        requirement: 'Bản chính do cơ sở y tế cấp; bản đã nộp là bản chụp.',
      },
      {
        name: 'Văn bản ủy quyền',
        requirement: 'Có chứng thực, vì người nộp không phải cha hoặc mẹ của trẻ.',
      },
    ],
    reason:
      'Hồ sơ chưa đủ giấy tờ theo quy định tại Điều 16 Luật Hộ tịch và Điều 9 Nghị định số 123/2015/NĐ-CP.',
    supplementDueAt: '2026-12-03T10:00:00.000Z',
    officer: 'Trần Văn Hùng',
    ...overrides,
  };
}

export function buildIntakeRefusal(overrides: Partial<IntakeRefusalData> = {}): IntakeRefusalData {
  return {
    issuer: haiChauCentre,
    number: '0002/TC-TTPVHCC',
    issuedAt: '2026-11-26T03:05:00.000Z',
    dossier: {
      procedure: { code: '1.001193', name: 'Đăng ký khai sinh' },
      applicant: buildDossier().applicant,
      receivedAt: '2026-11-26T03:00:00.000Z',
    },
    reasons: [
      'Trẻ đã được đăng ký khai sinh tại Ủy ban nhân dân xã Hòa Vang ngày 12/10/2026 (Số: 215, Quyển số: 01/2026).',
      'Yêu cầu đăng ký lại không thuộc trường hợp được đăng ký lại khai sinh theo Điều 24 Nghị định số 123/2015/NĐ-CP.',
    ],
    officer: 'Trần Văn Hùng',
    ...overrides,
  };
}

export function buildApologyExtension(
  overrides: Partial<ApologyExtensionData> = {},
): ApologyExtensionData {
  return {
    issuer: haiChauCommittee,
    number: '45/XL-UBND',
    issuedAt: '2026-11-26T08:50:00.000Z',
    dossier: buildDossier(),
    reason:
      'Cần xác minh thông tin nơi sinh của trẻ với Trung tâm Y tế khu vực Hải Châu; mạng kết nối Cơ sở dữ liệu hộ tịch điện tử bị gián đoạn trong buổi chiều.',
    newDueAt: '2026-11-27T09:30:00.000Z',
    signer: { title: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Minh Tuấn' },
    ...overrides,
  };
}

export function buildStopNotice(overrides: Partial<StopNoticeData> = {}): StopNoticeData {
  return {
    issuer: haiChauCommittee,
    number: '12/TB-UBND',
    issuedAt: '2026-11-30T02:00:00.000Z',
    dossier: buildDossier(),
    reason:
      'Kết quả xác minh cho thấy trẻ đã được đăng ký khai sinh tại cơ quan đăng ký hộ tịch khác; việc đăng ký khai sinh lần này không đủ điều kiện giải quyết.',
    legalBasis: 'Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ',
    handling:
      'Hồ sơ gốc và lệ phí đã nộp được trả lại cho người nộp tại Trung tâm Phục vụ hành chính công phường Hải Châu.',
    signer: { title: ['KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH'], name: 'Phạm Minh Tuấn' },
    recipients: ['Bà Nguyễn Thị Mai', 'Trung tâm Phục vụ hành chính công phường', 'Lưu: VT, HT'],
    ...overrides,
  };
}

export const history: readonly HistoryEntry[] = [
  {
    step: 'Tiếp nhận hồ sơ',
    from: 'Bà Nguyễn Thị Mai (người nộp hồ sơ)',
    to: 'Bộ phận Một cửa - Trần Văn Hùng',
    receivedAt: '2026-11-26T01:15:00.000Z',
    dueAt: '2026-11-26T01:45:00.000Z',
    doneAt: '2026-11-26T01:20:00.000Z',
  },
  {
    step: 'Thẩm định hồ sơ',
    from: 'Bộ phận Một cửa - Trần Văn Hùng',
    to: 'Công chức Tư pháp - Hộ tịch - Lê Thị Hoa',
    receivedAt: '2026-11-26T01:20:00.000Z',
    dueAt: '2026-11-26T04:00:00.000Z',
    doneAt: '2026-11-26T03:05:00.000Z',
  },
  {
    step: 'Phê duyệt, ký Giấy khai sinh',
    from: 'Công chức Tư pháp - Hộ tịch - Lê Thị Hoa',
    to: 'Phó Chủ tịch UBND phường - Phạm Minh Tuấn',
    receivedAt: '2026-11-26T03:05:00.000Z',
    dueAt: '2026-11-26T07:00:00.000Z',
    doneAt: '2026-11-26T07:40:00.000Z',
    note: 'Chờ kết nối CSDL hộ tịch',
  },
  {
    step: 'Trả kết quả',
    from: 'Công chức Tư pháp - Hộ tịch - Lê Thị Hoa',
    to: 'Bộ phận Một cửa - Trần Văn Hùng',
    receivedAt: '2026-11-26T07:45:00.000Z',
    dueAt: DUE_AT,
  },
];

export function buildControlSlip(
  overrides: Partial<ProcessControlSlipData> = {},
): ProcessControlSlipData {
  return {
    issuer: haiChauCentre,
    issuedAt: '2026-11-26T08:00:00.000Z',
    dossier: buildDossier(),
    history,
    ...overrides,
  };
}

const procedures = [
  { code: '1.001193', name: 'Đăng ký khai sinh' },
  { code: '1.000656', name: 'Đăng ký khai tử' },
  { code: '1.000894', name: 'Đăng ký kết hôn' },
  { code: '2.000635', name: 'Cấp bản sao trích lục hộ tịch' },
  { code: '1.001612', name: 'Đăng ký thường trú' },
] as const;

const people = [
  'Nguyễn Thị Mai',
  'Trần Văn Đức',
  'Lê Hoàng Yến',
  'Phạm Quốc Bảo',
  'Võ Thị Ánh Tuyết',
  'Huỳnh Ngọc Sơn',
  'Đặng Thùy Dương',
] as const;

const statuses = [
  'returned',
  'returned',
  'processing',
  'result_ready',
  'supplement_requested',
] as const;

// Office-hour arrival times (minutes after midnight, Vietnam time), five dossiers a day.
const arrivals = [7 * 60 + 40, 9 * 60 + 10, 10 * 60 + 30, 13 * 60 + 45, 15 * 60 + 20] as const;

/** `count` dossiers received from 23/11/2026 on, five a day. */
export function buildTrackingRows(count: number): TrackingBookRow[] {
  return Array.from({ length: count }, (_, i): TrackingBookRow => {
    const day = Math.floor(i / arrivals.length);
    const minutes = arrivals[i % arrivals.length] ?? arrivals[0];
    // 23/11/2026 00:00 in Vietnam is 22/11 17:00 UTC.
    const received = Date.parse('2026-11-22T17:00:00.000Z') + (day * 24 * 60 + minutes) * 60_000;
    const procedure = procedures[i % procedures.length] ?? procedures[0];
    const status = statuses[i % statuses.length] ?? 'returned';
    const due = received + 2 * 24 * 3600_000;
    // Every fourth returned dossier came back a day late.
    const returned =
      status === 'returned' ? received + (i % 4 === 0 ? 3 : 1) * 24 * 3600_000 : undefined;
    const date = `2611${String(23 + day).padStart(2, '0')}`;
    return {
      code: `20242-${date}-${String((i % arrivals.length) + 1).padStart(4, '0')}`,
      procedure,
      applicant: {
        fullName: people[i % people.length] ?? 'Nguyễn Thị Mai',
        address: `Số ${i + 3}, đường Trần Phú, phường Hải Châu`,
        phone: `0905 ${String(100 + i * 7)} ${String(200 + i)}`,
      },
      receivedAt: new Date(received).toISOString(),
      dueAt: new Date(due).toISOString(),
      ...(returned === undefined ? {} : { returnedAt: new Date(returned).toISOString() }),
      status,
    };
  });
}

export function buildTrackingBook(overrides: Partial<TrackingBookData> = {}): TrackingBookData {
  return {
    issuer: haiChauCentre,
    issuedAt: '2026-11-27T10:00:00.000Z',
    from: '2026-11-23',
    to: '2026-11-27',
    rows: buildTrackingRows(24),
    ...overrides,
  };
}
