// The data each desk document is printed from: plain values, no database or event types. The
// application layer maps a dossier and its history onto these, so the documents can be
// rendered (and tested) from a literal. Text is printed as given, in Vietnamese.
import type { DossierStatus } from '../domain/dossier-status.js';
import type { ProcessingTime } from '../domain/processing-time.js';
import type { VietQrService } from '../domain/vietqr.js';
import type { Instant } from './vietnam-time.js';

export type { Instant } from './vietnam-time.js';

/** The body issuing the document: the two lines at the top left, and its names in the text. */
export interface Issuer {
  /**
   * Governing body, a first line in capitals: "UBND phường Hải Châu" above the centre. Absent
   * for a People's Committee itself, whose name stands alone.
   */
  readonly parentName?: string;
  /**
   * The unit, in bold capitals: "Trung tâm Phục vụ hành chính công". A "\n" chooses where a
   * long name breaks: "Ủy ban nhân dân\nphường Hải Châu".
   */
  readonly name: string;
  /** How the text names it: "Trung tâm Phục vụ hành chính công phường Hải Châu". */
  readonly fullName: string;
  /** Place on the date line: "Hải Châu" → "Hải Châu, ngày 26 tháng 11 năm 2026". */
  readonly placeName: string;
  /** Number citizens call with questions, where the form prints one. */
  readonly phone?: string;
}

/** What every document has at the top. */
export interface DocumentHeader {
  readonly issuer: Issuer;
  /** The document's own number, printed as "Số: {number}", e.g. "125/TB-TTPVHCC". */
  readonly number?: string;
  /** When it is issued: the date line, and the PDF's creation date (so renders repeat). */
  readonly issuedAt: Instant;
}

export interface Procedure {
  /** Code in the national catalogue, e.g. "1.001193". */
  readonly code: string;
  readonly name: string;
}

export interface Applicant {
  readonly fullName: string;
  /** "Ông" or "Bà" before the name; "Ông/Bà" when not given. */
  readonly honorific?: 'Ông' | 'Bà';
  /** Số định danh cá nhân (12 digits). */
  readonly citizenId?: string;
  readonly address?: string;
  readonly phone?: string;
  readonly email?: string;
}

export interface DossierSummary {
  /** Mã hồ sơ, e.g. "20242-261126-0007". */
  readonly code: string;
  readonly procedure: Procedure;
  readonly applicant: Applicant;
  readonly receivedAt: Instant;
  /** The appointment for the result (ngày hẹn trả). */
  readonly dueAt: Instant;
}

/** How a paper was handed in (hình thức). */
export const componentForms = {
  original: 'Bản chính',
  certified_copy: 'Bản sao có chứng thực',
  copy: 'Bản sao',
  electronic: 'Bản điện tử',
  // Decree 118 and NQ 66.7/2025: data the desk reads from a national database replaces paper.
  from_data: 'Khai thác từ cơ sở dữ liệu',
} as const;
export type ComponentForm = keyof typeof componentForms;

/** One paper of the dossier (thành phần hồ sơ). */
export interface DossierComponent {
  readonly name: string;
  readonly form: ComponentForm;
  readonly copies: number;
  readonly received: boolean;
  readonly note?: string;
}

export interface FeeLine {
  /** "Lệ phí đăng ký khai sinh". */
  readonly name: string;
  /** Integer VND after any exemption; 0 when exempt. */
  readonly amountVnd: number;
  /** Why nothing or less is due: "Đăng ký đúng hạn (Luật Hộ tịch, Điều 11)". */
  readonly exemptBy?: string;
}

/** The unit's bank account, for the VietQR code that pays a fee. */
export interface BankTransfer {
  /** Acquirer BIN, 6 digits. */
  readonly bin: string;
  readonly accountNumber: string;
  readonly service?: VietQrService;
  /** As printed beside the code: "Vietinbank — CN Đà Nẵng". */
  readonly bankName: string;
  /** Account holder as the bank shows it: "UBND PHUONG HAI CHAU". */
  readonly accountName: string;
}

/** Who signs a letter: capacity lines in capitals, then the name. */
export interface Signer {
  /** e.g. ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] or ["GIÁM ĐỐC"]. */
  readonly title: readonly string[];
  readonly name: string;
}

/** 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả. */
export interface ReceiptData extends DocumentHeader {
  readonly dossier: DossierSummary;
  readonly components: readonly DossierComponent[];
  /** Number of sets of papers (số lượng hồ sơ), usually 1. */
  readonly sets: number;
  /** The processing time the catalogue states for the procedure. */
  readonly processingTime: ProcessingTime;
  /** Where the result is handed over: the centre, or "Qua dịch vụ bưu chính công ích: …". */
  readonly resultDelivery: string;
  readonly fees: readonly FeeLine[];
  /** Page where the citizen follows the dossier; printed as a QR code and as text. */
  readonly trackingUrl: string;
  /** Where a fee can be paid by transfer; null for cash only. Unused when nothing is due. */
  readonly bankTransfer: BankTransfer | null;
  readonly receivingOfficer: string;
  /** "Vào Sổ theo dõi hồ sơ, Quyển số …, Số thứ tự …". */
  readonly trackingBookEntry?: { readonly book: string; readonly entry: number };
  /**
   * Filed online and not yet accepted by the desk: the time is the filing's, and the result
   * date is the one due if the desk accepts it as filed (the clock starts at acceptance).
   */
  readonly awaitingAcceptance?: boolean;
}

/** One thing the applicant must add or correct. */
export interface SupplementItem {
  readonly name: string;
  /** What exactly is needed: "Bản chính, có xác nhận của cơ sở y tế". */
  readonly requirement: string;
}

/** 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ. */
export interface SupplementRequestData extends DocumentHeader {
  readonly dossier: DossierSummary;
  readonly items: readonly SupplementItem[];
  readonly reason: string;
  /** By when the applicant should hand the papers in, if the procedure sets a limit. */
  readonly supplementDueAt?: Instant;
  /** The officer who guides the applicant (người hướng dẫn). */
  readonly officer: string;
}

/** 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ. */
export interface IntakeRefusalData extends DocumentHeader {
  /** An intake refusal can happen before a code exists (in person), so the code is optional. */
  readonly dossier: Omit<DossierSummary, 'code' | 'dueAt'> & { readonly code?: string };
  readonly reasons: readonly string[];
  readonly officer: string;
}

/**
 * 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (called "Phiếu xin lỗi và hẹn lại
 * ngày trả kết quả" before Circular 03/2025/TT-VPCP).
 */
export interface ApologyExtensionData extends DocumentHeader {
  /** `dueAt` is the original appointment. */
  readonly dossier: DossierSummary;
  readonly reason: string;
  readonly newDueAt: Instant;
  readonly signer: Signer;
  /** "Nơi nhận" lines; "Như trên" and "Lưu: VT" when not given. */
  readonly recipients?: readonly string[];
}

/** 05 Thông báo dừng giải quyết hồ sơ. */
export interface StopNoticeData extends DocumentHeader {
  readonly dossier: DossierSummary;
  readonly reason: string;
  /** The rule relied on, e.g. "khoản 2 Điều 19 Nghị định số 118/2025/NĐ-CP". */
  readonly legalBasis?: string;
  /** What happens to the papers and fees: "Hồ sơ gốc được trả lại tại …". */
  readonly handling?: string;
  readonly signer: Signer;
  readonly recipients?: readonly string[];
}

/** One hand-over in a dossier's history. */
export interface HistoryEntry {
  /** "Tiếp nhận hồ sơ", "Thẩm định", "Phê duyệt", "Trả kết quả". */
  readonly step: string;
  /** Who handed it over (unit or person): "Bộ phận Một cửa — Trần Văn Hùng". */
  readonly from: string;
  readonly to: string;
  readonly receivedAt: Instant;
  /** The step's own deadline, when it has one. */
  readonly dueAt?: Instant;
  /** Absent while the step is still open. */
  readonly doneAt?: Instant;
  readonly note?: string;
}

/** 06 Phiếu kiểm soát quá trình giải quyết hồ sơ. */
export interface ProcessControlSlipData extends DocumentHeader {
  readonly dossier: DossierSummary;
  readonly history: readonly HistoryEntry[];
}

export interface TrackingBookRow {
  readonly code: string;
  readonly procedure: Procedure;
  readonly applicant: Pick<Applicant, 'fullName' | 'address' | 'phone'>;
  readonly receivedAt: Instant;
  readonly dueAt: Instant;
  readonly returnedAt?: Instant;
  readonly status: DossierStatus;
  readonly note?: string;
}

/** 07 Sổ theo dõi hồ sơ, for a range of local dates (both ends included). */
export interface TrackingBookData extends DocumentHeader {
  /** 'YYYY-MM-DD', Vietnam dates. */
  readonly from: string;
  readonly to: string;
  readonly rows: readonly TrackingBookRow[];
}
