// The seal in the QR code of a civil-status certificate (giấy khai sinh, trích lục khai tử, giấy
// chứng nhận kết hôn, and the certified copies issued from the register — bản sao): the main facts
// of the record, signed by the unit that issued it, checkable fully offline.
//
// Trust is a chain of two links. The province (hub) certifies each unit's Ed25519 signing key
// with its own key (a UnitKeyCertificate); the unit signs the facts and embeds its certificate.
// A verifier therefore needs only the province public keys, plus the revoked unit keys and the
// revoked certificates (passed in): no network, no copy of the register.
//
// Binary layout, version 1. Integers are big-endian; "varint" is unsigned LEB128 in its shortest
// form; every field is checked on decoding and anything else (a byte too many or too few, a
// reserved bit set, a longer-than-needed varint, bad UTF-8, text not in NFC, an impossible date)
// is malformed, so one set of facts has exactly one encoding.
//
//   1   version = 1 (2–15 are future versions; 0 and 16–255 are not a seal at all)
//   1   flags: bits 0–1 kind (0 birth, 1 death, 2 marriage), bit 2 certified copy,
//       bit 3 female (birth only), bits 4–7 zero
//   16  record id (the UUID's bytes)
//   v   serial (varint, 1–9 999)
//   3   unit code: 0–99 999 a five-digit commune code, 100 000 + n the two-digit province code n
//   t   book (quyển số), e.g. "01/2026"
//   v   number in the book (varint, 1–9 999 999)
//   3   registered on        dates: year × 512 + month × 32 + day; day 0 = only the month is
//   3   issued on            known, month 0 and day 0 = only the year (partial dates only)
//   ..  birth:    t child, 3 date of birth, t mother (or absent), t father (or absent)
//       death:    t deceased, 3 date of birth (partial), 3 date of death (partial)
//       marriage: t husband, 3 his date of birth, t wife, 3 her date of birth (partial)
//   110 unit key certificate: 3 unit code, 32 raw Ed25519 public key, 3 valid from,
//       8 province key id, 64 province signature of "motcua-unit-key-v1\n" ‖ those 46 bytes
//   64  unit signature of "motcua-seal-v1\n" ‖ every byte above
//
// A text field "t" is a varint h followed by the bytes: h = 2 × length + 1 for UTF-8, 2 × length
// for VISCII (RFC 1456, the 8-bit Vietnamese code page: every Vietnamese letter in one byte, so
// "Nguyễn Thị Ánh Dương" takes 20 bytes rather than 27). Text that VISCII can carry must be in
// VISCII; h = 0 is an absent optional name. The whole is written base64url without padding.
//
// Size: the crypto alone (key, two signatures, key id) is 168 bytes, the rest about 50 plus the
// names; a birth certificate with three long names (~80 letters) is about 400 characters.
import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import type { Sex } from './citizen-id.js';
import { keyIdOf } from './sync-protocol.js';
import { tryEpochDay } from './working-calendar.js';

export const SEAL_VERSION = 1;

/** Longest name, in UTF-8 bytes. */
export const SEAL_NAME_MAX_BYTES = 200;
/** Longest book label, in UTF-8 bytes. */
export const SEAL_BOOK_MAX_BYTES = 40;
export const SEAL_SERIAL_MAX = 9_999;
export const SEAL_NUMBER_MAX = 9_999_999;
/** Longest text `verifySeal` reads at all; real seals are under 600 characters. */
export const SEAL_TEXT_MAX = 2_000;

export const sealKinds = ['birth', 'death', 'marriage'] as const;
export type SealKind = (typeof sealKinds)[number];

/** 'YYYY-MM-DD', or 'YYYY-MM' or 'YYYY' where the register holds only the month or the year. */
export type PartialDate = string;

interface SealRecordFacts {
  /** The civil-status record (UUID); decoded in lower case. */
  readonly recordId: string;
  /** 1 for the record's first certificate, one more at each re-issue after a correction. */
  readonly serial: number;
  /** A certified copy issued from the register (bản sao) rather than the original. */
  readonly isCopy: boolean;
  /** The unit that holds the register: five digits, or two for the province. */
  readonly unitCode: string;
  /** Quyển số, e.g. '01/2026'. */
  readonly book: string;
  /** Số: the entry's number in the book. */
  readonly number: number;
  readonly registeredOn: string;
  readonly issuedOn: string;
}

export interface BirthSealFacts extends SealRecordFacts {
  readonly kind: 'birth';
  readonly childFullName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  /** Absent when the parent is unknown (a foundling has neither). */
  readonly motherFullName?: string;
  readonly fatherFullName?: string;
}

export interface DeathSealFacts extends SealRecordFacts {
  readonly kind: 'death';
  readonly deceasedFullName: string;
  readonly dateOfBirth: PartialDate;
  readonly dateOfDeath: PartialDate;
}

export interface MarriageSealFacts extends SealRecordFacts {
  readonly kind: 'marriage';
  readonly husbandFullName: string;
  readonly husbandDateOfBirth: PartialDate;
  readonly wifeFullName: string;
  readonly wifeDateOfBirth: PartialDate;
}

export type SealFacts = BirthSealFacts | DeathSealFacts | MarriageSealFacts;

/** The province's statement that a unit's key may seal certificates from `validFrom` on. */
export interface UnitKeyCertificate {
  readonly unitCode: string;
  /** Raw Ed25519 public key, 32 bytes. */
  readonly publicKey: Uint8Array;
  /** First day the key may seal (an issuedOn before it is refused), 'YYYY-MM-DD'. */
  readonly validFrom: string;
  /** The first 16 hex digits of the province key's id (`ed25519KeyId`). */
  readonly provinceKeyId: string;
  /** The province's Ed25519 signature, 64 bytes. */
  readonly signature: Uint8Array;
}

/** A unit's key as it seals: the private key and the province's certificate of its public half. */
export interface UnitSealingKey {
  readonly privateKey: KeyObject;
  readonly certificate: UnitKeyCertificate;
}

/** A public Ed25519 key, as a KeyObject or its raw 32 bytes. */
export type Ed25519PublicKey = KeyObject | Uint8Array;

export interface SealTrust {
  /** The province keys to trust; their ids are computed here, so they cannot disagree. */
  readonly provinceKeys: readonly Ed25519PublicKey[];
  /** Ids (`ed25519KeyId`) of unit keys withdrawn by the province: nothing they sealed verifies. */
  readonly revokedUnitKeys?: ReadonlySet<string>;
  /** `${recordId}:${serial}` for one certificate, or `recordId` for all of a record's. */
  readonly revokedCertificates?: ReadonlySet<string>;
  /** The verifier's date ('YYYY-MM-DD', Vietnam): a seal issued after it is not yet valid. */
  readonly today?: string;
}

/** Why a seal does not verify, in the order they are checked. */
export const sealRefusalReasons = [
  'malformed', // not a seal, cut short, with bytes too many, or not in the canonical encoding
  'unsupported_version', // a later version of this format
  'unknown_province_key', // the unit's key is certified by a province key not in the trust list
  'bad_unit_certificate', // the province's signature on the unit's key does not match
  'bad_signature', // the unit's signature on the facts does not match: they were altered
  'unit_key_revoked',
  'unit_mismatch', // the facts name a unit other than the one the key is certified for
  'not_yet_valid', // issued before the key's validFrom, or after `today`
  'certificate_revoked', // this certificate (or every certificate of the record) was withdrawn
] as const;
export type SealRefusalReason = (typeof sealRefusalReasons)[number];

export type SealVerification =
  | {
      readonly ok: true;
      readonly facts: SealFacts;
      readonly unitCode: string;
      /** Id of the unit key that signed (`ed25519KeyId`). */
      readonly keyId: string;
      readonly certificate: UnitKeyCertificate;
    }
  | {
      readonly ok: false;
      readonly reason: SealRefusalReason;
      /** What the seal claims, when it could be decoded: to show, never to trust. */
      readonly facts?: SealFacts;
    };

// ---------------------------------------------------------------------------------------------
// Keys

// An Ed25519 SubjectPublicKeyInfo is this fixed 12-byte header followed by the raw key (RFC 8410).
const ED25519_SPKI_HEADER = Buffer.from('302a300506032b6570032100', 'hex');
const ED25519_KEY_BYTES = 32;
const ED25519_SIGNATURE_BYTES = 64;
const PROVINCE_KEY_ID_BYTES = 8;

/** The raw 32 bytes of an Ed25519 public key (or of the public half of a private key). */
export function rawEd25519PublicKey(key: Ed25519PublicKey): Uint8Array {
  if (key instanceof Uint8Array) {
    if (key.length !== ED25519_KEY_BYTES) throw new RangeError('an Ed25519 key has 32 bytes');
    return Uint8Array.from(key);
  }
  if (key.asymmetricKeyType !== 'ed25519') throw new TypeError('not an Ed25519 key');
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  const der = publicKey.export({ type: 'spki', format: 'der' });
  if (der.length !== ED25519_SPKI_HEADER.length + ED25519_KEY_BYTES) {
    throw new TypeError('unexpected Ed25519 SPKI encoding');
  }
  return Uint8Array.from(der.subarray(ED25519_SPKI_HEADER.length));
}

/** A KeyObject for raw Ed25519 public key bytes. */
export function ed25519PublicKeyFromRaw(raw: Uint8Array): KeyObject {
  if (raw.length !== ED25519_KEY_BYTES) throw new RangeError('an Ed25519 key has 32 bytes');
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_HEADER, raw]),
    format: 'der',
    type: 'spki',
  });
}

/** The key's id as everywhere in Một Cửa (`keyIdOf` its SPKI DER): 32 hex digits. */
export function ed25519KeyId(key: Ed25519PublicKey): string {
  return keyIdOf(Buffer.concat([ED25519_SPKI_HEADER, rawEd25519PublicKey(key)]));
}

function provinceKeyIdOf(key: Ed25519PublicKey): string {
  return ed25519KeyId(key).slice(0, PROVINCE_KEY_ID_BYTES * 2);
}

function privateEd25519(key: KeyObject, what: string): KeyObject {
  if (key.type !== 'private' || key.asymmetricKeyType !== 'ed25519') {
    throw new TypeError(`${what} must be an Ed25519 private key`);
  }
  return key;
}

// ---------------------------------------------------------------------------------------------
// Field rules, shared by sealing (a RangeError) and decoding (malformed)

const sexes: readonly unknown[] = ['male', 'female'] satisfies Sex[];
const unitCodePattern = /^(\d{2}|\d{5})$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const datePattern = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
// Words of visible characters separated by single spaces: no control or format characters
// (zero-width joiners, bidi marks), no lone surrogates, no other white space.
const textPattern = /^[^\s\p{Cc}\p{Cf}\p{Cs}\p{Co}]+(?: [^\s\p{Cc}\p{Cf}\p{Cs}\p{Co}]+)*$/u;
const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

interface DateParts {
  readonly year: number;
  readonly month: number; // 0: unknown
  readonly day: number; // 0: unknown
}

function dateParts(value: unknown, partial: boolean): DateParts | undefined {
  if (typeof value !== 'string') return undefined;
  const m = datePattern.exec(value);
  if (m === null) return undefined;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 0 : Number(m[2]);
  const day = m[3] === undefined ? 0 : Number(m[3]);
  if (year < 1) return undefined;
  if (day !== 0) return tryEpochDay(value) === undefined ? undefined : { year, month, day };
  if (!partial) return undefined;
  if (m[2] !== undefined && (month < 1 || month > 12)) return undefined;
  return { year, month, day };
}

/** Can `a` be on or before `b`? Partial dates compare at the coarser of the two precisions. */
function mayPrecede(a: string, b: string): boolean {
  const n = Math.min(a.length, b.length);
  return a.slice(0, n) <= b.slice(0, n);
}

function textProblem(field: string, value: unknown, maxBytes: number): string | undefined {
  if (typeof value !== 'string') return `${field} must be text`;
  if (!textPattern.test(value)) {
    return `${field} must be words separated by single spaces, with no control characters`;
  }
  if (value.normalize('NFC') !== value) return `${field} must be in Unicode NFC`;
  const bytes = utf8.encode(value).length;
  if (bytes > maxBytes) return `${field} is ${bytes} bytes long, over ${maxBytes}`;
  return undefined;
}

function integerProblem(field: string, value: unknown, max: number): string | undefined {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= max
    ? undefined
    : `${field} must be a whole number from 1 to ${max}`;
}

function dateProblem(field: string, value: unknown, partial: boolean): string | undefined {
  if (dateParts(value, partial) !== undefined) return undefined;
  return partial
    ? `${field} must be a real date YYYY-MM-DD, or YYYY-MM, or YYYY`
    : `${field} must be a real date YYYY-MM-DD`;
}

function unitCodeProblem(field: string, value: unknown): string | undefined {
  return typeof value === 'string' && unitCodePattern.test(value)
    ? undefined
    : `${field} must be 5 digits (a commune) or 2 (the province)`;
}

/** The first thing wrong with `facts`, or undefined. */
function factsProblem(facts: SealFacts): string | undefined {
  const common =
    (sealKinds.includes(facts.kind) ? undefined : `kind must be one of ${sealKinds.join(', ')}`) ??
    (typeof facts.recordId === 'string' && uuidPattern.test(facts.recordId)
      ? undefined
      : 'recordId must be a UUID') ??
    integerProblem('serial', facts.serial, SEAL_SERIAL_MAX) ??
    (typeof facts.isCopy === 'boolean' ? undefined : 'isCopy must be true or false') ??
    unitCodeProblem('unitCode', facts.unitCode) ??
    textProblem('book', facts.book, SEAL_BOOK_MAX_BYTES) ??
    integerProblem('number', facts.number, SEAL_NUMBER_MAX) ??
    dateProblem('registeredOn', facts.registeredOn, false) ??
    dateProblem('issuedOn', facts.issuedOn, false) ??
    (facts.registeredOn <= facts.issuedOn ? undefined : 'issuedOn is before registeredOn');
  if (common !== undefined) return common;
  const name = (field: string, value: unknown): string | undefined =>
    textProblem(field, value, SEAL_NAME_MAX_BYTES);
  const notAfterRegistration = (field: string, value: string): string | undefined =>
    mayPrecede(value, facts.registeredOn) ? undefined : `${field} is after registeredOn`;
  switch (facts.kind) {
    case 'birth':
      return (
        name('childFullName', facts.childFullName) ??
        dateProblem('dateOfBirth', facts.dateOfBirth, false) ??
        (sexes.includes(facts.sex) ? undefined : 'sex must be male or female') ??
        (facts.motherFullName === undefined
          ? undefined
          : name('motherFullName', facts.motherFullName)) ??
        (facts.fatherFullName === undefined
          ? undefined
          : name('fatherFullName', facts.fatherFullName)) ??
        notAfterRegistration('dateOfBirth', facts.dateOfBirth)
      );
    case 'death':
      return (
        name('deceasedFullName', facts.deceasedFullName) ??
        dateProblem('dateOfBirth', facts.dateOfBirth, true) ??
        dateProblem('dateOfDeath', facts.dateOfDeath, true) ??
        (mayPrecede(facts.dateOfBirth, facts.dateOfDeath)
          ? undefined
          : 'dateOfDeath is before dateOfBirth') ??
        notAfterRegistration('dateOfDeath', facts.dateOfDeath)
      );
    case 'marriage':
      return (
        name('husbandFullName', facts.husbandFullName) ??
        dateProblem('husbandDateOfBirth', facts.husbandDateOfBirth, true) ??
        name('wifeFullName', facts.wifeFullName) ??
        dateProblem('wifeDateOfBirth', facts.wifeDateOfBirth, true) ??
        notAfterRegistration('husbandDateOfBirth', facts.husbandDateOfBirth) ??
        notAfterRegistration('wifeDateOfBirth', facts.wifeDateOfBirth)
      );
  }
}

function certificateBodyProblem(certificate: Omit<UnitKeyCertificate, 'signature'>) {
  return (
    unitCodeProblem('certificate unitCode', certificate.unitCode) ??
    (certificate.publicKey instanceof Uint8Array &&
    certificate.publicKey.length === ED25519_KEY_BYTES
      ? undefined
      : 'certificate publicKey must be 32 bytes') ??
    dateProblem('certificate validFrom', certificate.validFrom, false) ??
    (typeof certificate.provinceKeyId === 'string' &&
    /^[0-9a-f]{16}$/.test(certificate.provinceKeyId)
      ? undefined
      : 'certificate provinceKeyId must be 16 lower-case hex digits')
  );
}

// ---------------------------------------------------------------------------------------------
// VISCII (RFC 1456): the 134 precomposed Vietnamese letters take the bytes 0x80–0xFF and six C0
// control codes; every other byte is ASCII. The letters in byte order: the six C0 ones first.

const VISCII_C0 = [0x02, 0x05, 0x06, 0x14, 0x19, 0x1e] as const;
const VISCII_LETTERS =
  'ẲẴẪỶỸỴ' +
  'ẠẮẰẶẤẦẨẬẼẸẾỀỂỄỆỐỒỔỖỘỢỚỜỞỊỎỌỈỦŨỤỲÕắằặấầẩậẽẹếềểễệốồổỗỠƠộờởịỰỨỪỬơớƯ' +
  'ÀÁÂÃẢĂẳẵÈÉÊẺÌÍĨỳĐứÒÓÔạỷừửÙÚỹỵÝỡưàáâãảăữẫèéêẻìíĩỉđựòóôõỏọụùúũủýợỮ';

const visciiChars: (string | undefined)[] = [];
const visciiBytes = new Map<string, number>();
for (let b = 0x20; b < 0x7f; b++) visciiChars[b] = String.fromCharCode(b);
// Every letter is a single UTF-16 code unit, so the string can be indexed.
[...VISCII_C0, ...Array.from({ length: 128 }, (_, i) => 0x80 + i)].forEach((b, i) => {
  visciiChars[b] = VISCII_LETTERS[i];
});
visciiChars.forEach((char, b) => {
  if (char !== undefined) visciiBytes.set(char, b);
});

/** The VISCII bytes of printable text, or undefined when a character is not in VISCII. */
export function toViscii(text: string): Uint8Array | undefined {
  const out: number[] = [];
  for (const char of text) {
    const b = visciiBytes.get(char);
    if (b === undefined) return undefined;
    out.push(b);
  }
  return Uint8Array.from(out);
}

/** The text of VISCII bytes; undefined when one is a control code. */
export function fromViscii(bytes: Uint8Array): string | undefined {
  let text = '';
  for (const b of bytes) {
    const char = visciiChars[b];
    if (char === undefined) return undefined;
    text += char;
  }
  return text;
}

// ---------------------------------------------------------------------------------------------
// Encoding

const KIND_CODE = { birth: 0, death: 1, marriage: 2 } as const;
const FLAG_COPY = 0b0100;
const FLAG_FEMALE = 0b1000;
const PROVINCE_UNIT_OFFSET = 100_000;
const CERTIFICATE_BODY_BYTES = 3 + ED25519_KEY_BYTES + 3 + PROVINCE_KEY_ID_BYTES;
const CERTIFICATE_BYTES = CERTIFICATE_BODY_BYTES + ED25519_SIGNATURE_BYTES;
const SEAL_CONTEXT = Buffer.from('motcua-seal-v1\n', 'ascii');
const UNIT_KEY_CONTEXT = Buffer.from('motcua-unit-key-v1\n', 'ascii');

class Writer {
  readonly #bytes: number[] = [];

  byte(b: number): void {
    this.#bytes.push(b);
  }

  bytes(bytes: Uint8Array): void {
    for (const b of bytes) this.#bytes.push(b);
  }

  uint(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.#bytes.push(Math.floor(value / 256 ** i) % 256);
  }

  varint(value: number): void {
    let rest = value;
    while (rest >= 0x80) {
      this.#bytes.push((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    this.#bytes.push(rest);
  }

  unitCode(code: string): void {
    this.uint(code.length === 2 ? PROVINCE_UNIT_OFFSET + Number(code) : Number(code), 3);
  }

  date(value: string): void {
    const parts = dateParts(value, true);
    if (parts === undefined) throw new RangeError(`not a date: ${value}`); // checked before
    this.uint(parts.year * 512 + parts.month * 32 + parts.day, 3);
  }

  text(value: string | undefined): void {
    if (value === undefined) {
      this.varint(0);
      return;
    }
    const viscii = toViscii(value);
    const bytes = viscii ?? utf8.encode(value);
    this.varint(bytes.length * 2 + (viscii === undefined ? 1 : 0));
    this.bytes(bytes);
  }

  done(): Uint8Array {
    return Uint8Array.from(this.#bytes);
  }
}

function writeCertificateBody(
  out: Writer,
  certificate: Omit<UnitKeyCertificate, 'signature'>,
): void {
  out.unitCode(certificate.unitCode);
  out.bytes(certificate.publicKey);
  out.date(certificate.validFrom);
  out.bytes(Buffer.from(certificate.provinceKeyId, 'hex'));
}

/** What the province signs to certify a unit key: a context string and the certificate's fields. */
export function unitKeySignedMessage(
  certificate: Omit<UnitKeyCertificate, 'signature'>,
): Uint8Array {
  const out = new Writer();
  out.bytes(UNIT_KEY_CONTEXT);
  writeCertificateBody(out, certificate);
  return out.done();
}

/** What a unit signs: a context string and every byte of the seal before the signature. */
export function sealSignedMessage(sealBytes: Uint8Array): Uint8Array {
  return Buffer.concat([SEAL_CONTEXT, sealBytes]);
}

function sealBody(facts: SealFacts, certificate: UnitKeyCertificate): Uint8Array {
  const out = new Writer();
  out.byte(SEAL_VERSION);
  out.byte(
    KIND_CODE[facts.kind] |
      (facts.isCopy ? FLAG_COPY : 0) |
      (facts.kind === 'birth' && facts.sex === 'female' ? FLAG_FEMALE : 0),
  );
  out.bytes(Buffer.from(facts.recordId.replaceAll('-', ''), 'hex'));
  out.varint(facts.serial);
  out.unitCode(facts.unitCode);
  out.text(facts.book);
  out.varint(facts.number);
  out.date(facts.registeredOn);
  out.date(facts.issuedOn);
  switch (facts.kind) {
    case 'birth':
      out.text(facts.childFullName);
      out.date(facts.dateOfBirth);
      out.text(facts.motherFullName);
      out.text(facts.fatherFullName);
      break;
    case 'death':
      out.text(facts.deceasedFullName);
      out.date(facts.dateOfBirth);
      out.date(facts.dateOfDeath);
      break;
    case 'marriage':
      out.text(facts.husbandFullName);
      out.date(facts.husbandDateOfBirth);
      out.text(facts.wifeFullName);
      out.date(facts.wifeDateOfBirth);
      break;
  }
  writeCertificateBody(out, certificate);
  out.bytes(certificate.signature);
  return out.done();
}

// ---------------------------------------------------------------------------------------------
// Decoding

class Malformed extends Error {}

class Reader {
  #offset = 0;

  constructor(private readonly input: Uint8Array) {}

  get atEnd(): boolean {
    return this.#offset === this.input.length;
  }

  bytes(length: number): Uint8Array {
    if (this.#offset + length > this.input.length) throw new Malformed('cut short');
    const bytes = this.input.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return bytes;
  }

  byte(): number {
    return this.bytes(1)[0] ?? 0;
  }

  uint(length: number): number {
    return this.bytes(length).reduce((value, b) => value * 256 + b, 0);
  }

  varint(max: number): number {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if (value > max) throw new Malformed('number too large');
      if ((b & 0x80) === 0) {
        if (b === 0 && shift > 0) throw new Malformed('varint not in its shortest form');
        return value;
      }
    }
  }

  unitCode(): string {
    const n = this.uint(3);
    if (n < PROVINCE_UNIT_OFFSET) return String(n).padStart(5, '0');
    if (n < PROVINCE_UNIT_OFFSET + 100) return String(n - PROVINCE_UNIT_OFFSET).padStart(2, '0');
    throw new Malformed('not a unit code');
  }

  date(): string {
    const n = this.uint(3);
    const year = Math.floor(n / 512);
    const month = Math.floor(n / 32) % 16;
    const day = n % 32;
    if (month > 12 || (month === 0 && day !== 0)) throw new Malformed('not a date');
    const yyyy = String(year).padStart(4, '0');
    const mm = String(month).padStart(2, '0');
    const dd = String(day).padStart(2, '0');
    // Whether a partial date is allowed here, and the year's range, are checked with the facts.
    return month === 0 ? yyyy : day === 0 ? `${yyyy}-${mm}` : `${yyyy}-${mm}-${dd}`;
  }

  text(maxBytes: number): string | undefined {
    const header = this.varint(maxBytes * 2 + 1);
    if (header === 0) return undefined;
    const bytes = this.bytes(Math.floor(header / 2));
    if (header % 2 === 0) {
      const text = fromViscii(bytes);
      if (text === undefined) throw new Malformed('control code in VISCII text');
      return text;
    }
    let text: string;
    try {
      text = strictUtf8.decode(bytes);
    } catch {
      throw new Malformed('bad UTF-8');
    }
    if (toViscii(text) !== undefined) throw new Malformed('UTF-8 where VISCII would do');
    return text;
  }

  requiredText(maxBytes: number): string {
    const text = this.text(maxBytes);
    if (text === undefined) throw new Malformed('missing text');
    return text;
  }
}

function readCertificate(input: Reader): UnitKeyCertificate {
  const certificate: UnitKeyCertificate = {
    unitCode: input.unitCode(),
    publicKey: Uint8Array.from(input.bytes(ED25519_KEY_BYTES)),
    validFrom: input.date(),
    provinceKeyId: Buffer.from(input.bytes(PROVINCE_KEY_ID_BYTES)).toString('hex'),
    signature: Uint8Array.from(input.bytes(ED25519_SIGNATURE_BYTES)),
  };
  if (certificateBodyProblem(certificate) !== undefined) throw new Malformed('bad certificate');
  return certificate;
}

function readFacts(input: Reader): SealFacts {
  const flags = input.byte();
  const kind = sealKinds[flags & 0b11];
  if (kind === undefined || flags > 0b1111 || (kind !== 'birth' && (flags & FLAG_FEMALE) !== 0)) {
    throw new Malformed('bad flags');
  }
  const hex = Buffer.from(input.bytes(16)).toString('hex');
  const record = {
    recordId: `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`,
    serial: input.varint(SEAL_SERIAL_MAX),
    isCopy: (flags & FLAG_COPY) !== 0,
    unitCode: input.unitCode(),
    book: input.requiredText(SEAL_BOOK_MAX_BYTES),
    number: input.varint(SEAL_NUMBER_MAX),
    registeredOn: input.date(),
    issuedOn: input.date(),
  };
  switch (kind) {
    case 'birth': {
      const childFullName = input.requiredText(SEAL_NAME_MAX_BYTES);
      const dateOfBirth = input.date();
      const mother = input.text(SEAL_NAME_MAX_BYTES);
      const father = input.text(SEAL_NAME_MAX_BYTES);
      return {
        kind,
        ...record,
        childFullName,
        dateOfBirth,
        sex: (flags & FLAG_FEMALE) !== 0 ? 'female' : 'male',
        ...(mother === undefined ? {} : { motherFullName: mother }),
        ...(father === undefined ? {} : { fatherFullName: father }),
      };
    }
    case 'death':
      return {
        kind,
        ...record,
        deceasedFullName: input.requiredText(SEAL_NAME_MAX_BYTES),
        dateOfBirth: input.date(),
        dateOfDeath: input.date(),
      };
    case 'marriage':
      return {
        kind,
        ...record,
        husbandFullName: input.requiredText(SEAL_NAME_MAX_BYTES),
        husbandDateOfBirth: input.date(),
        wifeFullName: input.requiredText(SEAL_NAME_MAX_BYTES),
        wifeDateOfBirth: input.date(),
      };
  }
}

interface DecodedSeal {
  readonly facts: SealFacts;
  readonly certificate: UnitKeyCertificate;
  /** The bytes the unit signed (after the context string). */
  readonly signed: Uint8Array;
  readonly signature: Uint8Array;
}

function decodeSeal(bytes: Uint8Array): DecodedSeal | undefined {
  const tail = CERTIFICATE_BYTES + ED25519_SIGNATURE_BYTES;
  if (bytes.length < 1 + tail) return undefined;
  try {
    // The certificate and the signature have fixed sizes at the end, so the facts must fill
    // exactly what lies before them: a byte too many or too few anywhere is caught.
    const factsInput = new Reader(bytes.subarray(1, bytes.length - tail));
    const facts = readFacts(factsInput);
    if (!factsInput.atEnd || factsProblem(facts) !== undefined) return undefined;
    const rest = new Reader(bytes.subarray(bytes.length - tail));
    const certificate = readCertificate(rest);
    const signature = Uint8Array.from(rest.bytes(ED25519_SIGNATURE_BYTES));
    return {
      facts,
      certificate,
      signed: bytes.subarray(0, bytes.length - ED25519_SIGNATURE_BYTES),
      signature,
    };
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}

const base64UrlPattern = /^[A-Za-z0-9_-]*$/;

/** Base64url bytes, refusing anything but the one canonical unpadded spelling. */
function fromBase64Url(text: string): Uint8Array | undefined {
  if (text.length > SEAL_TEXT_MAX || !base64UrlPattern.test(text) || text.length % 4 === 1) {
    return undefined;
  }
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : undefined;
}

// ---------------------------------------------------------------------------------------------
// Certify, seal, verify

/** The province certifies a unit's public key (the hub does this when it enrols the unit). */
export function certifyUnitKey(
  input: { unitCode: string; publicKey: Ed25519PublicKey; validFrom: string },
  provinceKey: KeyObject,
): UnitKeyCertificate {
  const body = {
    unitCode: input.unitCode,
    publicKey: rawEd25519PublicKey(input.publicKey),
    validFrom: input.validFrom,
    provinceKeyId: provinceKeyIdOf(privateEd25519(provinceKey, 'the province key')),
  };
  const problem = certificateBodyProblem(body);
  if (problem !== undefined) throw new RangeError(problem);
  const signature = sign(null, unitKeySignedMessage(body), provinceKey);
  return { ...body, signature: Uint8Array.from(signature) };
}

/**
 * The seal's text (base64url) for a certificate's facts. Throws a RangeError on a field that
 * breaks the rules, and when the key could not produce a valid seal: another unit's key, a
 * certificate for another key, or an issue date before the key's validFrom.
 */
export function sealCertificate(facts: SealFacts, unitKey: UnitSealingKey): string {
  const problem = factsProblem(facts);
  if (problem !== undefined) throw new RangeError(problem);
  const { certificate } = unitKey;
  const certificateProblem =
    certificateBodyProblem(certificate) ??
    (certificate.signature instanceof Uint8Array &&
    certificate.signature.length === ED25519_SIGNATURE_BYTES
      ? undefined
      : 'certificate signature must be 64 bytes');
  if (certificateProblem !== undefined) throw new RangeError(certificateProblem);
  if (facts.unitCode !== certificate.unitCode) {
    throw new RangeError(
      `unit ${facts.unitCode} cannot seal with the key certified for unit ${certificate.unitCode}`,
    );
  }
  if (facts.issuedOn < certificate.validFrom) {
    throw new RangeError(
      `issuedOn ${facts.issuedOn} is before the key's validFrom ${certificate.validFrom}`,
    );
  }
  const privateKey = privateEd25519(unitKey.privateKey, 'the unit key');
  if (!Buffer.from(rawEd25519PublicKey(privateKey)).equals(certificate.publicKey)) {
    throw new RangeError('the private key is not the one the certificate is for');
  }
  const normalized = { ...facts, recordId: facts.recordId.toLowerCase() };
  const body = sealBody(normalized, certificate);
  const signature = sign(null, sealSignedMessage(body), privateKey);
  return Buffer.concat([body, signature]).toString('base64url');
}

function signatureMatches(key: KeyObject, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return verify(null, message, key, signature);
  } catch {
    return false;
  }
}

/** Checks a scanned seal against the trusted province keys and the revocation lists. */
export function verifySeal(text: string, trust: SealTrust): SealVerification {
  if (trust.today !== undefined && dateParts(trust.today, false) === undefined) {
    throw new RangeError('today must be a date YYYY-MM-DD');
  }
  const bytes = fromBase64Url(text);
  const version = bytes?.[0];
  if (bytes === undefined || version === undefined || version === 0 || version > 15) {
    return { ok: false, reason: 'malformed' };
  }
  if (version !== SEAL_VERSION) return { ok: false, reason: 'unsupported_version' };
  const decoded = decodeSeal(bytes);
  if (decoded === undefined) return { ok: false, reason: 'malformed' };
  const { facts, certificate } = decoded;
  const refuse = (reason: SealRefusalReason): SealVerification => ({ ok: false, reason, facts });

  const provinceKey = trust.provinceKeys.find(
    (key) => provinceKeyIdOf(key) === certificate.provinceKeyId,
  );
  if (provinceKey === undefined) return refuse('unknown_province_key');
  const provincePublicKey =
    provinceKey instanceof Uint8Array ? ed25519PublicKeyFromRaw(provinceKey) : provinceKey;
  if (
    !signatureMatches(provincePublicKey, unitKeySignedMessage(certificate), certificate.signature)
  ) {
    return refuse('bad_unit_certificate');
  }
  let unitPublicKey: KeyObject;
  try {
    unitPublicKey = ed25519PublicKeyFromRaw(certificate.publicKey);
  } catch {
    return refuse('bad_unit_certificate');
  }
  if (!signatureMatches(unitPublicKey, sealSignedMessage(decoded.signed), decoded.signature)) {
    return refuse('bad_signature');
  }
  const keyId = ed25519KeyId(certificate.publicKey);
  if (trust.revokedUnitKeys?.has(keyId) === true) return refuse('unit_key_revoked');
  if (facts.unitCode !== certificate.unitCode) return refuse('unit_mismatch');
  if (
    facts.issuedOn < certificate.validFrom ||
    (trust.today !== undefined && facts.issuedOn > trust.today)
  ) {
    return refuse('not_yet_valid');
  }
  const revoked = trust.revokedCertificates;
  if (
    revoked !== undefined &&
    (revoked.has(facts.recordId) || revoked.has(`${facts.recordId}:${facts.serial}`))
  ) {
    return refuse('certificate_revoked');
  }
  return { ok: true, facts, unitCode: certificate.unitCode, keyId, certificate };
}

// ---------------------------------------------------------------------------------------------
// Certificates as text, and the URL in the QR code

/** A unit key certificate as base64url text (147 characters), to hand to the unit. */
export function encodeUnitKeyCertificate(certificate: UnitKeyCertificate): string {
  const problem = certificateBodyProblem(certificate);
  if (problem !== undefined) throw new RangeError(problem);
  if (certificate.signature.length !== ED25519_SIGNATURE_BYTES) {
    throw new RangeError('certificate signature must be 64 bytes');
  }
  const out = new Writer();
  writeCertificateBody(out, certificate);
  out.bytes(certificate.signature);
  return Buffer.from(out.done()).toString('base64url');
}

/** The certificate in `encodeUnitKeyCertificate`'s text, unverified; undefined if malformed. */
export function decodeUnitKeyCertificate(text: string): UnitKeyCertificate | undefined {
  const bytes = fromBase64Url(text);
  if (bytes?.length !== CERTIFICATE_BYTES) return undefined;
  try {
    return readCertificate(new Reader(bytes));
  } catch (error) {
    if (error instanceof Malformed) return undefined;
    throw error;
  }
}

/**
 * The URL to put in the QR code. The payload goes in the query (`?c=`) rather than the fragment:
 * a fragment would stay off the server's logs, but a page without JavaScript could not read it.
 */
export function sealUrl(baseUrl: string, payload: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RangeError(`not a URL: ${baseUrl}`);
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.search || url.hash) {
    throw new RangeError('the base URL must be http(s), with no query and no fragment');
  }
  if (payload === '' || !base64UrlPattern.test(payload)) {
    throw new RangeError('a seal payload is base64url text');
  }
  return `${baseUrl.replace(/\/+$/, '')}/verify?c=${payload}`;
}

/**
 * The payload in what a QR reader returned: the bare payload, or any http(s) URL whose `c`
 * parameter holds it (whatever the host: a seal from another province verifies the same).
 * Undefined when it is neither.
 */
export function payloadFromScannedText(text: string): string | undefined {
  const trimmed = text.trim();
  const isPayload = (value: string) =>
    value !== '' && value.length <= SEAL_TEXT_MAX && base64UrlPattern.test(value);
  if (isPayload(trimmed)) return trimmed;
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const payload = url.searchParams.get('c');
  return payload !== null && isPayload(payload) ? payload : undefined;
}
