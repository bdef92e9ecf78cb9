// The data the civil-status (hộ tịch) papers are printed from: plain values, like types.ts.
// What a register entry records (the facts) is kept apart from the paper that prints it, so
// that an original and a certified copy of the same entry carry the very same `facts` object.
// Dates of events are calendar dates, 'YYYY-MM-DD', as the register writes them; the instant a
// paper is issued is an `Instant`, which also dates the PDF.
import type { Instant, Issuer } from './types.js';

export const sexLabels = { male: 'Nam', female: 'Nữ' } as const;
export type Sex = keyof typeof sexLabels;

/** The entry in the register (Sổ đăng ký) the paper is printed from. */
export interface Registration {
  /** "Số": the entry's number in the book. */
  readonly number: number;
  /** "Quyển số": "01/2026". */
  readonly book: string;
  /** Ngày, tháng, năm đăng ký: 'YYYY-MM-DD'. */
  readonly registeredOn: string;
  /** Nơi đăng ký: "Ủy ban nhân dân phường Hải Châu, thành phố Đà Nẵng". */
  readonly placeName: string;
}

/** Who signs for the registering body. */
export interface CertificateSigner {
  /** Capacity in capitals; "\n" separates lines: "CHỦ TỊCH", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH". */
  readonly title: string;
  readonly name: string;
}

/** A QR code that opens the entry in the registry's verification service. */
export interface Verification {
  readonly qrText: string;
  /** Printed under the code; "Quét mã để kiểm tra tính xác thực" when not given. */
  readonly caption?: string;
}

/** What every civil-status paper has besides the facts it records. */
export interface CivilPaper {
  /** The body issuing the paper, at the top left. */
  readonly issuer: Issuer;
  /** When the paper is issued: the place-and-date line, and the PDF's creation date. */
  readonly issuedAt: Instant;
  readonly registration: Registration;
  readonly signer: CertificateSigner;
  /** Công chức tư pháp - hộ tịch who handled the entry; the column is left out when absent. */
  readonly officer?: { readonly name: string };
  /** "Ghi chú": "Đăng ký khai sinh quá hạn", corrections made to the entry. */
  readonly notes?: readonly string[];
  readonly verification?: Verification;
}

/** Someone who comes to the desk to declare an event, with the paper that identifies them. */
export interface Declarant {
  readonly fullName: string;
  /** Giấy tờ tùy thân: "Căn cước số 048196001234, cấp ngày 10/05/2021". */
  readonly idDocument: string;
}

/** A parent as the birth certificate describes them. */
export interface Parent {
  readonly fullName: string;
  readonly birthYear: number;
  /** Dân tộc: "Kinh". */
  readonly ethnicity: string;
  /** Quốc tịch: "Việt Nam". */
  readonly nationality: string;
  /** Nơi cư trú. */
  readonly residence: string;
}

/** What a birth registration records. */
export interface BirthFacts {
  readonly child: {
    /** Họ, chữ đệm, tên. */
    readonly fullName: string;
    /** 'YYYY-MM-DD'. */
    readonly dateOfBirth: string;
    readonly sex: Sex;
    readonly ethnicity: string;
    readonly nationality: string;
    /** Nơi sinh: "Bệnh viện Phụ sản - Nhi Đà Nẵng, phường Hải Châu, thành phố Đà Nẵng". */
    readonly placeOfBirth: string;
    /** Quê quán. */
    readonly hometown: string;
    /** Số định danh cá nhân; a blank line when it has not been issued yet. */
    readonly citizenId?: string;
  };
  /**
   * Either parent may be unknown (a father not established, a foundling): the section is then
   * printed with its labels and no values, as on the registry's own papers.
   */
  readonly mother?: Parent;
  readonly father?: Parent;
  /** Người đi khai sinh. */
  readonly declarant: Declarant;
}

/** What a death registration records. */
export interface DeathFacts {
  readonly deceased: {
    readonly fullName: string;
    /** 'YYYY-MM-DD', or 'YYYY' when only the year of birth is known. */
    readonly dateOfBirth: string;
    readonly sex: Sex;
    readonly ethnicity: string;
    readonly nationality: string;
    readonly citizenId?: string;
    /** Nơi cư trú cuối cùng. */
    readonly lastResidence: string;
  };
  /** Đã chết vào lúc: local date, and the time 'HH:MM' when it is known. */
  readonly died: { readonly date: string; readonly time?: string };
  /** Nơi chết. */
  readonly placeOfDeath: string;
  /** Nguyên nhân chết. */
  readonly cause: string;
  /** Giấy báo tử (or the paper that stands in for it), when one was issued. */
  readonly deathNotice?: {
    readonly number: string;
    /** 'YYYY-MM-DD'. */
    readonly issuedOn: string;
    readonly issuedBy: string;
  };
  /** Người đi khai tử, and how they are related to the deceased ("Con đẻ"). */
  readonly declarant: Declarant & { readonly relationship: string };
}

/** A spouse as the marriage certificate describes them. */
export interface Spouse {
  readonly fullName: string;
  /** 'YYYY-MM-DD'. */
  readonly dateOfBirth: string;
  readonly ethnicity: string;
  readonly nationality: string;
  readonly residence: string;
  /** Số định danh cá nhân, for a citizen. */
  readonly citizenId?: string;
  /** Giấy tờ tùy thân, e.g. a foreign spouse's passport: "Hộ chiếu số C1234567 (Hàn Quốc)". */
  readonly idDocument?: string;
}

/** What a marriage registration records. */
export interface MarriageFacts {
  readonly husband: Spouse;
  readonly wife: Spouse;
}

/** Giấy khai sinh (bản chính). */
export interface BirthCertificateData extends CivilPaper {
  readonly facts: BirthFacts;
}

/** Trích lục khai tử (bản chính). */
export interface DeathExtractData extends CivilPaper {
  readonly facts: DeathFacts;
}

/** Giấy chứng nhận kết hôn: one original for each spouse. */
export interface MarriageCertificateData extends CivilPaper {
  readonly facts: MarriageFacts;
}

/** An entry of one of the three registers, told apart by `kind`. */
export type CivilRecord =
  | { readonly kind: 'birth'; readonly facts: BirthFacts }
  | { readonly kind: 'death'; readonly facts: DeathFacts }
  | { readonly kind: 'marriage'; readonly facts: MarriageFacts };
export type CivilRecordKind = CivilRecord['kind'];

/** What a certified copy adds to the paper: how many, and the fee. */
export interface CopyIssue {
  /** How many copies were asked for, at least 1: one page each, "Bản sao số i/n". */
  readonly copies: number;
  /** Lệ phí per copy in VND (8.000 đồng/bản in most provinces); 0 when exempt. */
  readonly feePerCopyVnd: number;
}

/**
 * Bản sao trích lục: a certified copy of a register entry. `registration` is the entry copied;
 * `issuer`, `issuedAt` and `signer` are the copy's own; `notes` are the entry's.
 */
export type CertifiedCopyData = CivilPaper & CopyIssue & CivilRecord;
