// Projection of civil-status events: each record's state is the fold of its events (the pure
// reducer in domain/civil-status.ts); the people it names are rewritten for search; the book's
// last number follows the numbers given, so a node rebuilt from its log continues the sequence.
import { sql, type Kysely } from 'kysely';
import {
  bookClosedPayload,
  bookOpenedPayload,
  civilEventTypes,
  peopleOf,
  principalName,
  reduceCivilRecord,
  type CivilFacts,
  type CivilRecord,
} from '../../domain/civil-status.js';
import type { StoredEvent } from '../../domain/events.js';
import { foldVietnamese } from '../../domain/text-fold.js';
import type { Projector, Projectors } from '../projections.js';
import type { CivilRecordPeopleTable, CivilRecordsTable, Database } from '../schema.js';

function principalSex(record: CivilFacts): string | null {
  if (record.kind === 'birth') return record.facts.child.sex;
  if (record.kind === 'death') return record.facts.deceased.sex;
  return null;
}

function columns(record: CivilRecord) {
  return {
    unit_code: record.unitCode,
    kind: record.kind,
    book_year: record.book.year,
    book_no: record.book.bookNo,
    number: record.number,
    registered_on: record.registeredOn,
    late: record.late ? 1 : 0,
    sex: principalSex(record),
    dossier_id: record.dossierId,
    principal_name: principalName(record),
    updated_at: record.updatedAt,
    state: JSON.stringify(record),
  };
}

/** The civil_records row of a record (also what bench:civil bulk-loads, so the two agree). */
export function civilRecordRow(record: CivilRecord): CivilRecordsTable {
  return { id: record.id, ...columns(record) };
}

/** The civil_record_people rows of a record: each person it names, folded for search. */
export function civilPeopleRows(record: CivilRecord): CivilRecordPeopleTable[] {
  return peopleOf(record).map((p) => {
    const nameFold = foldVietnamese(p.fullName);
    return {
      record_id: record.id,
      role: p.role,
      unit_code: record.unitCode,
      kind: record.kind,
      name_fold: nameFold,
      given_fold: nameFold.split(' ').at(-1) ?? nameFold,
      date_of_birth: p.dateOfBirth,
      citizen_id: p.citizenId,
      registered_on: record.registeredOn,
    };
  });
}

async function writePeople(db: Kysely<Database>, record: CivilRecord): Promise<void> {
  await db.deleteFrom('civil_record_people').where('record_id', '=', record.id).execute();
  const rows = civilPeopleRows(record);
  if (rows.length > 0) await db.insertInto('civil_record_people').values(rows).execute();
}

const projectRecord: Projector = async (db, event: StoredEvent) => {
  if (event.type === civilEventTypes.registered) {
    const record = reduceCivilRecord(null, event);
    await db.insertInto('civil_records').values(civilRecordRow(record)).execute();
    await writePeople(db, record);
    // The book follows the highest number given; created here if its opening never reached
    // this database (it always travels first in the same chain, so that is only a safeguard).
    await sql`insert into civil_books
        (unit_code, kind, year, book_no, first_number, last_number, entries, opened_at)
      values (${record.unitCode}, ${record.kind}, ${record.book.year}, ${record.book.bookNo},
        ${record.number}, ${record.number}, 1, ${event.occurredAt})
      on conflict (unit_code, kind, year, book_no) do update set
        entries = civil_books.entries + 1,
        last_number = case when excluded.last_number > civil_books.last_number
          then excluded.last_number else civil_books.last_number end`.execute(db);
    return;
  }
  const row = await db
    .selectFrom('civil_records')
    .select('state')
    .where('id', '=', event.entityId)
    .executeTakeFirst();
  const before = row === undefined ? null : (JSON.parse(row.state) as CivilRecord);
  const after = reduceCivilRecord(before, event);
  await db.updateTable('civil_records').set(columns(after)).where('id', '=', after.id).execute();
  if (event.type === civilEventTypes.corrected) await writePeople(db, after);
};

export const civilStatusProjectors: Projectors = {
  [civilEventTypes.registered]: projectRecord,
  [civilEventTypes.corrected]: projectRecord,
  [civilEventTypes.copiesIssued]: projectRecord,
  [civilEventTypes.bookOpened]: async (db, event) => {
    const p = bookOpenedPayload.parse(event.payload);
    await db
      .insertInto('civil_books')
      .values({
        unit_code: event.unitCode,
        kind: p.kind,
        year: p.year,
        book_no: p.bookNo,
        first_number: p.firstNumber,
        last_number: p.firstNumber - 1,
        entries: 0,
        opened_at: event.occurredAt,
      })
      .execute();
  },
  [civilEventTypes.bookClosed]: async (db, event) => {
    const p = bookClosedPayload.parse(event.payload);
    await db
      .updateTable('civil_books')
      .set({ closed_on: p.closedOn, close_reason: p.reason })
      .where('unit_code', '=', event.unitCode)
      .where('kind', '=', p.kind)
      .where('year', '=', p.year)
      .where('book_no', '=', p.bookNo)
      .execute();
  },
};
