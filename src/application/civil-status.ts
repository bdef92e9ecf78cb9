// Civil-status use cases (domain-notes §3): registering a birth, a death or a marriage — a
// dossier of the desk, processed at once, and an entry in the unit's register book with the
// next number — corrections, certified copies, the books themselves, reading and searching the
// registers. Each runs inside runUseCase: validate → authorise → check the registers → append.
import { z } from 'zod';
import { validateCitizenId, type Sex } from '../domain/citizen-id.js';
import {
  civilEventTypes,
  civilKinds,
  civilProcedureCodes,
  civilRulesOn,
  correctablePaths,
  factAt,
  formatBook,
  interlinkProblems,
  registrationIsLate,
  registrationProblems,
  applyCorrection,
  type CivilFacts,
  type CivilKind,
  type CivilProblem,
  type CivilRecord,
  type CorrectionChange,
  type Declarant,
  type RegisteredPayload,
} from '../domain/civil-status.js';
import { vietnamDate, type DossierState } from '../domain/dossiers.js';
import { foldVietnamese } from '../domain/text-fold.js';
import type { MessageKey } from '../i18n/messages.js';
import type { CivilRecordsTable } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { citizenIdProblems } from './citizen-id-problems.js';
import { acceptProcessedAtOnce, receiveProcessedAtOnce } from './dossiers.js';
import { localDate, required, text, type RegisterInput } from './civil-inputs.js';

export {
  birthFactsInput,
  civilDraftInput,
  deathFactsInput,
  marriageFactsInput,
  registerInput,
  type CivilDraft,
  type RegisterInput,
} from './civil-inputs.js';
import { interlinkedOf, queueInterlinked, type InterlinkStatusView } from './interlink.js';
import { AppError, validationError, type FieldProblem } from './errors.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

// ── Helpers ────────────────────────────────────────────────────────────────────────────────

function today(uc: UseCase): string {
  return vietnamDate(uc.now);
}

function problemsOf(problems: readonly CivilProblem[]): FieldProblem[] {
  return problems.map((p) => ({
    field: p.field,
    reason: p.code,
    message: `civil.${p.code}` as MessageKey,
    ...(p.params === undefined ? {} : { params: p.params }),
  }));
}

async function audit(
  uc: UseCase,
  action:
    | 'civil.register'
    | 'civil.correct'
    | 'civil.read'
    | 'civil.search'
    | 'civil.copy'
    | 'civil.book_manage',
  subjectId: string | null,
  eventId: string | null,
  subjectType = 'civil_record',
): Promise<void> {
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: eventId === null ? 'read' : 'write',
    action,
    subjectType,
    subjectId,
    outcome: 'ok',
    ...(eventId === null ? {} : { eventId }),
  });
}

/** Citizen-ID checks for every person of the facts who has a number. */
function idProblems(uc: UseCase, input: CivilFacts, declarant: Declarant | null): FieldProblem[] {
  const on = today(uc);
  const check = (
    id: string | null,
    prefix: string,
    facts: { dateOfBirth?: string; sex?: Sex },
  ): FieldProblem[] => {
    if (id === null) return [];
    const result = validateCitizenId(id, { today: on, ...facts }, uc.services.cccdPrefixes);
    if (result.ok) return [];
    // The form has no sex field for a parent or a spouse: the number itself is what is wrong.
    return citizenIdProblems(result.problems, prefix).map((p) =>
      p.field === `${prefix}sex` ? { ...p, field: `${prefix}citizenId` } : p,
    );
  };
  const problems: FieldProblem[] = [];
  if (declarant !== null) problems.push(...check(declarant.citizenId, 'declarant.', {}));
  switch (input.kind) {
    case 'birth': {
      const f = input.facts;
      problems.push(
        ...check(f.child.personalId, 'facts.child.', {
          dateOfBirth: f.child.dateOfBirth,
          sex: f.child.sex,
        }),
      );
      for (const [role, parentSex] of [
        ['mother', 'female'],
        ['father', 'male'],
      ] as const) {
        const p = f[role];
        if (p !== null)
          problems.push(
            ...check(p.citizenId, `facts.${role}.`, {
              dateOfBirth: String(p.birthYear),
              sex: parentSex,
            }),
          );
      }
      break;
    }
    case 'death':
      problems.push(
        ...check(input.facts.deceased.personalId, 'facts.deceased.', {
          dateOfBirth: input.facts.deceased.dateOfBirth,
          sex: input.facts.deceased.sex,
        }),
      );
      break;
    case 'marriage':
      for (const [role, partySex] of [
        ['husband', 'male'],
        ['wife', 'female'],
      ] as const)
        problems.push(
          ...check(input.facts[role].citizenId, `facts.${role}.`, {
            dateOfBirth: input.facts[role].dateOfBirth,
            sex: partySex,
          }),
        );
      break;
  }
  return problems;
}

function recordLabel(row: Pick<CivilRecordsTable, 'number' | 'book_no' | 'book_year'>) {
  return { number: row.number, book: formatBook(row.book_no, row.book_year) };
}

/** What the registers this node holds already say against a new registration. */
async function registerProblems(uc: UseCase, input: CivilFacts): Promise<FieldProblem[]> {
  const db = uc.tx.db;
  const problems: FieldProblem[] = [];
  const recordsNaming = (citizenId: string, kind: CivilKind, roles: readonly string[]) =>
    db
      .selectFrom('civil_record_people as p')
      .innerJoin('civil_records as r', 'r.id', 'p.record_id')
      .select(['r.id', 'r.number', 'r.book_no', 'r.book_year', 'r.state'])
      .where('p.citizen_id', '=', citizenId)
      .where('p.kind', '=', kind)
      .where('p.role', 'in', roles)
      .execute();
  const deceased = async (citizenId: string) =>
    (await recordsNaming(citizenId, 'death', ['deceased']))[0];

  switch (input.kind) {
    case 'birth': {
      const f = input.facts;
      const candidates = await db
        .selectFrom('civil_record_people as p')
        .innerJoin('civil_records as r', 'r.id', 'p.record_id')
        .select(['r.id', 'r.number', 'r.book_no', 'r.book_year', 'r.state'])
        .where('p.kind', '=', 'birth')
        .where('p.role', '=', 'child')
        .where('p.name_fold', '=', foldVietnamese(f.child.fullName))
        .where('p.date_of_birth', '=', f.child.dateOfBirth)
        .execute();
      const sameMother = candidates.find((c) => {
        const other = JSON.parse(c.state) as CivilRecord & { kind: 'birth' };
        return (
          (other.facts.mother?.fullName === undefined && f.mother === null) ||
          (other.facts.mother !== null &&
            f.mother !== null &&
            foldVietnamese(other.facts.mother.fullName) === foldVietnamese(f.mother.fullName))
        );
      });
      if (sameMother !== undefined)
        problems.push({
          field: 'facts.child.fullName',
          reason: 'already_registered',
          message: 'civil.already_registered',
          params: recordLabel(sameMother),
        });
      break;
    }
    case 'death': {
      const id = input.facts.deceased.personalId;
      const earlier = id === null ? undefined : await deceased(id);
      if (earlier !== undefined)
        problems.push({
          field: 'facts.deceased.personalId',
          reason: 'already_dead',
          message: 'civil.already_dead',
          params: recordLabel(earlier),
        });
      break;
    }
    case 'marriage':
      for (const role of ['husband', 'wife'] as const) {
        const id = input.facts[role].citizenId;
        if ((await deceased(id)) !== undefined) {
          problems.push({
            field: `facts.${role}.citizenId`,
            reason: 'already_dead',
            message: 'civil.already_dead_party',
          });
          continue;
        }
        // Married, unless the spouse of that marriage has since died. Divorce is decided by a
        // court and recorded elsewhere (ghi chú ly hôn); until that reaches the registers the
        // officer sees the marriage and checks the judgment.
        for (const m of await recordsNaming(id, 'marriage', [role])) {
          const other = JSON.parse(m.state) as CivilRecord & { kind: 'marriage' };
          const spouse = other.facts[role === 'husband' ? 'wife' : 'husband'];
          if ((await deceased(spouse.citizenId)) === undefined) {
            problems.push({
              field: `facts.${role}.citizenId`,
              reason: 'already_married',
              message: 'civil.already_married',
              params: recordLabel(m),
            });
            break;
          }
        }
      }
      break;
  }
  return problems;
}

interface BookRow {
  readonly year: number;
  readonly bookNo: number;
  readonly lastNumber: number;
}

/**
 * The book a registration of `kind` on `on` goes into, opened if the year has none yet. The
 * number it gives is `lastNumber + 1`, read and written in the caller's transaction (the write
 * lock on SQLite; the row lock below on PostgreSQL), so no two registrations get one number and
 * a registration rolled back gives its number back.
 */
async function currentBook(uc: UseCase, kind: CivilKind, on: string): Promise<BookRow> {
  const unitCode = uc.services.node.unitCode;
  const year = Number(on.slice(0, 4));
  let query = uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('kind', '=', kind)
    .where('year', '=', year)
    .orderBy('book_no', 'desc');
  if (uc.services.storage.dialect === 'postgres') query = query.forUpdate();
  const books = await query.execute();
  const open = books.find((b) => b.closed_on === null);
  if (open !== undefined) return { year, bookNo: open.book_no, lastNumber: open.last_number };
  const last = books[0];
  const yearClosed = await uc.tx.db
    .selectFrom('civil_books')
    .select('kind')
    .where('unit_code', '=', unitCode)
    .where('year', '=', year)
    .where('close_reason', '=', 'year_end')
    .executeTakeFirst();
  if (yearClosed !== undefined)
    throw validationError([
      { field: 'kind', reason: 'year_closed', message: 'civil.year_closed', params: { year } },
    ]);
  // No book yet this year, or the last one is full: the next one continues the numbering.
  const bookNo = (last?.book_no ?? 0) + 1;
  const firstNumber = (last?.last_number ?? 0) + 1;
  const event = await uc.tx.append(
    {
      type: civilEventTypes.bookOpened,
      entityType: 'civil_book',
      entityId: `${unitCode}:${kind}:${year}:${bookNo}`,
      payload: { kind, year, bookNo, firstNumber, note: '' },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, 'civil.book_manage', event.entityId, event.id, 'civil_book');
  return { year, bookNo, lastNumber: firstNumber - 1 };
}

async function signerFor(
  uc: UseCase,
  signerId: string | undefined,
): Promise<{ title: string; name: string }> {
  let query = uc.tx.db
    .selectFrom('accounts')
    .select(['id', 'display_name'])
    .where('unit_code', '=', uc.services.node.unitCode)
    .where('role', '=', 'leader')
    .where('active', '=', 1)
    .orderBy('username');
  if (signerId !== undefined) query = query.where('id', '=', signerId);
  const leader = await query.executeTakeFirst();
  if (leader === undefined && signerId !== undefined)
    throw validationError([
      { field: 'signerId', reason: 'signer_unknown', message: 'civil.signer_unknown' },
    ]);
  return {
    title: uc.services.node.profile.signerTitle.join('\n'),
    name: leader?.display_name ?? '',
  };
}

function applicantOf(input: RegisterInput) {
  const declarant =
    input.declarant ??
    (input.kind === 'marriage'
      ? { fullName: input.facts.husband.fullName, citizenId: input.facts.husband.citizenId }
      : undefined);
  return {
    fullName: declarant?.fullName ?? '',
    citizenId: declarant?.citizenId ?? '',
    dateOfBirth: null,
    sex: null,
    phone: input.phone ?? null,
    email: null,
    address: null,
  };
}

// ── Registration ───────────────────────────────────────────────────────────────────────────

export interface Registration {
  readonly record: CivilRecord;
  readonly dossier: DossierState;
}

/**
 * Registers a birth, death or marriage at this unit: every rule checked first (nothing is
 * written when one fails), then the dossier (received, paid, processed, submitted for
 * signature) and the register entry with the book's next number, in one transaction.
 */
export async function registerCivil(uc: UseCase, input: RegisterInput): Promise<Registration> {
  const { services } = uc;
  const unitCode = services.node.unitCode;
  authorize(uc, 'civil.register', subjectIn(services, unitCode), {
    type: 'civil_record',
    id: null,
  });
  if (services.node.role !== 'commune')
    throw validationError([
      { field: 'kind', reason: 'commune_only', message: 'civil.commune_only' },
    ]);
  const on = today(uc);
  const online =
    input.fromDossierId === undefined
      ? null
      : await onlineFiling(uc, input.fromDossierId, input.kind);
  const facts = { kind: input.kind, facts: input.facts } as CivilFacts;
  const declarant: Declarant | null = input.declarant ?? null;
  const problems: FieldProblem[] = [];
  if (declarant === null && input.kind !== 'marriage')
    problems.push({ field: 'declarant.fullName', reason: 'required', message: 'field.required' });
  problems.push(...problemsOf(registrationProblems(facts, on)));
  problems.push(...problemsOf(interlinkProblems(facts, input.interlinked, on)));
  problems.push(...idProblems(uc, facts, declarant));
  if (problems.length > 0) throw validationError(problems);
  const registers = await registerProblems(uc, facts);
  if (registers.length > 0) throw validationError(registers);

  const procedure = await services.desk.procedureInForce(
    uc.tx.db,
    civilProcedureCodes[input.kind],
    on,
  );
  if (procedure === undefined)
    throw validationError([
      {
        field: 'kind',
        reason: 'procedure_unknown',
        message: 'field.procedure_unknown',
        params: { code: civilProcedureCodes[input.kind] },
      },
    ]);
  const claimable = new Set(procedure.exemptions.map((e) => e.code));
  const badExemptions = input.exemptions.flatMap((e, i): FieldProblem[] =>
    claimable.has(e)
      ? []
      : [
          {
            field: `exemptions.${i}`,
            reason: 'exemption_unknown',
            message: 'field.exemption_unknown',
            params: { code: e },
          },
        ],
  );
  if (badExemptions.length > 0) throw validationError(badExemptions);
  const late = registrationIsLate(facts, on);
  const fee = procedure.fee({ exemptions: input.exemptions, late, copies: input.copies });
  if (fee.totalVnd > 0 && input.payment === undefined)
    throw validationError([
      {
        field: 'payment.reference',
        reason: 'payment_required',
        message: 'civil.payment_required',
        params: { amount: fee.totalVnd.toLocaleString('vi-VN') },
      },
    ]);
  const signer = await signerFor(uc, input.signerId);
  const officer = {
    id: uc.actor?.id ?? '',
    name:
      (
        await uc.tx.db
          .selectFrom('accounts')
          .select('display_name')
          .where('id', '=', uc.actor?.id ?? '')
          .executeTakeFirst()
      )?.display_name ?? '',
  };

  const dossier =
    online === null
      ? await receiveProcessedAtOnce(uc, {
          procedure,
          applicant: applicantOf(input),
          fee,
          payment: input.payment ?? null,
          note: input.note,
          officer,
        })
      : await acceptProcessedAtOnce(uc, online, {
          procedure,
          fee,
          payment: input.payment ?? null,
          officer,
        });
  const book = await currentBook(uc, input.kind, on);
  const payload = {
    ...facts,
    dossierId: dossier.id,
    dossierCode: dossier.code,
    book: { year: book.year, bookNo: book.bookNo },
    number: book.lastNumber + 1,
    registeredOn: on,
    rules: civilRulesOn(on).id,
    late,
    declarant,
    officerName: officer.name,
    signer,
    interlinked: input.interlinked,
  } as RegisteredPayload;
  const event = await uc.tx.append(
    {
      type: civilEventTypes.registered,
      entityType: 'civil_record',
      entityId: crypto.randomUUID(),
      payload,
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, 'civil.register', event.entityId, event.id);
  const record = (await loadRecord(uc, event.entityId)).record;
  await queueInterlinked(uc, record);
  return { record, dossier };
}

// ── Filed online ───────────────────────────────────────────────────────────────────────────

/** A birth, death or marriage filed online at this unit, waiting to be registered. */
async function onlineFiling(
  uc: UseCase,
  dossierId: string,
  kind?: CivilKind,
): Promise<DossierState> {
  const row = await uc.tx.db
    .selectFrom('dossiers')
    .select('state')
    .where('id', '=', dossierId)
    .executeTakeFirst();
  const state = row === undefined ? null : (JSON.parse(row.state) as DossierState);
  const codes: readonly string[] =
    kind === undefined
      ? [civilProcedureCodes.birth, civilProcedureCodes.death, civilProcedureCodes.marriage]
      : [civilProcedureCodes[kind]];
  if (
    state === null ||
    state.ownerUnitCode !== uc.services.node.unitCode ||
    state.status !== 'submitted_online' ||
    state.transferPending ||
    !codes.includes(state.procedureCode)
  )
    throw validationError([
      { field: 'fromDossierId', reason: 'not_online_filing', message: 'civil.not_online_filing' },
    ]);
  return state;
}

export interface OnlineFiling {
  readonly dossierId: string;
  readonly code: string;
  readonly kind: CivilKind;
  readonly applicantName: string;
  readonly submittedAt: string | null;
}

/** The unit's online civil-status filings waiting to be registered, oldest first. */
export async function listOnlineFilings(uc: UseCase): Promise<OnlineFiling[]> {
  const unitCode = uc.services.node.unitCode;
  authorize(uc, 'civil.register', subjectIn(uc.services, unitCode), { type: 'dossier', id: null });
  const kindOf = new Map<string, CivilKind>(
    civilKinds.map((k) => [civilProcedureCodes[k], k] as const),
  );
  const rows = await uc.tx.db
    .selectFrom('dossiers')
    .select(['id', 'code', 'procedure_code', 'applicant_name', 'submitted_at'])
    .where('unit_code', '=', unitCode)
    .where('status', '=', 'submitted_online')
    .where('transfer_pending', '=', 0)
    .where('procedure_code', 'in', [...kindOf.keys()])
    .orderBy('submitted_at')
    .limit(200)
    .execute();
  await recordAudit(uc.tx.db, unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dossier.list',
    subjectType: 'dossier',
    subjectId: null,
    outcome: 'ok',
  });
  return rows.map((r) => ({
    dossierId: r.id,
    code: r.code,
    kind: kindOf.get(r.procedure_code) ?? 'birth',
    applicantName: r.applicant_name,
    submittedAt: r.submitted_at,
  }));
}

/** What the citizen filed online, to open the registration form with (a personal-data read). */
export async function civilDraftOf(
  uc: UseCase,
  dossierId: string,
): Promise<{ dossier: DossierState; draft: Record<string, unknown> | null }> {
  authorize(uc, 'civil.register', subjectIn(uc.services, uc.services.node.unitCode), {
    type: 'dossier',
    id: dossierId,
  });
  const dossier = await onlineFiling(uc, dossierId);
  const read = (table: 'events' | 'relayed_events') =>
    uc.tx.db
      .selectFrom(table)
      .select('payload')
      .where('entity_id', '=', dossierId)
      .where('type', '=', 'dossier.submitted_online')
      .executeTakeFirst();
  const row = (await read('events')) ?? (await read('relayed_events'));
  const payload = row === undefined ? {} : (JSON.parse(row.payload) as { civilDraft?: unknown });
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'dossier.read',
    subjectType: 'dossier',
    subjectId: dossierId,
    outcome: 'ok',
  });
  const draft = payload.civilDraft;
  return {
    dossier,
    draft: typeof draft === 'object' && draft !== null ? (draft as Record<string, unknown>) : null,
  };
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

async function loadRecord(
  uc: UseCase,
  id: string,
): Promise<{ row: CivilRecordsTable; record: CivilRecord }> {
  const row = await uc.tx.db
    .selectFrom('civil_records')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('civil_record_not_found', { params: { id } });
  return { row, record: JSON.parse(row.state) as CivilRecord };
}

export interface RecordHistoryEntry {
  readonly at: string;
  readonly type: string;
  readonly actorName: string | null;
  readonly payload: unknown;
}

export interface RecordView {
  readonly record: CivilRecord;
  readonly history: readonly RecordHistoryEntry[];
  /** Records the hub found to be likely the same event registered elsewhere. */
  readonly possibleDuplicates: readonly { id: string; unitCode: string; label: string }[];
  /** The inter-linked messages (liên thông) this node queued for the record, with their status. */
  readonly interlinked: readonly InterlinkStatusView[];
}

/** A record with its whole history (every event, never overwritten). A read of personal data. */
export async function readRecord(uc: UseCase, id: string): Promise<RecordView> {
  const { row, record } = await loadRecord(uc, id);
  authorize(uc, 'civil.read', subjectIn(uc.services, row.unit_code), {
    type: 'civil_record',
    id,
  });
  await audit(uc, 'civil.read', id, null);
  const events = await uc.tx.db
    .selectFrom('events')
    .leftJoin('accounts', 'accounts.id', 'events.actor_id')
    .select([
      'events.occurred_at as at',
      'events.type',
      'events.payload',
      'accounts.display_name as actorName',
    ])
    .where('events.entity_type', '=', 'civil_record')
    .where('events.entity_id', '=', id)
    .orderBy('events.seq')
    .execute();
  // Pairs the hub flagged with this record's dossier: the other side named by its register
  // entry when this node holds it (the hub holds every commune's), else by its dossier code.
  const flags = await uc.tx.db
    .selectFrom('duplicate_flags')
    .select(['dossier_a', 'dossier_b', 'code_a', 'code_b'])
    .where((eb) =>
      eb.or([
        eb('dossier_a', '=', record.dossierId ?? ''),
        eb('dossier_b', '=', record.dossierId ?? ''),
      ]),
    )
    .execute();
  const otherSides = flags.map((f) =>
    f.dossier_a === record.dossierId
      ? { dossierId: f.dossier_b, code: f.code_b }
      : { dossierId: f.dossier_a, code: f.code_a },
  );
  const held =
    otherSides.length === 0
      ? []
      : await uc.tx.db
          .selectFrom('civil_records')
          .select(['id', 'unit_code', 'number', 'book_no', 'book_year', 'dossier_id'])
          .where(
            'dossier_id',
            'in',
            otherSides.map((o) => o.dossierId),
          )
          .execute();
  return {
    record,
    history: events.map((e) => ({
      at: e.at,
      type: e.type,
      actorName: e.actorName,
      payload: JSON.parse(e.payload) as unknown,
    })),
    possibleDuplicates: otherSides.map((o) => {
      const entry = held.find((h) => h.dossier_id === o.dossierId);
      return entry === undefined
        ? { id: o.dossierId, unitCode: o.code.split('-')[0] ?? '', label: o.code }
        : {
            id: entry.id,
            unitCode: entry.unit_code,
            label: `Số ${entry.number}, Quyển số ${formatBook(entry.book_no, entry.book_year)}`,
          };
    }),
    interlinked: await interlinkedOf(uc.tx.db, id),
  };
}

const blankIsAbsent = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

export const searchInput = z.strictObject({
  q: text(200).default(''),
  dateOfBirth: blankIsAbsent(localDate),
  citizenId: blankIsAbsent(
    z
      .string()
      .trim()
      .regex(/^\d{12}$/, { error: 'citizenId.format' }),
  ),
  kind: blankIsAbsent(z.enum(civilKinds)),
  /** Search the whole province (an officer of the province, at the hub). */
  unitCode: z
    .string()
    .regex(/^(\d{2}|\d{5})$/, { error: 'field.unit_code_format' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type SearchInput = z.input<typeof searchInput>;

export interface SearchHit {
  readonly id: string;
  readonly unitCode: string;
  readonly kind: CivilKind;
  readonly book: string;
  readonly number: number;
  readonly registeredOn: string;
  readonly principalName: string;
  /** Who matched: the child, a parent, the deceased, a spouse. */
  readonly matchedRole: string;
  readonly matchedName: string;
}

/**
 * Search by name (with or without diacritics; one word is a given name, several a full name
 * or its beginning), date of birth, ID number, parents' names. Indexed: see 0010-civil-status
 * and 0012-civil-search.
 */
export async function searchRecords(
  uc: UseCase,
  raw: z.input<typeof searchInput>,
): Promise<SearchHit[]> {
  const input = searchInput.parse(raw);
  const node = uc.services.node;
  const scope = input.unitCode ?? node.unitCode;
  authorize(uc, 'civil.search', subjectIn(uc.services, scope), { type: 'civil_record', id: null });
  const q = foldVietnamese(input.q);
  if (q === '' && input.dateOfBirth === undefined && input.citizenId === undefined) return [];
  // The page is chosen from the people alone — their index holds the registration date
  // (0012-civil-search) — and only the records on it are read: a common name has thousands of
  // namesakes in a million records.
  let people = uc.tx.db
    .selectFrom('civil_record_people')
    .select(['record_id', 'role', 'name_fold', 'registered_on']);
  if (q !== '') {
    if (q.includes(' '))
      people = people.where('name_fold', '>=', q).where('name_fold', '<', `${q}\u007f`);
    else people = people.where('given_fold', '=', q);
  }
  if (input.dateOfBirth !== undefined)
    people = people.where('date_of_birth', '=', input.dateOfBirth);
  if (input.citizenId !== undefined) people = people.where('citizen_id', '=', input.citizenId);
  if (input.kind !== undefined) people = people.where('kind', '=', input.kind);
  // A commune searches its own registers; the province (its own unit code) searches them all.
  if (scope.length === 5) people = people.where('unit_code', '=', scope);
  const page = people.orderBy('registered_on', 'desc').limit(input.limit).as('p');
  const rows = await uc.tx.db
    .selectFrom(page)
    .innerJoin('civil_records as r', 'r.id', 'p.record_id')
    .select([
      'r.id',
      'r.unit_code',
      'r.kind',
      'r.book_no',
      'r.book_year',
      'r.number',
      'r.registered_on',
      'r.principal_name',
      'p.role',
      'p.name_fold',
    ])
    .orderBy('p.registered_on', 'desc')
    .execute();
  await audit(uc, 'civil.search', null, null);
  return rows.map((r) => ({
    id: r.id,
    unitCode: r.unit_code,
    kind: r.kind as CivilKind,
    book: formatBook(r.book_no, r.book_year),
    number: r.number,
    registeredOn: r.registered_on,
    principalName: r.principal_name,
    matchedRole: r.role,
    matchedName: r.name_fold,
  }));
}

// ── Corrections ────────────────────────────────────────────────────────────────────────────

export const correctInput = z.strictObject({
  type: z.enum(['correction', 'supplement']),
  changes: z
    .array(z.strictObject({ path: z.string().min(1).max(100), to: text(500) }))
    .min(1, 'field.required')
    .max(20),
  reason: required(2000),
  legalBasis: required(500),
});
export type CorrectInput = z.infer<typeof correctInput>;

/**
 * Cải chính (a wrong entry) or bổ sung (a missing one): a new event with the reason and legal
 * basis; the registration and every earlier correction stay in the history.
 */
export async function correctRecord(
  uc: UseCase,
  id: string,
  input: CorrectInput,
): Promise<CivilRecord> {
  const { row, record } = await loadRecord(uc, id);
  authorize(uc, 'civil.correct', subjectIn(uc.services, row.unit_code), {
    type: 'civil_record',
    id,
  });
  if (row.unit_code !== uc.services.node.unitCode)
    throw validationError([
      { field: 'id', reason: 'not_held_here', message: 'civil.not_held_here' },
    ]);
  const allowed = correctablePaths(record.kind);
  const problems: FieldProblem[] = [];
  const changes: CorrectionChange[] = [];
  input.changes.forEach((c, i) => {
    if (!allowed.includes(c.path)) {
      problems.push({
        field: `changes.${i}.path`,
        reason: 'not_correctable',
        message: 'civil.not_correctable',
      });
      return;
    }
    const from = factAt(record, c.path) ?? null;
    const to =
      c.path.endsWith('birthYear') && c.to !== ''
        ? Number(c.to)
        : c.to === '' &&
            (c.path.endsWith('citizenId') ||
              c.path.endsWith('personalId') ||
              c.path.endsWith('timeOfDeath'))
          ? null
          : c.to;
    if (from === to)
      problems.push({
        field: `changes.${i}.to`,
        reason: 'no_change',
        message: 'civil.no_change',
      });
    else changes.push({ path: c.path, from, to });
  });
  if (problems.length > 0) throw validationError(problems);
  let facts: CivilFacts;
  try {
    facts = {
      kind: record.kind,
      facts: applyCorrection(record.kind, record.facts as never, changes),
    } as CivilFacts;
  } catch (error) {
    if (!(error instanceof z.ZodError)) throw error;
    throw validationError(
      error.issues.map((issue) => ({
        field: `changes.${changes.findIndex((c) => c.path === issue.path.join('.'))}.to`,
        reason: 'invalid',
        message: 'field.invalid',
      })),
    );
  }
  const after = [
    ...problemsOf(registrationProblems(facts, record.registeredOn)),
    ...idProblems(uc, facts, null),
  ];
  if (after.length > 0) throw validationError(after);
  const officer = await uc.tx.db
    .selectFrom('accounts')
    .select('display_name')
    .where('id', '=', uc.actor?.id ?? '')
    .executeTakeFirst();
  const event = await uc.tx.append(
    {
      type: civilEventTypes.corrected,
      entityType: 'civil_record',
      entityId: id,
      payload: {
        type: input.type,
        changes,
        reason: input.reason,
        legalBasis: input.legalBasis,
        correctedOn: today(uc),
        dossierId: null,
        officerName: officer?.display_name ?? '',
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, 'civil.correct', id, event.id);
  return (await loadRecord(uc, id)).record;
}

// ── Certified copies ───────────────────────────────────────────────────────────────────────

export const copiesInput = z.strictObject({
  copies: z.coerce.number().int().min(1, 'field.too_small').max(20),
  requestedBy: required(200),
  exemptions: z.array(z.string().max(50)).max(10).default([]),
  payment: z
    .strictObject({ method: z.enum(['cash', 'bank_transfer']), reference: required(100) })
    .optional(),
});
export type CopiesInput = z.infer<typeof copiesInput>;

/** Certified copies of a record's extract (8,000 VND each, from the catalogue). */
export async function issueCopies(
  uc: UseCase,
  id: string,
  input: CopiesInput,
): Promise<{ record: CivilRecord; feeVnd: number; perCopyVnd: number }> {
  const { row } = await loadRecord(uc, id);
  authorize(uc, 'civil.copy', subjectIn(uc.services, row.unit_code), { type: 'civil_record', id });
  if (row.unit_code !== uc.services.node.unitCode)
    throw validationError([
      { field: 'id', reason: 'not_held_here', message: 'civil.not_held_here' },
    ]);
  const procedure = await uc.services.desk.procedureInForce(
    uc.tx.db,
    civilProcedureCodes.copy,
    today(uc),
  );
  const fee = procedure?.fee({ exemptions: input.exemptions, late: false, copies: input.copies });
  const feeVnd = fee?.totalVnd ?? 0;
  if (feeVnd > 0 && input.payment === undefined)
    throw validationError([
      {
        field: 'payment.reference',
        reason: 'payment_required',
        message: 'civil.payment_required',
        params: { amount: feeVnd.toLocaleString('vi-VN') },
      },
    ]);
  const event = await uc.tx.append(
    {
      type: civilEventTypes.copiesIssued,
      entityType: 'civil_record',
      entityId: id,
      payload: {
        copies: input.copies,
        feeVnd,
        requestedBy: input.requestedBy,
        issuedOn: today(uc),
        dossierId: null,
      },
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, 'civil.copy', id, event.id);
  return {
    record: (await loadRecord(uc, id)).record,
    feeVnd,
    perCopyVnd: input.copies === 0 ? 0 : Math.round(feeVnd / input.copies),
  };
}

// ── Books ──────────────────────────────────────────────────────────────────────────────────

export interface BookView {
  readonly kind: CivilKind;
  readonly year: number;
  readonly bookNo: number;
  readonly label: string;
  readonly firstNumber: number;
  readonly lastNumber: number;
  readonly entries: number;
  readonly closedOn: string | null;
  readonly closeReason: string | null;
}

function bookView(b: {
  kind: string;
  year: number;
  book_no: number;
  first_number: number;
  last_number: number;
  entries: number;
  closed_on: string | null;
  close_reason: string | null;
}): BookView {
  return {
    kind: b.kind as CivilKind,
    year: b.year,
    bookNo: b.book_no,
    label: formatBook(b.book_no, b.year),
    firstNumber: b.first_number,
    lastNumber: b.last_number,
    entries: b.entries,
    closedOn: b.closed_on,
    closeReason: b.close_reason,
  };
}

/** The unit's register books, newest year first. */
export async function listBooks(uc: UseCase, unitCode?: string): Promise<BookView[]> {
  const unit = unitCode ?? uc.services.node.unitCode;
  authorize(uc, 'civil.search', subjectIn(uc.services, unit), { type: 'civil_book', id: null });
  const rows = await uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unit)
    .orderBy('year', 'desc')
    .orderBy('kind')
    .orderBy('book_no', 'desc')
    .execute();
  return rows.map(bookView);
}

export interface BookEntry {
  readonly id: string;
  readonly number: number;
  readonly registeredOn: string;
  readonly principalName: string;
  readonly late: boolean;
  readonly corrections: number;
}

/** One book's entries in number order (the register book view). A read of personal data. */
export async function readBook(
  uc: UseCase,
  ref: { kind: CivilKind; year: number; bookNo: number; unitCode?: string },
): Promise<{ book: BookView; entries: BookEntry[] }> {
  const unit = ref.unitCode ?? uc.services.node.unitCode;
  authorize(uc, 'civil.read', subjectIn(uc.services, unit), {
    type: 'civil_book',
    id: `${unit}:${ref.kind}:${ref.year}:${ref.bookNo}`,
  });
  const row = await uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unit)
    .where('kind', '=', ref.kind)
    .where('year', '=', ref.year)
    .where('book_no', '=', ref.bookNo)
    .executeTakeFirst();
  if (row === undefined) throw new AppError('not_found');
  const entries = await uc.tx.db
    .selectFrom('civil_records')
    .select(['id', 'number', 'registered_on', 'principal_name', 'late', 'state'])
    .where('unit_code', '=', unit)
    .where('kind', '=', ref.kind)
    .where('book_year', '=', ref.year)
    .where('book_no', '=', ref.bookNo)
    .orderBy('number')
    .execute();
  await audit(
    uc,
    'civil.read',
    `${unit}:${ref.kind}:${ref.year}:${ref.bookNo}`,
    null,
    'civil_book',
  );
  return {
    book: bookView(row),
    entries: entries.map((e) => ({
      id: e.id,
      number: e.number,
      registeredOn: e.registered_on,
      principalName: e.principal_name,
      late: e.late === 1,
      corrections: (JSON.parse(e.state) as CivilRecord).corrections,
    })),
  };
}

export const openBookInput = z.strictObject({
  kind: z.enum(civilKinds),
  year: z.coerce.number().int().min(2000).max(2200),
  bookNo: z.coerce.number().int().min(1, 'field.too_small').max(99),
  /** Where the paper book stopped, + 1. */
  firstNumber: z.coerce.number().int().min(1, 'field.too_small').max(1_000_000),
  note: text(2000).default(''),
});
export type OpenBookInput = z.infer<typeof openBookInput>;

/**
 * Opens a book, e.g. to continue where the unit's paper book stopped (first number 58 in book
 * 02/2026). Refused while another book of that kind and year is open, for a book number
 * already used, or a first number that would repeat one already given.
 */
export async function openBook(uc: UseCase, input: OpenBookInput): Promise<BookView> {
  const unitCode = uc.services.node.unitCode;
  authorize(uc, 'civil.book_manage', subjectIn(uc.services, unitCode), {
    type: 'civil_book',
    id: null,
  });
  const books = await uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('kind', '=', input.kind)
    .where('year', '=', input.year)
    .execute();
  const problems: FieldProblem[] = [];
  if (input.year > Number(today(uc).slice(0, 4)))
    problems.push({ field: 'year', reason: 'future_year', message: 'civil.future_year' });
  if (books.some((b) => b.closed_on === null))
    problems.push({ field: 'kind', reason: 'book_open', message: 'civil.book_open' });
  if (books.some((b) => b.close_reason === 'year_end'))
    problems.push({
      field: 'year',
      reason: 'year_closed',
      message: 'civil.year_closed',
      params: { year: input.year },
    });
  if (books.some((b) => b.book_no === input.bookNo))
    problems.push({ field: 'bookNo', reason: 'book_no_taken', message: 'civil.book_no_taken' });
  const highest = Math.max(0, ...books.map((b) => b.last_number));
  if (input.firstNumber <= highest)
    problems.push({
      field: 'firstNumber',
      reason: 'first_number_too_low',
      message: 'civil.first_number_too_low',
      params: { min: highest + 1 },
    });
  if (problems.length > 0) throw validationError(problems);
  const event = await uc.tx.append(
    {
      type: civilEventTypes.bookOpened,
      entityType: 'civil_book',
      entityId: `${unitCode}:${input.kind}:${input.year}:${input.bookNo}`,
      payload: input,
    },
    { actorId: uc.actor?.id ?? null },
  );
  await audit(uc, 'civil.book_manage', event.entityId, event.id, 'civil_book');
  const row = await uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('kind', '=', input.kind)
    .where('year', '=', input.year)
    .where('book_no', '=', input.bookNo)
    .executeTakeFirstOrThrow();
  return bookView(row);
}

export const closeInput = z.strictObject({
  year: z.coerce.number().int().min(2000).max(2200),
  /** One full book (the next continues the numbering), or every book of the year at year-end. */
  reason: z.enum(['full', 'year_end']),
  kind: z.enum(civilKinds).optional(),
});
export type CloseInput = z.infer<typeof closeInput>;

/**
 * Closes books. Year-end closing (khóa sổ cuối năm) closes every book of the year, from its
 * last day on; after it, nothing more is registered in that year. A full book is closed any
 * time, and the next registration opens the next book with the following number.
 */
export async function closeBooks(uc: UseCase, input: CloseInput): Promise<BookView[]> {
  const unitCode = uc.services.node.unitCode;
  authorize(uc, 'civil.book_manage', subjectIn(uc.services, unitCode), {
    type: 'civil_book',
    id: null,
  });
  const on = today(uc);
  if (input.reason === 'year_end' && on < `${input.year}-12-31`)
    throw validationError([
      {
        field: 'year',
        reason: 'year_not_ended',
        message: 'civil.year_not_ended',
        params: { year: input.year },
      },
    ]);
  if (input.reason === 'full' && input.kind === undefined)
    throw validationError([{ field: 'kind', reason: 'required', message: 'field.required' }]);
  let query = uc.tx.db
    .selectFrom('civil_books')
    .selectAll()
    .where('unit_code', '=', unitCode)
    .where('year', '=', input.year)
    .where('closed_on', 'is', null);
  if (input.kind !== undefined) query = query.where('kind', '=', input.kind);
  const open = await query.execute();
  if (open.length === 0)
    throw validationError([
      { field: 'year', reason: 'book_not_open', message: 'civil.book_not_open' },
    ]);
  for (const b of open) {
    const event = await uc.tx.append(
      {
        type: civilEventTypes.bookClosed,
        entityType: 'civil_book',
        entityId: `${unitCode}:${b.kind}:${b.year}:${b.book_no}`,
        payload: {
          kind: b.kind,
          year: b.year,
          bookNo: b.book_no,
          lastNumber: b.last_number,
          entries: b.entries,
          closedOn: on,
          reason: input.reason,
        },
      },
      { actorId: uc.actor?.id ?? null },
    );
    await audit(uc, 'civil.book_manage', event.entityId, event.id, 'civil_book');
  }
  return listBooks(uc);
}
