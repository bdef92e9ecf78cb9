// The registers of a busy commune for bench:civil: births (with mother and father), deaths and
// marriages over 2016 to yesterday, in register books that fill up and close at year-end,
// written straight into the node's SQLite database. Each record is a `civil.registered` event
// continuing the unit's hash chain, and its rows are built by the projector's own functions;
// the books' opening and closing are events too, and civil_books ends as the projection of all
// of them would leave it. People are named as Vietnamese people are, with realistic frequencies
// of family names, so that a search by name meets as many namesakes as it would in real life.
import { randomUUID } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3';
import {
  civilEventTypes,
  civilRulesOn,
  reduceCivilRecord,
  registrationIsLate,
  registrationProblems,
  type BirthFacts,
  type CivilFacts,
  type CivilKind,
  type DeathFacts,
  type Declarant,
  type MarriageFacts,
  type RegisteredPayload,
} from '../../domain/civil-status.js';
import { civilPeopleRows, civilRecordRow } from '../../storage/projectors/civil-status.js';
import type { CivilBooksTable } from '../../storage/schema.js';
import { bulkChain, rowInserter } from './bulk-chain.js';

// ── Names ──────────────────────────────────────────────────────────────────────────────────

/** Family names with their approximate share of the population (per mille). */
const familyNames: readonly (readonly [string, number])[] = [
  ['Nguyễn', 380], ['Trần', 110], ['Lê', 95], ['Phạm', 70], ['Hoàng', 30], ['Huỳnh', 25],
  ['Phan', 45], ['Vũ', 20], ['Võ', 19], ['Đặng', 21], ['Bùi', 20], ['Đỗ', 14], ['Hồ', 13],
  ['Ngô', 13], ['Dương', 10], ['Lý', 5],
]; // prettier-ignore
const middleMale = ['Văn', 'Văn', 'Văn', 'Hữu', 'Đức', 'Minh', 'Quốc', 'Thanh', 'Gia', 'Bảo', 'Công', 'Đình', 'Anh', 'Hoàng']; // prettier-ignore
const middleFemale = ['Thị', 'Thị', 'Thị', 'Ngọc', 'Thu', 'Thanh', 'Minh', 'Bảo', 'Gia', 'Kim', 'Mỹ', 'Hồng', 'Khánh', 'Diệu']; // prettier-ignore
/** A second middle name, as in "Nguyễn Thị Ánh Dương" or "Trần Gia Bảo Long". */
const secondMiddleMale = ['Minh', 'Gia', 'Bảo', 'Đức', 'Quang', 'Hoàng', 'Anh', 'Thành', 'Nhật', 'Tuấn']; // prettier-ignore
const secondMiddleFemale = ['Ánh', 'Bích', 'Hồng', 'Kim', 'Ngọc', 'Thu', 'Minh', 'Bảo', 'Khánh', 'Phương']; // prettier-ignore
const givenMale = ['Anh', 'Bình', 'Dũng', 'Dương', 'Giang', 'Hải', 'Hùng', 'Khánh', 'Long', 'Minh', 'Nam', 'Phúc', 'Quân', 'Sơn', 'Tâm', 'Tuấn', 'Việt', 'Huy', 'Khoa', 'Đạt', 'Thành', 'Trung', 'Hiếu', 'Kiên', 'Lâm', 'Phong', 'Thắng', 'Vinh', 'Khang', 'Bảo']; // prettier-ignore
const givenFemale = ['Anh', 'Châu', 'Dương', 'Giang', 'Hà', 'Hạnh', 'Hòa', 'Hương', 'Khánh', 'Lan', 'Linh', 'Mai', 'Ngọc', 'Nhung', 'Phương', 'Tâm', 'Thảo', 'Trang', 'Yến', 'Vy', 'Chi', 'Hằng', 'Thủy', 'Loan', 'Nhi', 'Quyên', 'Uyên', 'Trâm', 'Hân', 'My']; // prettier-ignore

const streets = ['Lê Duẩn', 'Trần Phú', 'Bạch Đằng', 'Hùng Vương', 'Phan Châu Trinh', 'Nguyễn Văn Linh', 'Ông Ích Khiêm', 'Hoàng Diệu', 'Lê Lợi', 'Quang Trung', 'Núi Thành', 'Trưng Nữ Vương']; // prettier-ignore
const hospitals = ['Bệnh viện Phụ sản - Nhi Đà Nẵng', 'Bệnh viện Đà Nẵng', 'Bệnh viện Hoàn Mỹ Đà Nẵng', 'Bệnh viện Gia đình', 'Trung tâm Y tế quận Hải Châu']; // prettier-ignore
const hometowns = ['Đà Nẵng', 'Quảng Nam', 'Quảng Ngãi', 'Thừa Thiên Huế', 'Quảng Trị', 'Quảng Bình', 'Hà Tĩnh', 'Nghệ An', 'Bình Định', 'Thanh Hóa']; // prettier-ignore
const causes = ['Già yếu', 'Bệnh tim', 'Đột quỵ', 'Ung thư', 'Bệnh phổi', 'Tai nạn giao thông']; // prettier-ignore

/** A family name no preloaded person has: the measured registrations use it for mothers. */
export const UNUSED_FAMILY_NAME = 'Lương';

/** mulberry32: the same registers on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

type Sex = 'male' | 'female';
const DAY_MS = 86_400_000;
const dayOf = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
const dateOf = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);
/** The date `days` days before `date` (both YYYY-MM-DD). */
export const daysBefore = (date: string, days: number) => dateOf(dayOf(date) - days);

class People {
  readonly #random: () => number;
  readonly #familyTotal = familyNames.reduce((sum, [, weight]) => sum + weight, 0);
  /** The next serial of each (century/sex digit, year) of ID numbers; the bench's own start at 900000. */
  readonly #serials = new Map<string, number>();

  constructor(random: () => number) {
    this.#random = random;
  }

  int(from: number, to: number): number {
    return from + Math.floor(this.#random() * (to - from + 1));
  }
  chance(p: number): boolean {
    return this.#random() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.#random() * items.length)] as T;
  }

  family(): string {
    let at = this.#random() * this.#familyTotal;
    for (const [name, weight] of familyNames) {
      at -= weight;
      if (at < 0) return name;
    }
    return 'Nguyễn';
  }

  name(sex: Sex, family = this.family()): string {
    const male = sex === 'male';
    const middle = this.pick(male ? middleMale : middleFemale);
    const second = this.chance(0.35) ? this.pick(male ? secondMiddleMale : secondMiddleFemale) : '';
    const given = this.pick(male ? givenMale : givenFemale);
    return [family, middle, second, given].filter((w) => w !== '').join(' ');
  }

  /** A valid 12-digit number for someone of `sex` born in `year`, never given before. */
  citizenId(sex: Sex, year: number): string {
    const digit = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    const key = `${digit}${String(year % 100).padStart(2, '0')}`;
    const serial = (this.#serials.get(key) ?? 0) + 1;
    if (serial >= 900_000) throw new Error(`ID serials of ${key} exhausted`);
    this.#serials.set(key, serial);
    return `048${key}${String(serial).padStart(6, '0')}`;
  }

  residence(): string {
    return this.chance(0.5)
      ? `${this.int(1, 420)} ${this.pick(streets)}, phường Hải Châu, thành phố Đà Nẵng`
      : `Tổ ${this.int(1, 60)}, phường Hải Châu, thành phố Đà Nẵng`;
  }

  dateInYear(year: number): string {
    return dateOf(dayOf(`${year}-01-01`) + this.int(0, 364));
  }
}

// ── Facts ──────────────────────────────────────────────────────────────────────────────────

function birthFacts(p: People, registeredOn: string): { facts: BirthFacts; declarant: Declarant } {
  const born = dayOf(registeredOn) - (p.chance(0.97) ? p.int(0, 59) : p.int(61, 900));
  const dateOfBirth = dateOf(born);
  const year = Number(dateOfBirth.slice(0, 4));
  const sex: Sex = p.chance(0.51) ? 'male' : 'female';
  const fatherFamily = p.family();
  const motherYear = year - p.int(18, 40);
  const fatherYear = motherYear - p.int(-2, 8);
  const residence = p.residence();
  const parent = (parentSex: Sex, birthYear: number, family: string) => ({
    fullName: p.name(parentSex, family),
    birthYear,
    ethnicity: 'Kinh',
    nationality: 'Việt Nam',
    residence,
    citizenId: p.citizenId(parentSex, birthYear),
  });
  const mother = parent('female', motherYear, p.family());
  const father = p.chance(0.97) ? parent('male', fatherYear, fatherFamily) : null;
  const facts: BirthFacts = {
    child: {
      fullName: p.name(sex, fatherFamily),
      sex,
      dateOfBirth,
      placeOfBirth: p.pick(hospitals),
      hometown: p.pick(hometowns),
      ethnicity: p.chance(0.99) ? 'Kinh' : 'Cơ Tu',
      nationality: 'Việt Nam',
      // Since 2020 the population database issues the child's number at registration.
      personalId: registeredOn >= '2020-07-01' && p.chance(0.8) ? p.citizenId(sex, year) : null,
    },
    mother,
    father,
    evidence: p.chance(0.98) ? 'birth_notice' : 'witness_statement',
  };
  const byFather = father !== null && p.chance(0.3);
  const declarant = byFather
    ? { fullName: father.fullName, citizenId: father.citizenId, relationship: 'cha' }
    : { fullName: mother.fullName, citizenId: mother.citizenId, relationship: 'mẹ' };
  return { facts, declarant };
}

function deathFacts(p: People, registeredOn: string): { facts: DeathFacts; declarant: Declarant } {
  const died = dayOf(registeredOn) - (p.chance(0.95) ? p.int(0, 14) : p.int(16, 400));
  const dateOfDeath = dateOf(died);
  const sex: Sex = p.chance(0.52) ? 'male' : 'female';
  const birthYear = Number(dateOfDeath.slice(0, 4)) - p.int(40, 98);
  const dateOfBirth = p.dateInYear(birthYear);
  const family = p.family();
  const where = p.chance(0.6) ? 'Tại nhà' : p.pick(hospitals);
  const facts: DeathFacts = {
    deceased: {
      fullName: p.name(sex, family),
      sex,
      dateOfBirth,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      personalId: p.chance(0.9) ? p.citizenId(sex, birthYear) : null,
      lastResidence: p.residence(),
    },
    dateOfDeath,
    timeOfDeath: p.chance(0.8)
      ? `${String(p.int(0, 23)).padStart(2, '0')}:${String(p.int(0, 59)).padStart(2, '0')}`
      : null,
    placeOfDeath: where,
    cause: p.pick(causes),
    deathNotice: p.chance(0.8)
      ? {
          number: `${p.int(1, 999)}/GBT`,
          issuedOn: dateOfDeath,
          issuedBy: where === 'Tại nhà' ? 'Trạm Y tế phường Hải Châu' : where,
        }
      : null,
  };
  const childSex: Sex = p.chance(0.5) ? 'male' : 'female';
  const childYear = Math.min(2004, birthYear + p.int(20, 35));
  return {
    facts,
    declarant: {
      fullName: p.name(childSex, childSex === 'male' ? family : p.family()),
      citizenId: p.citizenId(childSex, childYear),
      relationship: 'con',
    },
  };
}

function marriageFacts(p: People, registeredOn: string): MarriageFacts {
  const year = Number(registeredOn.slice(0, 4));
  const party = (sex: Sex, minAge: number, maxAge: number) => {
    const birthYear = year - p.int(minAge + 1, maxAge);
    return {
      fullName: p.name(sex),
      dateOfBirth: p.dateInYear(birthYear),
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      residence: p.residence(),
      citizenId: p.citizenId(sex, birthYear),
    };
  };
  return {
    husband: party('male', 20, 40),
    wife: party('female', 18, 36),
    presence: { husband: true, wife: true },
  };
}

// ── The preload ────────────────────────────────────────────────────────────────────────────

/** A preloaded record, as a search would look for it. */
export interface CivilSample {
  readonly kind: CivilKind;
  /** The child, the deceased, or one of the spouses. */
  readonly fullName: string;
  readonly dateOfBirth: string;
  readonly citizenId: string | null;
  /** A parent's name (births only). */
  readonly parentName: string | null;
}

export interface CivilPreload {
  readonly samples: readonly CivilSample[];
  /** The last number given in each kind's books of each year: `${kind}:${year}` → number. */
  readonly lastNumbers: ReadonlyMap<string, number>;
  readonly records: number;
  readonly events: number;
}

export interface CivilPreloadOptions {
  readonly unitCode: string;
  readonly count: number;
  /** The first and last day registrations are spread over (YYYY-MM-DD, Vietnam time). */
  readonly firstDay: string;
  readonly lastDay: string;
  /** Entries a book holds before it is closed as full and the next continues the numbering. */
  readonly bookSize: number;
  readonly officer: { readonly id: string; readonly name: string };
  readonly signer: { readonly title: string; readonly name: string };
  readonly samples: number;
  readonly progress?: (records: number) => void;
}

/** Registers `count` births, deaths and marriages in `db` (a node's database, not running). */
export function preloadCivil(db: SqliteDatabase.Database, o: CivilPreloadOptions): CivilPreload {
  const held = db.prepare('select count(*) as n from civil_books').get() as { n: number };
  if (held.n > 0) throw new Error('The registers already hold books: preload a fresh node');
  const chain = bulkChain(db, o.unitCode);
  const insertRecord = rowInserter(db, 'civil_records');
  const insertPerson = rowInserter(db, 'civil_record_people');
  const insertBook = rowInserter(db, 'civil_books');
  const p = new People(generator(20_242));
  const books = new Map<string, CivilBooksTable>();
  const lastNumbers = new Map<string, number>();
  const samples: CivilSample[] = [];
  const sampleEvery = Math.max(1, Math.floor(o.count / o.samples));
  const first = dayOf(o.firstDay);
  const days = dayOf(o.lastDay) - first + 1;
  const perDay = Math.ceil(o.count / days);
  let events = 0;
  let year = Number(o.firstDay.slice(0, 4));

  const bookEvent = (type: string, entityId: string, payload: unknown, occurredAt: string) => {
    chain.append({
      type,
      entityType: 'civil_book',
      entityId,
      payload,
      actorId: o.officer.id,
      occurredAt,
    });
    events += 1;
  };
  // What the projector does for civil_book.closed: every open book of the year, at year-end.
  const closeYear = (closing: number) => {
    const occurredAt = new Date(Date.parse(`${closing}-12-31T16:30:00.000+07:00`)).toISOString();
    for (const book of books.values()) {
      if (book.year !== closing || book.closed_on !== null) continue;
      bookEvent(
        civilEventTypes.bookClosed,
        `${o.unitCode}:${book.kind}:${book.year}:${book.book_no}`,
        {
          kind: book.kind,
          year: book.year,
          bookNo: book.book_no,
          lastNumber: book.last_number,
          entries: book.entries,
          closedOn: `${closing}-12-31`,
          reason: 'year_end',
        },
        occurredAt,
      );
      book.closed_on = `${closing}-12-31`;
      book.close_reason = 'year_end';
    }
  };
  /** The book the next registration of `kind` goes into (closing the full one, opening the next). */
  const bookFor = (kind: CivilKind, registeredOn: string, occurredAt: string) => {
    const y = Number(registeredOn.slice(0, 4));
    const last = lastNumbers.get(`${kind}:${y}`) ?? 0;
    const bookNo = Math.floor(last / o.bookSize) + 1;
    const key = `${kind}:${y}:${bookNo}`;
    let book = books.get(key);
    if (book === undefined) {
      const full = books.get(`${kind}:${y}:${bookNo - 1}`);
      if (full !== undefined) {
        bookEvent(
          civilEventTypes.bookClosed,
          `${o.unitCode}:${kind}:${y}:${bookNo - 1}`,
          {
            kind,
            year: y,
            bookNo: bookNo - 1,
            lastNumber: full.last_number,
            entries: full.entries,
            closedOn: registeredOn,
            reason: 'full',
          },
          occurredAt,
        );
        full.closed_on = registeredOn;
        full.close_reason = 'full';
      }
      bookEvent(
        civilEventTypes.bookOpened,
        `${o.unitCode}:${kind}:${y}:${bookNo}`,
        { kind, year: y, bookNo, firstNumber: last + 1, note: '' },
        occurredAt,
      );
      book = {
        unit_code: o.unitCode,
        kind,
        year: y,
        book_no: bookNo,
        first_number: last + 1,
        last_number: last,
        entries: 0,
        opened_at: occurredAt,
        closed_on: null,
        close_reason: null,
      };
      books.set(key, book);
    }
    return book;
  };

  const register = (n: number) => {
    const day = first + Math.floor(n / perDay);
    const registeredOn = dateOf(day);
    if (Number(registeredOn.slice(0, 4)) !== year) {
      closeYear(year);
      year = Number(registeredOn.slice(0, 4));
    }
    // Office hours, Vietnam time, in the order of the numbers.
    const occurredAt = new Date(
      Date.parse(`${registeredOn}T08:00:00.000+07:00`) +
        Math.floor(((n % perDay) * 8 * 3_600_000) / perDay),
    ).toISOString();
    const roll = p.int(0, 99);
    let civil: CivilFacts;
    let declarant: Declarant | null = null;
    if (roll < 80) {
      const birth = birthFacts(p, registeredOn);
      civil = { kind: 'birth', facts: birth.facts };
      declarant = birth.declarant;
    } else if (roll < 92) {
      const death = deathFacts(p, registeredOn);
      civil = { kind: 'death', facts: death.facts };
      declarant = death.declarant;
    } else civil = { kind: 'marriage', facts: marriageFacts(p, registeredOn) };
    const problems = registrationProblems(civil, registeredOn);
    if (problems.length > 0)
      throw new Error(`Generated ${civil.kind} breaks ${JSON.stringify(problems)}`);

    const book = bookFor(civil.kind, registeredOn, occurredAt);
    const number = book.last_number + 1;
    const payload = {
      ...civil,
      dossierId: null,
      dossierCode: null,
      book: { year: book.year, bookNo: book.book_no },
      number,
      registeredOn,
      rules: civilRulesOn(registeredOn).id,
      late: registrationIsLate(civil, registeredOn),
      declarant,
      officerName: o.officer.name,
      signer: o.signer,
      interlinked: [],
    } as RegisteredPayload;
    const event = chain.append({
      type: civilEventTypes.registered,
      entityType: 'civil_record',
      entityId: randomUUID(),
      payload,
      actorId: o.officer.id,
      occurredAt,
    });
    events += 1;
    // The projector's own rows: reduceCivilRecord also validates the payload.
    const record = reduceCivilRecord(null, event);
    insertRecord({ ...civilRecordRow(record) });
    for (const row of civilPeopleRows(record)) insertPerson({ ...row });
    book.last_number = number;
    book.entries += 1;
    lastNumbers.set(`${civil.kind}:${book.year}`, number);

    if (n % sampleEvery === 0) samples.push(sampleOf(civil, p));
  };

  const batch = db.transaction((from: number, to: number, last: boolean) => {
    for (let n = from; n < to; n++) register(n);
    if (last) for (const book of books.values()) insertBook({ ...book });
    chain.saveHead();
  });
  for (let from = 0; from < o.count; from += 50_000) {
    const to = Math.min(o.count, from + 50_000);
    batch(from, to, to === o.count);
    o.progress?.(to);
  }
  return { samples, lastNumbers, records: o.count, events };
}

function sampleOf(civil: CivilFacts, p: People): CivilSample {
  switch (civil.kind) {
    case 'birth': {
      const { child, mother, father } = civil.facts;
      const parent = father !== null && p.chance(0.5) ? father : mother;
      return {
        kind: 'birth',
        fullName: child.fullName,
        dateOfBirth: child.dateOfBirth,
        citizenId: child.personalId ?? parent?.citizenId ?? null,
        parentName: parent?.fullName ?? null,
      };
    }
    case 'death':
      return {
        kind: 'death',
        fullName: civil.facts.deceased.fullName,
        dateOfBirth: civil.facts.deceased.dateOfBirth,
        citizenId: civil.facts.deceased.personalId,
        parentName: null,
      };
    case 'marriage': {
      const spouse = p.chance(0.5) ? civil.facts.husband : civil.facts.wife;
      return {
        kind: 'marriage',
        fullName: spouse.fullName,
        dateOfBirth: spouse.dateOfBirth,
        citizenId: spouse.citizenId,
        parentName: null,
      };
    }
  }
}
