// Citizen ID number (số định danh cá nhân, printed on the căn cước / CCCD card): 12 digits =
// 3-digit province of birth registration + century/sex digit + last two digits of the birth
// year + 6 serial digits (NĐ 137/2015 art. 13, TT 07/2016/TT-BCA art. 7; unchanged by the Law on
// Căn cước 2023 as far as we know). There is no check digit, so these rules catch typing
// slips and mismatched records, never forgeries.

export type Sex = 'male' | 'female';

export interface DecodedCitizenId {
  /** Pre-2025 province code with a leading 0, e.g. "048" (Đà Nẵng), "049" (Quảng Nam). */
  readonly provincePrefix: string;
  readonly sex: Sex;
  readonly birthYear: number;
  /** Ordinal century of birth: 20 for 1900–1999, 21 for 2000–2099. */
  readonly century: number;
  /** The last six digits. */
  readonly serial: string;
}

/**
 * Why a number was refused. Stable codes: the i18n catalogue and API clients key on them; the
 * extra fields let a message say what was expected.
 */
export type CitizenIdProblem =
  | { readonly code: 'format' }
  | { readonly code: 'unknown_prefix'; readonly prefix: string }
  | { readonly code: 'century'; readonly digit: number }
  | {
      readonly code: 'birth_year_mismatch';
      readonly idBirthYear: number;
      readonly dateOfBirthYear: number;
    }
  | { readonly code: 'sex_mismatch'; readonly idSex: Sex; readonly statedSex: Sex }
  | {
      readonly code: 'future_birth_year';
      readonly idBirthYear: number;
      readonly currentYear: number;
    };

export type CitizenIdProblemCode = CitizenIdProblem['code'];

export const CITIZEN_ID_PROBLEM_CODES = [
  'format',
  'unknown_prefix',
  'century',
  'birth_year_mismatch',
  'sex_mismatch',
  'future_birth_year',
] as const satisfies readonly CitizenIdProblemCode[];

export type CitizenIdResult =
  | { readonly ok: true; readonly decoded: DecodedCitizenId }
  | { readonly ok: false; readonly problems: readonly CitizenIdProblem[] };

export interface CitizenFacts {
  /** The date the check is made, 'YYYY-MM-DD'; passed in so that the rule has no clock. */
  readonly today: string;
  /**
   * 'YYYY-MM-DD', or a bare 'YYYY' where only the year is recorded (the parents on a birth
   * registration have only a năm sinh).
   */
  readonly dateOfBirth?: string;
  readonly sex?: Sex;
}

/**
 * Century/sex digit: even = male, odd = female; 0–1 = 1900s, 2–3 = 2000s, and 4–9 continue the
 * pattern for 2100–2399. Nobody alive can hold 4–9 before 1 January 2100, so we refuse them: a
 * 4–9 today is a typing slip, and refusing it catches the slip at the desk. Revisit before 2100.
 */
const HIGHEST_ACCEPTED_CENTURY_DIGIT = 3;

// ASCII only: \d would do too, but this keeps full-width and other Unicode digits (which an IME
// can produce) visibly out. Nothing is trimmed; the boundary decides whether to strip spaces.
const TWELVE_ASCII_DIGITS = /^[0-9]{12}$/;

interface Parts {
  readonly prefix: string;
  readonly centuryDigit: number;
  readonly yearOfCentury: number;
  readonly serial: string;
}

/**
 * Reads the structure of a number: format, province prefix, century digit. Use it where there
 * are no personal details to compare; validateCitizenId also checks those.
 */
export function decodeCitizenId(id: string, knownPrefixes: ReadonlySet<string>): CitizenIdResult {
  const parts = readParts(id);
  if (parts === undefined) return refuse([{ code: 'format' }]);
  const problems = structuralProblems(parts, knownPrefixes);
  return problems.length > 0 ? refuse(problems) : { ok: true, decoded: decodeParts(parts) };
}

/**
 * Checks a number against the person it is said to belong to. Every independent problem is
 * reported at once, so the officer fixes the record in one pass. Checks that need the birth year
 * are skipped when the century digit is refused, since there is no year to compare; the sex
 * check still runs because parity means the same in every century.
 *
 * Throws RangeError if `today` or `dateOfBirth` is not a real date: those come from the clock
 * and from a schema-checked boundary, so a bad one is a bug, not a user error.
 */
export function validateCitizenId(
  id: string,
  facts: CitizenFacts,
  knownPrefixes: ReadonlySet<string>,
): CitizenIdResult {
  const currentYear = yearOf(facts.today, 'today', false);
  const dateOfBirthYear =
    facts.dateOfBirth === undefined ? undefined : yearOf(facts.dateOfBirth, 'dateOfBirth', true);

  const parts = readParts(id);
  if (parts === undefined) return refuse([{ code: 'format' }]);
  const problems: CitizenIdProblem[] = structuralProblems(parts, knownPrefixes);

  const idSex = sexOf(parts.centuryDigit);
  if (facts.sex !== undefined && facts.sex !== idSex) {
    problems.push({ code: 'sex_mismatch', idSex, statedSex: facts.sex });
  }
  if (centuryAccepted(parts.centuryDigit)) {
    const idBirthYear = birthYearOf(parts);
    if (dateOfBirthYear !== undefined && dateOfBirthYear !== idBirthYear) {
      problems.push({ code: 'birth_year_mismatch', idBirthYear, dateOfBirthYear });
    }
    if (idBirthYear > currentYear) {
      problems.push({ code: 'future_birth_year', idBirthYear, currentYear });
    }
  }
  return problems.length > 0 ? refuse(problems) : { ok: true, decoded: decodeParts(parts) };
}

function readParts(id: string): Parts | undefined {
  if (!TWELVE_ASCII_DIGITS.test(id)) return undefined;
  return {
    prefix: id.slice(0, 3),
    centuryDigit: Number(id[3]),
    yearOfCentury: Number(id.slice(4, 6)),
    serial: id.slice(6),
  };
}

function structuralProblems(parts: Parts, knownPrefixes: ReadonlySet<string>): CitizenIdProblem[] {
  const problems: CitizenIdProblem[] = [];
  if (!knownPrefixes.has(parts.prefix)) {
    problems.push({ code: 'unknown_prefix', prefix: parts.prefix });
  }
  if (!centuryAccepted(parts.centuryDigit)) {
    problems.push({ code: 'century', digit: parts.centuryDigit });
  }
  return problems;
}

function decodeParts(parts: Parts): DecodedCitizenId {
  return {
    provincePrefix: parts.prefix,
    sex: sexOf(parts.centuryDigit),
    birthYear: birthYearOf(parts),
    century: centuryOf(parts.centuryDigit),
    serial: parts.serial,
  };
}

function centuryAccepted(digit: number): boolean {
  return digit <= HIGHEST_ACCEPTED_CENTURY_DIGIT;
}

function sexOf(centuryDigit: number): Sex {
  return centuryDigit % 2 === 0 ? 'male' : 'female';
}

function centuryOf(centuryDigit: number): number {
  return 20 + Math.floor(centuryDigit / 2);
}

function birthYearOf(parts: Parts): number {
  return (centuryOf(parts.centuryDigit) - 1) * 100 + parts.yearOfCentury;
}

function refuse(problems: readonly CitizenIdProblem[]): CitizenIdResult {
  return { ok: false, problems };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const YEAR_ONLY = /^\d{4}$/;

function yearOf(value: string, field: string, yearOnlyAllowed: boolean): number {
  if (yearOnlyAllowed && YEAR_ONLY.test(value)) return Number(value);
  const m = ISO_DATE.exec(value);
  if (m !== null) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    // Date.UTC rolls 2025-02-30 over to March; a real date survives the round trip.
    if (date.getUTCMonth() === month - 1 && date.getUTCDate() === day) return year;
  }
  throw new RangeError(`${field} must be a date 'YYYY-MM-DD', got '${value}'`);
}
