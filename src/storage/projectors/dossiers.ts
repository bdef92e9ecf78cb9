// Projection of dossier events: each event folds into the dossier's state (the pure reducer in
// domain/dossiers.ts) and the row the queues read is rewritten from it. The code counter
// follows the codes seen, so a node rebuilt from its events continues the same sequence.
import { sql, type Kysely } from 'kysely';
import {
  dossierEventTypes,
  reduceDossier,
  statusCode,
  type DossierState,
} from '../../domain/dossiers.js';
import type { StoredEvent } from '../../domain/events.js';
import type { Projector, Projectors } from '../projections.js';
import type { Database } from '../schema.js';

function columns(state: DossierState) {
  return {
    code: state.code,
    unit_code: state.ownerUnitCode,
    receiving_unit_code: state.receivingUnitCode,
    competent_unit_code: state.competentUnitCode,
    procedure_code: state.procedureCode,
    channel: state.channel,
    status: state.status,
    status_code: statusCode(state.status),
    applicant_name: state.applicant.fullName,
    applicant_citizen_id: state.applicant.citizenId,
    submitted_at: state.submittedAt,
    received_at: state.receivedAt,
    due_at: state.dueAt,
    extended_due_at: state.extendedDueAt,
    completed_at: state.completedAt,
    returned_at: state.returnedAt,
    assignee_id: state.assigneeId,
    pending_approval: state.pendingApproval ? 1 : 0,
    transfer_pending: state.transferPending ? 1 : 0,
    fee_total_vnd: state.fee.totalVnd,
    updated_at: state.updatedAt,
    state: JSON.stringify(state),
    rating: state.rating,
    reused_components: state.components.filter((c) => c.reusedFromData).length,
    payments: state.payments.length,
    online_payments: state.payments.filter((p) => p.method === 'bank_transfer').length,
  };
}

/** The sequence number at the end of a dossier code (`…-261126-0007` → 7). */
function codeSequence(code: string): { localDate: string; seq: number } | null {
  const match = /-(\d{2})(\d{2})(\d{2})-(\d{4,})$/.exec(code);
  if (match === null) return null;
  const [, yy, mm, dd, seq] = match as unknown as [string, string, string, string, string];
  return { localDate: `20${yy}-${mm}-${dd}`, seq: Number(seq) };
}

async function followCounter(db: Kysely<Database>, unitCode: string, code: string): Promise<void> {
  const parsed = codeSequence(code);
  if (parsed === null) return;
  // One statement: the counter only ever moves forward, to the highest sequence seen. Written
  // as SQL (the same on both databases): the query builder took longer than the query.
  await sql`insert into dossier_code_counters (unit_code, local_date, last_seq)
    values (${unitCode}, ${parsed.localDate}, ${parsed.seq})
    on conflict (unit_code, local_date) do update set last_seq =
      case when excluded.last_seq > dossier_code_counters.last_seq
        then excluded.last_seq else dossier_code_counters.last_seq end`.execute(db);
}

const firstEvents: readonly string[] = [
  dossierEventTypes.received,
  dossierEventTypes.submittedOnline,
];

const projectDossier: Projector = async (db, event: StoredEvent, batch) => {
  // A dossier's first event creates it: nothing to read (a duplicate fails on the primary key).
  // Within a batch, the state an earlier event of the batch left is at hand.
  const key = `dossier:${event.entityId}`;
  const held = batch?.memo.get(key) as DossierState | undefined;
  const row =
    held !== undefined || firstEvents.includes(event.type)
      ? undefined
      : await db
          .selectFrom('dossiers')
          .select('state')
          .where('id', '=', event.entityId)
          .executeTakeFirst();
  const before = held ?? (row === undefined ? null : (JSON.parse(row.state) as DossierState));
  const after = reduceDossier(before, event);
  batch?.memo.set(key, after);
  if (before === null) {
    await db
      .insertInto('dossiers')
      .values({ id: after.id, ...columns(after) })
      .execute();
    await followCounter(db, after.receivingUnitCode, after.code);
    const hashes = [...new Set(after.components.flatMap((c) => c.attachments))];
    if (hashes.length > 0)
      await db
        .insertInto('dossier_attachments')
        .values(hashes.map((hash) => ({ hash, dossier_id: after.id })))
        .onConflict((oc) => oc.doNothing())
        .execute();
  } else {
    const write = async () => {
      await db.updateTable('dossiers').set(columns(after)).where('id', '=', after.id).execute();
    };
    // In a batch, the row is written once, with the last state.
    if (batch === undefined) await write();
    else batch.defer(key, write);
  }
};

export const dossierProjectors: Projectors = Object.fromEntries(
  Object.values(dossierEventTypes).map((type) => [type, projectDossier]),
);
