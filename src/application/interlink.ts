// The outbox of the inter-linked procedures (liên thông, NĐ 63/2024/NĐ-CP; docs/interlink.md).
// A registration that requests them queues one message per service — each service has one
// recipient — in the registration's own transaction, so that a record and its messages exist
// together or not at all. A loop started by the composition root delivers what is due through
// one adapter, outside any transaction (an adapter may wait on a network), and records each
// attempt's outcome with its audit entry. Delivery is at least once: a crash between the
// recipient's answer and the update sends the message again, with the same message id.
import type { Kysely } from 'kysely';
import type { CivilRecord, InterlinkedService } from '../domain/civil-status.js';
import {
  afterAnswer,
  afterAttempt,
  buildInterlinkMessage,
  interlinkStatuses,
  isInterlinkedService,
  recipientOf,
  type DeliveryResult,
  type InterlinkAnswer,
  type InterlinkDelivery,
  type InterlinkMessage,
  type InterlinkRecipient,
  type InterlinkStatus,
} from '../domain/interlink.js';
import type { Database, InterlinkOutboxTable } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { answerWithin, recordAttempt } from './outbox.js';
import type { Services } from './services.js';
import type { UseCase } from './use-case.js';

/**
 * What delivers a message to its recipient: one implementation per deployment (the recording
 * adapter here; a real one per docs/interlink.md). `send` answers with the recipient's outcome;
 * throwing means no answer (timeout, refused connection, server error) and the message is tried
 * again later. It must not throw for a refusal: that is `rejected`, and final.
 */
export interface InterlinkAdapter {
  readonly name: string;
  send(message: InterlinkMessage): Promise<InterlinkAnswer>;
}

/** One message's state, as the record page shows it. */
export interface InterlinkStatusView {
  readonly id: string;
  readonly service: InterlinkedService;
  readonly recipient: InterlinkRecipient;
  readonly status: InterlinkStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly reference: string | null;
  readonly updatedAt: string;
  /** The last failure, or the recipient's reason for a refusal. */
  readonly lastError: string | null;
}

function statusOf(value: string): InterlinkStatus {
  const status = interlinkStatuses.find((s) => s === value);
  if (status === undefined) throw new Error(`interlink_outbox: unknown status ${value}`);
  return status;
}

function serviceOf(value: string): InterlinkedService {
  if (!isInterlinkedService(value)) throw new Error(`interlink_outbox: unknown service ${value}`);
  return value;
}

function view(row: InterlinkOutboxTable): InterlinkStatusView {
  const service = serviceOf(row.service);
  return {
    id: row.id,
    service,
    recipient: recipientOf(service),
    status: statusOf(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    reference: row.reference,
    updatedAt: row.updated_at,
    lastError: row.last_error,
  };
}

function deliveryOf(row: InterlinkOutboxTable): InterlinkDelivery {
  return {
    status: statusOf(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    reference: row.reference,
  };
}

function columnsOf(delivery: InterlinkDelivery, now: Date) {
  return {
    status: delivery.status,
    attempts: delivery.attempts,
    next_attempt_at: delivery.nextAttemptAt,
    last_error: delivery.lastError,
    reference: delivery.reference,
    updated_at: now.toISOString(),
  };
}

/**
 * Queues the messages a record's registration asked for, due at once, in the caller's
 * transaction. Called by registerCivil after the `civil.registered` event; a service asked
 * twice is queued once.
 */
export async function queueInterlinked(
  uc: UseCase,
  record: CivilRecord,
): Promise<InterlinkStatusView[]> {
  const services = [...new Set(record.interlinked)].filter(isInterlinkedService);
  if (services.length === 0) return [];
  const at = uc.now.toISOString();
  const rows: InterlinkOutboxTable[] = services.map((service) => {
    const id = crypto.randomUUID();
    return {
      id,
      record_id: record.id,
      unit_code: record.unitCode,
      service,
      recipient: recipientOf(service),
      payload: JSON.stringify(buildInterlinkMessage(record, service, id, at)),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      reference: null,
      created_at: at,
      updated_at: at,
    };
  });
  await uc.tx.db.insertInto('interlink_outbox').values(rows).execute();
  return rows.map(view);
}

/** The messages of a record, for its page (node-local: the hub has none). */
export async function interlinkedOf(
  db: Kysely<Database>,
  recordId: string,
): Promise<InterlinkStatusView[]> {
  const rows = await db
    .selectFrom('interlink_outbox')
    .selectAll()
    .where('record_id', '=', recordId)
    .orderBy('created_at')
    .orderBy('service')
    .execute();
  return rows.map(view);
}

export interface DeliveryReport {
  readonly attempted: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly sent: number;
  readonly failed: number;
}

/** The adapter's answer, checked: anything else from a real adapter counts as a failure. */
function checkedAnswer(answer: unknown): DeliveryResult {
  if (answer === null || typeof answer !== 'object')
    return { outcome: 'failed', error: 'the adapter gave no answer' };
  const { outcome, reference, reason } = answer as Record<string, unknown>;
  if (outcome !== 'accepted' && outcome !== 'rejected' && outcome !== 'sent')
    return { outcome: 'failed', error: `the adapter answered an unknown outcome` };
  return {
    outcome,
    ...(typeof reference === 'string' ? { reference: reference.slice(0, 200) } : {}),
    ...(typeof reason === 'string' ? { reason } : {}),
  };
}

async function sendWithin(
  adapter: InterlinkAdapter,
  message: InterlinkMessage,
  timeoutMs: number,
): Promise<DeliveryResult> {
  const answer = await answerWithin(adapter.name, () => adapter.send(message), timeoutMs);
  return answer.ok ? checkedAnswer(answer.answer) : { outcome: 'failed', error: answer.error };
}

/**
 * Sends up to `limit` due messages (pending, or failed with the retry time reached), oldest
 * first, one at a time, and records each outcome and its audit entry. The caller makes sure
 * two deliveries never run at once (see integrations/interlink-delivery.ts); the update is
 * guarded anyway, so a message already moved on by someone else is left as it is.
 */
export async function deliverDue(
  services: Services,
  adapter: InterlinkAdapter,
  now: Date,
  limit = 20,
  options: { readonly timeoutMs?: number } = {},
): Promise<DeliveryReport> {
  const rows = await services.storage.db
    .selectFrom('interlink_outbox')
    .selectAll()
    .where('status', 'in', ['pending', 'failed'])
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .orderBy('created_at')
    .orderBy('service')
    .limit(limit)
    .execute();
  const report = { attempted: 0, accepted: 0, rejected: 0, sent: 0, failed: 0 };
  for (const row of rows) {
    const message = JSON.parse(row.payload) as InterlinkMessage;
    const result = await sendWithin(adapter, message, options.timeoutMs ?? 30_000);
    const next = afterAttempt(deliveryOf(row), result, now);
    await recordAttempt(services, 'interlink_outbox', row, columnsOf(next, now), now, {
      action: 'interlink.send',
      subjectType: 'interlink_message',
      ok: result.outcome !== 'failed',
    });
    report.attempted += 1;
    report[result.outcome] += 1;
  }
  return report;
}

/**
 * A recipient's later answer to a message it had received (`sent`): for a real adapter that
 * learns the outcome by polling or by a callback. Throws when the message is not waiting.
 */
export async function recordInterlinkAnswer(
  services: Services,
  messageId: string,
  answer: InterlinkAnswer & { readonly outcome: 'accepted' | 'rejected' },
  now: Date,
): Promise<InterlinkStatusView> {
  return services.storage.transaction(async (tx) => {
    const row = await tx.db
      .selectFrom('interlink_outbox')
      .selectAll()
      .where('id', '=', messageId)
      .executeTakeFirst();
    if (row === undefined) throw new Error(`No inter-linked message ${messageId}`);
    const next = afterAnswer(deliveryOf(row), answer);
    const columns = columnsOf(next, now);
    await tx.db
      .updateTable('interlink_outbox')
      .set(columns)
      .where('id', '=', row.id)
      .where('status', '=', 'sent')
      .execute();
    await recordAudit(
      tx.db,
      services.node.unitCode,
      now,
      null,
      { ip: null },
      {
        kind: 'write',
        action: 'interlink.answer',
        subjectType: 'interlink_message',
        subjectId: row.id,
        outcome: 'ok',
      },
    );
    return view({ ...row, ...columns });
  });
}
