// What the three outboxes (liên thông, notifications, the national portal) share: calling an
// adapter with a time limit, and recording one delivery attempt — the row moved on only if
// nobody moved it meanwhile, and the attempt audited, in one transaction.
import { recordAudit } from './audit.js';
import type { Services } from './services.js';

/** Calls `send` and waits at most `timeoutMs`: a throw or no answer in time is a failure. */
export async function answerWithin<T>(
  name: string,
  send: () => Promise<T>,
  timeoutMs: number,
): Promise<
  { readonly ok: true; readonly answer: T } | { readonly ok: false; readonly error: string }
> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer from ${name} within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return { ok: true, answer: await Promise.race([send(), timeout]) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/** What a notification or national-portal adapter may answer, as the outboxes record it. */
export type AdapterResult =
  | { readonly outcome: 'sent'; readonly reference?: string }
  | { readonly outcome: 'rejected'; readonly reason: string }
  | { readonly outcome: 'failed'; readonly error: string };

/** The adapter's answer, checked: anything else from a real adapter counts as no answer. */
export function checkedAnswer(answer: unknown): AdapterResult {
  if (answer === null || typeof answer !== 'object')
    return { outcome: 'failed', error: 'the adapter gave no answer' };
  const { outcome, reference, reason } = answer as Record<string, unknown>;
  if (outcome === 'sent')
    return {
      outcome,
      ...(typeof reference === 'string' ? { reference: reference.slice(0, 200) } : {}),
    };
  if (outcome === 'rejected')
    return { outcome, reason: typeof reason === 'string' ? reason : 'rejected' };
  return { outcome: 'failed', error: 'the adapter answered an unknown outcome' };
}

/** The delivery columns every outbox table has. */
export interface AttemptColumns {
  readonly status: string;
  readonly attempts: number;
  readonly next_attempt_at: string | null;
  readonly last_error: string | null;
  readonly reference: string | null;
  readonly updated_at: string;
}

/**
 * Records one attempt on an outbox row: the new delivery columns, guarded by the status and
 * attempt count the row was read with (a message moved on by someone else is left alone), and
 * its audit entry, in one transaction.
 */
export async function recordAttempt(
  services: Services,
  table: 'interlink_outbox' | 'notification_outbox' | 'portal_sync_outbox',
  row: { readonly id: string; readonly status: string; readonly attempts: number },
  columns: AttemptColumns,
  now: Date,
  audit: { readonly action: string; readonly subjectType: string; readonly ok: boolean },
): Promise<void> {
  await services.storage.transaction(async (tx) => {
    // The three tables share these columns; Kysely types one table at a time.
    const updated = await tx.db
      .updateTable(table as 'interlink_outbox')
      .set(columns)
      .where('id', '=', row.id)
      .where('status', '=', row.status)
      .where('attempts', '=', row.attempts)
      .executeTakeFirst();
    if (updated.numUpdatedRows === 0n) return;
    await recordAudit(
      tx.db,
      services.node.unitCode,
      now,
      null,
      { ip: null },
      {
        kind: 'write',
        action: audit.action,
        subjectType: audit.subjectType,
        subjectId: row.id,
        outcome: audit.ok ? 'ok' : 'failed',
      },
    );
  });
}
