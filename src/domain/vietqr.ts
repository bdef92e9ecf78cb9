// VietQR: the QR string a citizen scans with any Vietnamese banking app to pay a fee by bank
// transfer (NAPAS 24/7 inter-bank fund transfer). It is an EMVCo merchant-presented QR payload:
// a flat list of TLV fields (2-digit tag, 2-digit length, value) ending with a CRC.
//
//   00 02 "01"           payload format indicator
//   01 02 "11" | "12"    point of initiation: static (reusable) | dynamic (one payment, has 54)
//   38 ..                merchant account information, NAPAS template:
//        00 10 "A000000727"   NAPAS GUID
//        01 ..                beneficiary organisation: 00 06 acquirer BIN, 01 .. account/card
//        02 08 "QRIBFTTA"     service: transfer to account ("QRIBFTTC": to card)
//   53 03 "704"          currency, VND
//   54 ..                amount, integer VND (only in dynamic QRs)
//   58 02 "VN"           country
//   62 ..                additional data: 01 bill number, 08 purpose of transaction
//   63 04 XXXX           CRC-16/CCITT-FALSE over everything before it, "6304" included
//
// Checked against public VietQR libraries and the strings they publish (see vietqr.test.ts);
// the NAPAS specification itself is distributed to member banks only.
//
// Pure: builds and parses strings, no I/O. Bad input gets stable problem codes, like
// citizen-id.ts, so the boundary can explain every problem at once.

const NAPAS_GUID = 'A000000727';
const CURRENCY_VND = '704';
const COUNTRY_VN = 'VN';
const PAYLOAD_FORMAT = '01';

const TAG = {
  payloadFormat: '00',
  initiation: '01',
  merchantAccount: '38',
  currency: '53',
  amount: '54',
  country: '58',
  additionalData: '62',
  crc: '63',
} as const;

const MERCHANT_TAG = { guid: '00', beneficiary: '01', service: '02' } as const;
const BENEFICIARY_TAG = { bin: '00', account: '01' } as const;
const ADDITIONAL_TAG = { billNumber: '01', purpose: '08' } as const;

export const vietQrServices = {
  account: 'QRIBFTTA', // chuyển nhanh đến tài khoản
  card: 'QRIBFTTC', // chuyển nhanh đến thẻ
} as const;
export type VietQrService = keyof typeof vietQrServices;

const initiationCodes = { static: '11', dynamic: '12' } as const;
export type VietQrInitiation = keyof typeof initiationCodes;

/** EMVCo allows up to 25 characters for a bill number and a purpose; banks cut longer ones. */
export const VIETQR_TEXT_MAX = 25;
/** EMVCo: amount is at most 13 characters; VND has no minor unit, so 13 digits. */
export const VIETQR_AMOUNT_MAX = 9_999_999_999_999;

export interface VietQrInput {
  /** Acquirer BIN of the beneficiary's bank (mã BIN NAPAS), 6 digits, e.g. "970415". */
  readonly bin: string;
  /** Account number (or card number for `service: 'card'`): 1–19 ASCII letters or digits. */
  readonly accountNumber: string;
  /** Defaults to 'account'. */
  readonly service?: VietQrService;
  /**
   * Integer VND. With an amount the QR is dynamic (12) and the payer's app fills it in;
   * without, it is static (11) and the payer types it.
   */
  readonly amount?: number;
  /** Purpose of transaction (nội dung chuyển khoản). Vietnamese is folded to ASCII. */
  readonly purpose?: string;
  /** Bill number (số hóa đơn / mã tham chiếu). Folded like the purpose. */
  readonly billNumber?: string;
}

export type VietQrField = 'purpose' | 'billNumber';

/** Why an input was refused. Stable codes: the boundary and the i18n catalogue key on them. */
export type VietQrProblem =
  | { readonly code: 'bin_format' }
  | { readonly code: 'account_format' }
  | { readonly code: 'amount_invalid' }
  | { readonly code: 'text_not_ascii'; readonly field: VietQrField; readonly character: string }
  | {
      readonly code: 'text_too_long';
      readonly field: VietQrField;
      readonly length: number;
      readonly max: number;
    };

export type VietQrProblemCode = VietQrProblem['code'];
export const VIETQR_PROBLEM_CODES = [
  'bin_format',
  'account_format',
  'amount_invalid',
  'text_not_ascii',
  'text_too_long',
] as const satisfies readonly VietQrProblemCode[];

export type VietQrBuildResult =
  | { readonly ok: true; readonly payload: string }
  | { readonly ok: false; readonly problems: readonly VietQrProblem[] };

const SIX_DIGITS = /^[0-9]{6}$/;
const ACCOUNT = /^[0-9A-Za-z]{1,19}$/;
// EMVCo "ans": printable ASCII, space included.
const PRINTABLE_ASCII = /^[\x20-\x7E]*$/;
const NOT_PRINTABLE_ASCII = /[^\x20-\x7E]/u;

/**
 * Builds the payload. Every independent problem is reported at once. The purpose and bill
 * number are folded to ASCII first ("Lệ phí hộ tịch" → "Le phi ho tich"), since banking apps
 * show the bytes as they are and many reject anything else.
 */
export function buildVietQr(input: VietQrInput): VietQrBuildResult {
  const problems: VietQrProblem[] = [];
  if (!SIX_DIGITS.test(input.bin)) problems.push({ code: 'bin_format' });
  if (!ACCOUNT.test(input.accountNumber)) problems.push({ code: 'account_format' });
  if (input.amount !== undefined && !validAmount(input.amount)) {
    problems.push({ code: 'amount_invalid' });
  }
  const purpose = checkText('purpose', input.purpose, problems);
  const billNumber = checkText('billNumber', input.billNumber, problems);
  if (problems.length > 0) return { ok: false, problems };

  const beneficiary =
    tlv(BENEFICIARY_TAG.bin, input.bin) + tlv(BENEFICIARY_TAG.account, input.accountNumber);
  const merchantAccount =
    tlv(MERCHANT_TAG.guid, NAPAS_GUID) +
    tlv(MERCHANT_TAG.beneficiary, beneficiary) +
    tlv(MERCHANT_TAG.service, vietQrServices[input.service ?? 'account']);
  // Sub-fields in ascending tag order, as EMVCo lists them and the published examples show.
  const additional =
    (billNumber === undefined ? '' : tlv(ADDITIONAL_TAG.billNumber, billNumber)) +
    (purpose === undefined ? '' : tlv(ADDITIONAL_TAG.purpose, purpose));

  const body =
    tlv(TAG.payloadFormat, PAYLOAD_FORMAT) +
    tlv(TAG.initiation, initiationCodes[input.amount === undefined ? 'static' : 'dynamic']) +
    tlv(TAG.merchantAccount, merchantAccount) +
    tlv(TAG.currency, CURRENCY_VND) +
    (input.amount === undefined ? '' : tlv(TAG.amount, String(input.amount))) +
    tlv(TAG.country, COUNTRY_VN) +
    (additional === '' ? '' : tlv(TAG.additionalData, additional)) +
    TAG.crc +
    '04';
  return { ok: true, payload: body + formatCrc(crc16CcittFalse(body)) };
}

/** What a payload says, read back. Optional fields are absent when the payload lacks them. */
export interface VietQrFields {
  readonly initiation: VietQrInitiation;
  readonly bin: string;
  readonly accountNumber: string;
  readonly service: VietQrService;
  readonly amount?: number;
  readonly purpose?: string;
  readonly billNumber?: string;
}

/** Why a payload could not be read. */
export type VietQrParseProblem =
  | { readonly code: 'not_ascii' }
  /** A TLV field runs past the end or has a non-numeric tag or length; `at` is its offset. */
  | { readonly code: 'malformed'; readonly at: number }
  | { readonly code: 'duplicate_tag'; readonly tag: string }
  | { readonly code: 'crc_missing' }
  | { readonly code: 'crc_mismatch'; readonly expected: string; readonly actual: string }
  | { readonly code: 'missing_field'; readonly tag: string }
  | { readonly code: 'invalid_field'; readonly tag: string }
  /** The merchant account template is not NAPAS's (another scheme's QR). */
  | { readonly code: 'not_vietqr' };

export type VietQrParseProblemCode = VietQrParseProblem['code'];
export const VIETQR_PARSE_PROBLEM_CODES = [
  'not_ascii',
  'malformed',
  'duplicate_tag',
  'crc_missing',
  'crc_mismatch',
  'missing_field',
  'invalid_field',
  'not_vietqr',
] as const satisfies readonly VietQrParseProblemCode[];

export type VietQrParseResult =
  | { readonly ok: true; readonly fields: VietQrFields }
  | { readonly ok: false; readonly problem: VietQrParseProblem };

/**
 * Reads a NAPAS bank-transfer payload and checks its CRC. Tags this module does not use
 * (merchant name, city, other templates) are skipped; the ones it uses must be well formed.
 * The first problem found is returned: a payload is machine-made, so one reason is enough.
 * Sub-tags are read with nested tag paths such as "38.01.00" in problems.
 */
export function parseVietQr(payload: string): VietQrParseResult {
  if (!PRINTABLE_ASCII.test(payload)) return fail({ code: 'not_ascii' });

  const root = readTlv(payload, 0);
  if ('problem' in root) return fail(root.problem);
  const last = root.fields.at(-1);
  if (last?.tag !== TAG.crc || last.value.length !== 4) return fail({ code: 'crc_missing' });
  const signed = payload.slice(0, payload.length - 4);
  const expected = formatCrc(crc16CcittFalse(signed));
  // Some generators write the CRC in lowercase; the value is what matters.
  if (last.value.toUpperCase() !== expected) {
    return fail({ code: 'crc_mismatch', expected, actual: last.value });
  }

  const fields = toMap(root.fields, '');
  if ('problem' in fields) return fail(fields.problem);
  const get = (tag: string): string | undefined => fields.map.get(tag);

  if (root.fields[0]?.tag !== TAG.payloadFormat) return fail(missing(TAG.payloadFormat));
  if (get(TAG.payloadFormat) !== PAYLOAD_FORMAT) return fail(invalid(TAG.payloadFormat));

  const merchantRaw = get(TAG.merchantAccount);
  if (merchantRaw === undefined) return fail(missing(TAG.merchantAccount));
  const merchant = readTemplate(merchantRaw, TAG.merchantAccount);
  if ('problem' in merchant) return fail(merchant.problem);
  if (merchant.map.get(MERCHANT_TAG.guid) !== NAPAS_GUID) return fail({ code: 'not_vietqr' });

  const beneficiaryTag = `${TAG.merchantAccount}.${MERCHANT_TAG.beneficiary}`;
  const beneficiaryRaw = merchant.map.get(MERCHANT_TAG.beneficiary);
  if (beneficiaryRaw === undefined) return fail(missing(beneficiaryTag));
  const beneficiary = readTemplate(beneficiaryRaw, beneficiaryTag);
  if ('problem' in beneficiary) return fail(beneficiary.problem);
  const bin = beneficiary.map.get(BENEFICIARY_TAG.bin);
  if (bin === undefined) return fail(missing(`${beneficiaryTag}.${BENEFICIARY_TAG.bin}`));
  if (!SIX_DIGITS.test(bin)) return fail(invalid(`${beneficiaryTag}.${BENEFICIARY_TAG.bin}`));
  const accountNumber = beneficiary.map.get(BENEFICIARY_TAG.account);
  const accountTag = `${beneficiaryTag}.${BENEFICIARY_TAG.account}`;
  if (accountNumber === undefined) return fail(missing(accountTag));
  if (!ACCOUNT.test(accountNumber)) return fail(invalid(accountTag));

  const serviceTag = `${TAG.merchantAccount}.${MERCHANT_TAG.service}`;
  const serviceCode = merchant.map.get(MERCHANT_TAG.service);
  if (serviceCode === undefined) return fail(missing(serviceTag));
  const service = serviceOf(serviceCode);
  if (service === undefined) return fail(invalid(serviceTag));

  if (get(TAG.currency) === undefined) return fail(missing(TAG.currency));
  if (get(TAG.currency) !== CURRENCY_VND) return fail(invalid(TAG.currency));
  if (get(TAG.country) === undefined) return fail(missing(TAG.country));
  if (get(TAG.country) !== COUNTRY_VN) return fail(invalid(TAG.country));

  const amountRaw = get(TAG.amount);
  let amount: number | undefined;
  if (amountRaw !== undefined) {
    amount = /^[0-9]{1,13}$/.test(amountRaw) ? Number(amountRaw) : NaN;
    if (!validAmount(amount)) return fail(invalid(TAG.amount));
  }

  // Absent 01 means static under EMVCo; a dynamic QR without an amount is still readable.
  const initiationRaw = get(TAG.initiation);
  let initiation: VietQrInitiation = 'static';
  if (initiationRaw !== undefined) {
    if (initiationRaw === initiationCodes.dynamic) initiation = 'dynamic';
    else if (initiationRaw !== initiationCodes.static) return fail(invalid(TAG.initiation));
  }

  let purpose: string | undefined;
  let billNumber: string | undefined;
  const additionalRaw = get(TAG.additionalData);
  if (additionalRaw !== undefined) {
    const additional = readTemplate(additionalRaw, TAG.additionalData);
    if ('problem' in additional) return fail(additional.problem);
    purpose = additional.map.get(ADDITIONAL_TAG.purpose);
    billNumber = additional.map.get(ADDITIONAL_TAG.billNumber);
  }

  return {
    ok: true,
    fields: {
      initiation,
      bin,
      accountNumber,
      service,
      ...(amount === undefined ? {} : { amount }),
      ...(purpose === undefined ? {} : { purpose }),
      ...(billNumber === undefined ? {} : { billNumber }),
    },
  };
}

/**
 * Folds Vietnamese to ASCII for a bank transfer's free text, keeping case: tones and vowel
 * marks go, đ/Đ become d/D. Unlike foldVietnamese (text-fold.ts), which lowercases for search,
 * this keeps the text readable on the payer's screen. Characters with no ASCII form stay, so
 * that the check after folding can refuse them by name.
 */
export function foldToAscii(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/[đð]/g, 'd').replace(/[ĐÐ]/g, 'D');
}

/** CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF, no reflection, no final XOR) of the UTF-8 bytes. */
export function crc16CcittFalse(text: string): number {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc;
}

function formatCrc(crc: number): string {
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function validAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0 && amount <= VIETQR_AMOUNT_MAX;
}

function checkText(
  field: VietQrField,
  value: string | undefined,
  problems: VietQrProblem[],
): string | undefined {
  // An empty text is the same as none: EMVCo has no zero-length fields.
  if (value === undefined || value === '') return undefined;
  const folded = foldToAscii(value);
  const bad = NOT_PRINTABLE_ASCII.exec(folded);
  if (bad !== null) problems.push({ code: 'text_not_ascii', field, character: bad[0] });
  if (folded.length > VIETQR_TEXT_MAX) {
    problems.push({ code: 'text_too_long', field, length: folded.length, max: VIETQR_TEXT_MAX });
  }
  return folded;
}

function tlv(tag: string, value: string): string {
  // Callers keep every value within 99 characters (the longest, tag 38, is at most 63).
  return tag + String(value.length).padStart(2, '0') + value;
}

interface Tlv {
  readonly tag: string;
  readonly value: string;
}

type TlvRead = { readonly fields: readonly Tlv[] } | { readonly problem: VietQrParseProblem };

function readTlv(text: string, offset: number): TlvRead {
  const fields: Tlv[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^[0-9]{4}$/.test(head)) return { problem: { code: 'malformed', at: offset + at } };
    const length = Number(head.slice(2));
    if (length === 0 || at + 4 + length > text.length) {
      return { problem: { code: 'malformed', at: offset + at } };
    }
    fields.push({ tag: head.slice(0, 2), value: text.slice(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return { fields };
}

type TemplateRead =
  { readonly map: ReadonlyMap<string, string> } | { readonly problem: VietQrParseProblem };

function readTemplate(text: string, path: string): TemplateRead {
  // Offsets inside a template are not meaningful to a reader; report the template's path.
  const read = readTlv(text, 0);
  if ('problem' in read) return { problem: invalid(path) };
  return toMap(read.fields, `${path}.`);
}

function toMap(fields: readonly Tlv[], prefix: string): TemplateRead {
  const map = new Map<string, string>();
  for (const field of fields) {
    if (map.has(field.tag)) return { problem: { code: 'duplicate_tag', tag: prefix + field.tag } };
    map.set(field.tag, field.value);
  }
  return { map };
}

function serviceOf(code: string): VietQrService | undefined {
  if (code === vietQrServices.account) return 'account';
  if (code === vietQrServices.card) return 'card';
  return undefined;
}

function missing(tag: string): VietQrParseProblem {
  return { code: 'missing_field', tag };
}

function invalid(tag: string): VietQrParseProblem {
  return { code: 'invalid_field', tag };
}

function fail(problem: VietQrParseProblem): VietQrParseResult {
  return { ok: false, problem };
}
