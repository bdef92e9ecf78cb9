// Civil status (hộ tịch): birth (khai sinh), death (khai tử) and marriage (kết hôn) records, the
// register books they are entered in, corrections, and the rules a registration must meet
// (domain-notes §3). Pure: the application layer passes in today's date, the catalogue's
// registration window and what the registers already hold.
import { z } from 'zod';

export const civilKinds = ['birth', 'death', 'marriage'] as const;
export type CivilKind = (typeof civilKinds)[number];

export const civilEventTypes = {
  registered: 'civil.registered',
  corrected: 'civil.corrected',
  copiesIssued: 'civil.copies_issued',
  bookOpened: 'civil_book.opened',
  bookClosed: 'civil_book.closed',
} as const;

/** The catalogue procedure each kind of registration is a dossier of. */
export const civilProcedureCodes = {
  birth: '1.001193', // Thủ tục đăng ký khai sinh
  death: '1.000656', // Thủ tục đăng ký khai tử
  marriage: '1.000894', // Thủ tục đăng ký kết hôn
  correction: '1.004859', // Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch
  copy: '2.000635', // Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh
} as const;

/**
 * Rules that depend on which law governs the registration. Law 60/2014/QH13 applies to dossiers
 * received before 01/03/2027; the new Law on Civil Status 03/2026/QH16 from then on
 * (domain-notes §3.1). Facts we could not confirm for the new law are carried over and say so.
 */
export interface CivilRules {
  readonly id: 'law-60-2014' | 'law-03-2026';
  readonly validFrom: string;
  readonly validTo: string | null;
  readonly legalBasis: string;
  /** Days after the birth within which registration is on time (Law 60/2014 art. 15). */
  readonly birthWindowDays: number;
  /** Days after the death within which registration is on time (Law 60/2014 art. 33). */
  readonly deathWindowDays: number;
  /** Minimum ages on the registration date (Law on Marriage and Family 52/2014 art. 8). */
  readonly marriageMinAge: { readonly man: number; readonly woman: number };
  readonly note: string;
}

export const civilRuleSets: readonly CivilRules[] = [
  {
    id: 'law-60-2014',
    validFrom: '2016-01-01',
    validTo: '2027-02-28',
    legalBasis: 'Luật Hộ tịch số 60/2014/QH13; Luật Hôn nhân và gia đình số 52/2014/QH13',
    birthWindowDays: 60,
    deathWindowDays: 15,
    marriageMinAge: { man: 20, woman: 18 },
    note: 'Windows from Law 60/2014 art. 15 and 33 [C]; ages from Law 52/2014 art. 8 [C].',
  },
  {
    id: 'law-03-2026',
    validFrom: '2027-03-01',
    validTo: null,
    legalBasis: 'Luật Hộ tịch số 03/2026/QH16; Luật Hôn nhân và gia đình số 52/2014/QH13',
    birthWindowDays: 60,
    deathWindowDays: 15,
    marriageMinAge: { man: 20, woman: 18 },
    note:
      'UNCONFIRMED: the text of Law 03/2026/QH16 was not available; the windows of Law 60/2014 ' +
      'are carried over until a notice confirms them (domain-notes §3.1).',
  },
];

/** The rules for a registration received on `receivedOn` (YYYY-MM-DD, Vietnam time). */
export function civilRulesOn(receivedOn: string): CivilRules {
  const rules = civilRuleSets.find(
    (r) => r.validFrom <= receivedOn && (r.validTo === null || receivedOn <= r.validTo),
  );
  if (rules === undefined) throw new RangeError(`No civil-status rules in force on ${receivedOn}`);
  return rules;
}

/**
 * How register books are numbered (TT 04/2020/TT-BTP). Kept as data because the exact wording
 * was not found (domain-notes §3.6 [M]); the MOJ's shared software may issue the official
 * numbers where it is used (see docs/civil-status.md).
 */
export const registerBookRules = {
  /** Books are opened per year and closed at year-end. */
  perYear: true,
  /** When a book fills up within a year the next book continues the year's numbering. */
  numberingContinuesAcrossBooks: true,
  source: 'Thông tư 04/2020/TT-BTP (sổ hộ tịch); domain-notes §3.6',
  note: 'Continuation across books is our reading of practice, not a quoted article.',
} as const;

// ── Facts ──────────────────────────────────────────────────────────────────────────────────

const isoDate = z.iso.date();
const name = z.string().min(1).max(200);
const place = z.string().min(1).max(500);
const citizenId = z.string().regex(/^\d{12}$/);
const sex = z.enum(['male', 'female']);

export const parentSchema = z.strictObject({
  fullName: name,
  birthYear: z.number().int().min(1880).max(2200),
  ethnicity: z.string().min(1).max(50),
  nationality: z.string().min(1).max(50),
  residence: z.string().max(500),
  citizenId: citizenId.nullable(),
});
export type Parent = z.infer<typeof parentSchema>;

export const declarantSchema = z.strictObject({
  fullName: name,
  citizenId,
  /** "mẹ", "cha", "bà nội", "con", "vợ" … */
  relationship: z.string().min(1).max(100),
});
export type Declarant = z.infer<typeof declarantSchema>;

export const birthFactsSchema = z.strictObject({
  child: z.strictObject({
    fullName: name,
    sex,
    dateOfBirth: isoDate,
    placeOfBirth: place,
    hometown: z.string().max(500),
    ethnicity: z.string().min(1).max(50),
    nationality: z.string().min(1).max(50),
    /** Số định danh cá nhân, when the population database has issued it. */
    personalId: citizenId.nullable(),
  }),
  mother: parentSchema.nullable(),
  father: parentSchema.nullable(),
  /** What proves the birth: Giấy chứng sinh, a witness statement, an abandonment record. */
  evidence: z.enum(['birth_notice', 'witness_statement', 'abandonment_record']),
});
export type BirthFacts = z.infer<typeof birthFactsSchema>;

export const deathFactsSchema = z.strictObject({
  deceased: z.strictObject({
    fullName: name,
    sex,
    dateOfBirth: isoDate,
    ethnicity: z.string().min(1).max(50),
    nationality: z.string().min(1).max(50),
    personalId: citizenId.nullable(),
    lastResidence: place,
  }),
  dateOfDeath: isoDate,
  /** HH:MM, when known. */
  timeOfDeath: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
    .nullable(),
  placeOfDeath: place,
  cause: z.string().min(1).max(500),
  deathNotice: z
    .strictObject({
      number: z.string().min(1).max(50),
      issuedOn: isoDate,
      issuedBy: z.string().min(1).max(200),
    })
    .nullable(),
});
export type DeathFacts = z.infer<typeof deathFactsSchema>;

export const spouseSchema = z.strictObject({
  fullName: name,
  dateOfBirth: isoDate,
  ethnicity: z.string().min(1).max(50),
  nationality: z.string().min(1).max(50),
  residence: place,
  citizenId,
});
export type Spouse = z.infer<typeof spouseSchema>;

export const marriageFactsSchema = z.strictObject({
  husband: spouseSchema,
  wife: spouseSchema,
  /** Both parties must attend and sign (Law 60/2014 art. 18). */
  presence: z.strictObject({ husband: z.boolean(), wife: z.boolean() }),
});
export type MarriageFacts = z.infer<typeof marriageFactsSchema>;

export type CivilFacts =
  | { readonly kind: 'birth'; readonly facts: BirthFacts }
  | { readonly kind: 'death'; readonly facts: DeathFacts }
  | { readonly kind: 'marriage'; readonly facts: MarriageFacts };

export const factsSchemas = {
  birth: birthFactsSchema,
  death: deathFactsSchema,
  marriage: marriageFactsSchema,
} as const;

// ── Books ──────────────────────────────────────────────────────────────────────────────────

/** "Quyển số 01/2026": the book's number within its year, then the year. */
export function formatBook(bookNo: number, year: number): string {
  if (!Number.isInteger(bookNo) || bookNo < 1 || bookNo > 99) throw new RangeError('bookNo');
  return `${String(bookNo).padStart(2, '0')}/${year}`;
}

/** The register book a (unit, kind, year, bookNo) names, as an entity id. */
export function bookId(unitCode: string, kind: CivilKind, year: number, bookNo: number): string {
  return `${unitCode}:${kind}:${year}:${bookNo}`;
}

export const bookOpenedPayload = z.strictObject({
  kind: z.enum(civilKinds),
  year: z.number().int().min(1945).max(2200),
  bookNo: z.number().int().min(1).max(99),
  /** The first number this book gives: 1, or where the paper book (or the previous one) stopped + 1. */
  firstNumber: z.number().int().min(1).max(1_000_000),
  note: z.string().max(2000),
});
export const bookClosedPayload = z.strictObject({
  kind: z.enum(civilKinds),
  year: z.number().int(),
  bookNo: z.number().int(),
  lastNumber: z.number().int().min(0),
  entries: z.number().int().min(0),
  closedOn: isoDate,
  /** Full (the next book continues the year's numbering) or the year-end closing. */
  reason: z.enum(['full', 'year_end']),
});

// ── Events ─────────────────────────────────────────────────────────────────────────────────

export const signerSchema = z.strictObject({
  title: z.string().max(100),
  name: z.string().max(200),
});

const registeredBase = {
  dossierId: z.string().nullable(),
  dossierCode: z.string().nullable(),
  book: z.strictObject({ year: z.number().int(), bookNo: z.number().int() }),
  number: z.number().int().min(1),
  registeredOn: isoDate,
  rules: z.enum(['law-60-2014', 'law-03-2026']),
  late: z.boolean(),
  declarant: declarantSchema.nullable(),
  officerName: z.string().max(200),
  signer: signerSchema,
  /** Inter-linked procedures requested with the registration (liên thông). */
  interlinked: z.array(z.string().max(50)).max(5),
};

export const registeredPayload = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('birth'), facts: birthFactsSchema, ...registeredBase }),
  z.strictObject({ kind: z.literal('death'), facts: deathFactsSchema, ...registeredBase }),
  z.strictObject({ kind: z.literal('marriage'), facts: marriageFactsSchema, ...registeredBase }),
]);
export type RegisteredPayload = z.infer<typeof registeredPayload>;

export const correctionChangeSchema = z.strictObject({
  /** Dotted path in the facts, e.g. "child.fullName". */
  path: z.string().min(1).max(100),
  from: z.union([z.string(), z.number(), z.null()]),
  to: z.union([z.string(), z.number(), z.null()]),
});
export type CorrectionChange = z.infer<typeof correctionChangeSchema>;

export const correctedPayload = z.strictObject({
  /** Cải chính (a wrong entry) or bổ sung (a missing one). */
  type: z.enum(['correction', 'supplement']),
  changes: z.array(correctionChangeSchema).min(1).max(20),
  reason: z.string().min(1).max(2000),
  legalBasis: z.string().min(1).max(500),
  correctedOn: isoDate,
  dossierId: z.string().nullable(),
  officerName: z.string().max(200),
});
export type CorrectedPayload = z.infer<typeof correctedPayload>;

export const copiesIssuedPayload = z.strictObject({
  copies: z.number().int().min(1).max(100),
  feeVnd: z.number().int().min(0),
  requestedBy: z.string().min(1).max(200),
  issuedOn: isoDate,
  dossierId: z.string().nullable(),
});

// ── The record ─────────────────────────────────────────────────────────────────────────────

export interface CivilHistoryEntry {
  readonly type: 'registered' | 'correction' | 'supplement' | 'copies_issued';
  readonly at: string;
  readonly actorId: string | null;
  readonly summary: readonly CorrectionChange[];
  readonly reason: string | null;
  readonly legalBasis: string | null;
  readonly copies: number | null;
}

export type CivilRecord = RegisteredPayload & {
  readonly id: string;
  readonly unitCode: string;
  /** Re-issues after a correction: the certificate serial the next print carries. */
  readonly certificateSerial: number;
  readonly corrections: number;
  readonly copiesIssued: number;
  readonly history: readonly CivilHistoryEntry[];
  readonly updatedAt: string;
};

export interface CivilEventLike {
  readonly type: string;
  readonly entityId: string;
  readonly unitCode: string;
  readonly actorId: string | null;
  readonly payload: unknown;
  readonly occurredAt: string;
}

type Scalar = string | number | null;

function readPath(facts: unknown, path: string): Scalar | undefined {
  let at: unknown = facts;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || !(part in at)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return typeof at === 'string' || typeof at === 'number' || at === null ? at : undefined;
}

function writePath<T>(facts: T, path: string, value: Scalar): T {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return facts;
  const obj = facts as Record<string, unknown>;
  return {
    ...obj,
    [head]: rest.length === 0 ? value : writePath(obj[head], rest.join('.'), value),
  } as T;
}

/** The facts after a correction, validated against the kind's schema (throws when invalid). */
export function applyCorrection<K extends CivilKind>(
  kind: K,
  facts: z.infer<(typeof factsSchemas)[K]>,
  changes: readonly CorrectionChange[],
): z.infer<(typeof factsSchemas)[K]> {
  let next: unknown = facts;
  for (const change of changes) next = writePath(next, change.path, change.to);
  return factsSchemas[kind].parse(next) as z.infer<(typeof factsSchemas)[K]>;
}

/** The paths of a kind's facts a correction may change (scalar leaves, parents included). */
export function correctablePaths(kind: CivilKind): readonly string[] {
  switch (kind) {
    case 'birth':
      return [
        ...[
          'fullName',
          'sex',
          'dateOfBirth',
          'placeOfBirth',
          'hometown',
          'ethnicity',
          'nationality',
          'personalId',
        ].map((f) => `child.${f}`),
        ...['mother', 'father'].flatMap((p) =>
          ['fullName', 'birthYear', 'ethnicity', 'nationality', 'residence', 'citizenId'].map(
            (f) => `${p}.${f}`,
          ),
        ),
      ];
    case 'death':
      return [
        ...[
          'fullName',
          'sex',
          'dateOfBirth',
          'ethnicity',
          'nationality',
          'personalId',
          'lastResidence',
        ].map((f) => `deceased.${f}`),
        'dateOfDeath',
        'timeOfDeath',
        'placeOfDeath',
        'cause',
      ];
    case 'marriage':
      return ['husband', 'wife'].flatMap((p) =>
        ['fullName', 'dateOfBirth', 'ethnicity', 'nationality', 'residence', 'citizenId'].map(
          (f) => `${p}.${f}`,
        ),
      );
  }
}

/** The current value at a path of a record's facts (for showing "from" in a correction). */
export function factAt(record: Pick<CivilRecord, 'facts'>, path: string): Scalar | undefined {
  return readPath(record.facts, path);
}

/** The record after `event`; `state` is null for the registration. */
export function reduceCivilRecord(state: CivilRecord | null, event: CivilEventLike): CivilRecord {
  const at = event.occurredAt;
  if (event.type === civilEventTypes.registered) {
    const p = registeredPayload.parse(event.payload);
    return {
      ...p,
      id: event.entityId,
      unitCode: event.unitCode,
      certificateSerial: 1,
      corrections: 0,
      copiesIssued: 0,
      history: [
        {
          type: 'registered',
          at,
          actorId: event.actorId,
          summary: [],
          reason: null,
          legalBasis: null,
          copies: null,
        },
      ],
      updatedAt: at,
    };
  }
  if (state === null)
    throw new Error(`Civil record ${event.entityId}: ${event.type} before registration`);
  switch (event.type) {
    case civilEventTypes.corrected: {
      const p = correctedPayload.parse(event.payload);
      const facts = applyCorrection(state.kind, state.facts as never, p.changes);
      return {
        ...state,
        facts,
        certificateSerial: state.certificateSerial + 1,
        corrections: state.corrections + 1,
        history: [
          ...state.history,
          {
            type: p.type,
            at,
            actorId: event.actorId,
            summary: p.changes,
            reason: p.reason,
            legalBasis: p.legalBasis,
            copies: null,
          },
        ],
        updatedAt: at,
      } as CivilRecord;
    }
    case civilEventTypes.copiesIssued: {
      const p = copiesIssuedPayload.parse(event.payload);
      return {
        ...state,
        copiesIssued: state.copiesIssued + p.copies,
        history: [
          ...state.history,
          {
            type: 'copies_issued',
            at,
            actorId: event.actorId,
            summary: [],
            reason: null,
            legalBasis: null,
            copies: p.copies,
          },
        ],
        updatedAt: at,
      };
    }
    default:
      throw new Error(`Unknown civil-status event ${event.type}`);
  }
}

// ── The rules a registration must meet ─────────────────────────────────────────────────────

/** A rule broken, at a path of the input, with the message key that explains it. */
export interface CivilProblem {
  readonly field: string;
  readonly code:
    | 'date_in_future'
    | 'birth_after_registration'
    | 'parent_born_after_child'
    | 'death_before_birth'
    | 'death_after_registration'
    | 'death_notice_before_death'
    | 'underage'
    | 'party_absent'
    | 'same_person'
    | 'already_married'
    | 'already_dead'
    | 'already_registered'
    | 'sex_mismatch'
    | 'interlink_not_offered'
    | 'child_over_six';
  readonly params?: Readonly<Record<string, string | number>>;
}

function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

/** Full years of age on `on` for someone born on `born` (both YYYY-MM-DD). */
export function ageOn(born: string, on: string): number {
  const [by, bm, bd] = born.split('-').map(Number) as [number, number, number];
  const [y, m, d] = on.split('-').map(Number) as [number, number, number];
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/** Late when registered more than `windowDays` calendar days after the event. */
export function isLate(eventOn: string, registeredOn: string, windowDays: number): boolean {
  return dayNumber(registeredOn) - dayNumber(eventOn) > windowDays;
}

/** Birth: the child was born on or before the registration, after the parents' birth years. */
export function birthProblems(facts: BirthFacts, registeredOn: string): CivilProblem[] {
  const problems: CivilProblem[] = [];
  if (facts.child.dateOfBirth > registeredOn)
    problems.push({ field: 'facts.child.dateOfBirth', code: 'birth_after_registration' });
  const childYear = Number(facts.child.dateOfBirth.slice(0, 4));
  for (const parent of ['mother', 'father'] as const) {
    const p = facts[parent];
    if (p !== null && p.birthYear >= childYear)
      problems.push({ field: `facts.${parent}.birthYear`, code: 'parent_born_after_child' });
  }
  return problems;
}

/** Death: born before the death, which is on or before the registration. */
export function deathProblems(facts: DeathFacts, registeredOn: string): CivilProblem[] {
  const problems: CivilProblem[] = [];
  if (facts.deceased.dateOfBirth > facts.dateOfDeath)
    problems.push({ field: 'facts.dateOfDeath', code: 'death_before_birth' });
  if (facts.dateOfDeath > registeredOn)
    problems.push({ field: 'facts.dateOfDeath', code: 'death_after_registration' });
  if (facts.deathNotice !== null && facts.deathNotice.issuedOn < facts.dateOfDeath)
    problems.push({ field: 'facts.deathNotice.issuedOn', code: 'death_notice_before_death' });
  return problems;
}

/** Marriage: ages on the registration date, both present, two different people. */
export function marriageProblems(
  facts: MarriageFacts,
  registeredOn: string,
  rules: CivilRules,
): CivilProblem[] {
  const problems: CivilProblem[] = [];
  const parties = [
    ['husband', rules.marriageMinAge.man],
    ['wife', rules.marriageMinAge.woman],
  ] as const;
  for (const [party, minAge] of parties) {
    const born = facts[party].dateOfBirth;
    if (born > registeredOn) {
      problems.push({ field: `facts.${party}.dateOfBirth`, code: 'date_in_future' });
      continue;
    }
    const age = ageOn(born, registeredOn);
    if (age < minAge)
      problems.push({
        field: `facts.${party}.dateOfBirth`,
        code: 'underage',
        params: { age, minAge },
      });
    if (!facts.presence[party])
      problems.push({ field: `facts.presence.${party}`, code: 'party_absent' });
  }
  if (facts.husband.citizenId === facts.wife.citizenId)
    problems.push({ field: 'facts.wife.citizenId', code: 'same_person' });
  return problems;
}

/** Every rule of `kind` that needs only the facts and the date (the registers are checked apart). */
export function registrationProblems(input: CivilFacts, registeredOn: string): CivilProblem[] {
  switch (input.kind) {
    case 'birth':
      return birthProblems(input.facts, registeredOn);
    case 'death':
      return deathProblems(input.facts, registeredOn);
    case 'marriage':
      return marriageProblems(input.facts, registeredOn, civilRulesOn(registeredOn));
  }
}

/** Whether a registration on `registeredOn` is late under the law then in force. */
export function registrationIsLate(input: CivilFacts, registeredOn: string): boolean {
  const rules = civilRulesOn(registeredOn);
  switch (input.kind) {
    case 'birth':
      return isLate(input.facts.child.dateOfBirth, registeredOn, rules.birthWindowDays);
    case 'death':
      return isLate(input.facts.dateOfDeath, registeredOn, rules.deathWindowDays);
    case 'marriage':
      return false;
  }
}

/** The people a record is about, for search: name, date of birth, ID number, role. */
export interface RecordPerson {
  readonly role: 'child' | 'mother' | 'father' | 'deceased' | 'husband' | 'wife';
  readonly fullName: string;
  readonly dateOfBirth: string | null;
  readonly citizenId: string | null;
}

export function peopleOf(record: CivilFacts): RecordPerson[] {
  switch (record.kind) {
    case 'birth': {
      const f = record.facts;
      const people: RecordPerson[] = [
        {
          role: 'child',
          fullName: f.child.fullName,
          dateOfBirth: f.child.dateOfBirth,
          citizenId: f.child.personalId,
        },
      ];
      for (const role of ['mother', 'father'] as const) {
        const p = f[role];
        if (p !== null)
          people.push({ role, fullName: p.fullName, dateOfBirth: null, citizenId: p.citizenId });
      }
      return people;
    }
    case 'death':
      return [
        {
          role: 'deceased',
          fullName: record.facts.deceased.fullName,
          dateOfBirth: record.facts.deceased.dateOfBirth,
          citizenId: record.facts.deceased.personalId,
        },
      ];
    case 'marriage':
      return (['husband', 'wife'] as const).map((role) => ({
        role,
        fullName: record.facts[role].fullName,
        dateOfBirth: record.facts[role].dateOfBirth,
        citizenId: record.facts[role].citizenId,
      }));
  }
}

/** The person a record is principally about (the child, the deceased, the husband). */
export function principalName(record: CivilFacts): string {
  switch (record.kind) {
    case 'birth':
      return record.facts.child.fullName;
    case 'death':
      return record.facts.deceased.fullName;
    case 'marriage':
      return `${record.facts.husband.fullName} – ${record.facts.wife.fullName}`;
  }
}

/** Inter-linked procedures (liên thông, NĐ 63/2024/NĐ-CP) a registration may request. */
export const interlinkedServices = {
  birth: ['permanent_residence', 'health_insurance_card'],
  death: ['residence_deletion', 'funeral_allowance'],
  marriage: [],
} as const satisfies Record<CivilKind, readonly string[]>;
export type InterlinkedService =
  (typeof interlinkedServices)['birth'][number] | (typeof interlinkedServices)['death'][number];

/** The health-insurance card is for children under 6 (NĐ 63/2024). */
export function interlinkProblems(
  input: CivilFacts,
  requested: readonly string[],
  registeredOn: string,
): CivilProblem[] {
  const allowed: readonly string[] = interlinkedServices[input.kind];
  const problems: CivilProblem[] = [];
  requested.forEach((s, i) => {
    if (!allowed.includes(s))
      problems.push({ field: `interlinked.${i}`, code: 'interlink_not_offered' });
    else if (
      s === 'health_insurance_card' &&
      input.kind === 'birth' &&
      ageOn(input.facts.child.dateOfBirth, registeredOn) >= 6
    )
      problems.push({ field: `interlinked.${i}`, code: 'child_over_six' });
  });
  return problems;
}
