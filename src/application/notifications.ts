// The applicant's notifications (docs/notifications.md). Every dossier event a use case of this
// node appends is looked at once (application/dossier-outboxes.ts); when the step is one the
// applicant is told about (domain/notifications.ts) and they left a phone number or an email
// address, one message per channel is rendered in their language and queued, in the use case's
// own transaction. A loop started by the composition root delivers what is due through one
// adapter, outside any transaction, and records each attempt with its audit entry. Delivery is
// at least once: a crash between the gateway's answer and the update sends it again, with the
// same message id.
import type { Kysely } from 'kysely';
import type { DossierEventLike, DossierState } from '../domain/dossiers.js';
import {
  afterNotificationAttempt,
  maskRecipient,
  noticeFor,
  notificationChannels,
  notificationStatuses,
  recipientsOf,
  type DossierNotice,
  type NotificationChannel,
  type NotificationDelivery,
  type NotificationMessage,
  type NotificationResult,
  type NotificationStatus,
  type NoticeKind,
} from '../domain/notifications.js';
import { formatDateTime } from '../i18n/format-time.js';
import { isLang, type Lang } from '../i18n/languages.js';
import { formatNumber, translate } from '../i18n/messages.js';
import type { Database, NotificationOutboxTable } from '../storage/schema.js';
import { answerWithin, checkedAnswer, recordAttempt } from './outbox.js';
import type { Services } from './services.js';

/**
 * What sends a message on its channel: one implementation serves every channel of a
 * deployment (the recording adapter here; `dispatchByChannel` in integrations/ combines one
 * client per channel). `send` answers `sent` when the gateway took the message, `rejected` when
 * it refused it for good (no such subscriber, an address it will never deliver to); throwing
 * means no answer (timeout, refused connection, server error) and the message is tried again.
 */
export interface NotificationAdapter {
  readonly name: string;
  send(message: NotificationMessage): Promise<NotificationAnswer>;
}

export type NotificationAnswer =
  | { readonly outcome: 'sent'; readonly reference?: string }
  | { readonly outcome: 'rejected'; readonly reason: string };

// ── Rendering ──────────────────────────────────────────────────────────────────────────────

export interface RenderedNotice {
  readonly subject: string;
  readonly text: string;
  readonly template: { readonly key: string; readonly params: Readonly<Record<string, string>> };
}

/** A free text (a reason) inside a sentence: one line, without its own closing full stop. */
function clause(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.。]+$/, '');
}

/** The notice's text in `lang`, from the catalogue (`notify.*`), with its filled-in values. */
export function renderNotice(lang: Lang, notice: DossierNotice): RenderedNotice {
  const code = notice.code;
  const date = (iso: string) => formatDateTime(lang, iso);
  const amount = (vnd: number) => translate(lang, 'money.vnd', { amount: formatNumber(lang, vnd) });
  const out = (key: `notify.${string}`, text: string, params: Record<string, string>) => ({
    subject: translate(lang, 'notify.subject', { code }),
    text,
    template: { key, params: { code, ...params } },
  });
  switch (notice.kind) {
    case 'submitted':
      return out('notify.submitted', translate(lang, 'notify.submitted', { code }), {});
    case 'received':
    case 'accepted':
    case 'resubmitted': {
      const params = { code, date: date(notice.dueAt) };
      const key = `notify.${notice.kind}` as const;
      return out(key, translate(lang, key, params), params);
    }
    case 'received_fee':
    case 'accepted_fee':
    case 'payment_requested': {
      const params = { code, amount: amount(notice.amountVnd) };
      const key = `notify.${notice.kind}` as const;
      return out(key, translate(lang, key, params), params);
    }
    case 'paid': {
      if (notice.dueAt === null) {
        const params = { code, amount: amount(notice.amountVnd) };
        return out('notify.paid_undated', translate(lang, 'notify.paid_undated', params), params);
      }
      const params = { code, amount: amount(notice.amountVnd), date: date(notice.dueAt) };
      return out('notify.paid', translate(lang, 'notify.paid', params), params);
    }
    case 'refused':
    case 'stopped': {
      const params = { code, reason: clause(notice.reason) };
      const key = `notify.${notice.kind}` as const;
      return out(key, translate(lang, key, params), params);
    }
    case 'supplement_requested': {
      const params = { code, missing: notice.missing.map(clause).join('; ') };
      return out(
        'notify.supplement_requested',
        translate(lang, 'notify.supplement_requested', params),
        params,
      );
    }
    case 'result_ready': {
      const key =
        notice.delivery === 'post'
          ? 'notify.result_ready_post'
          : notice.delivery === 'electronic'
            ? 'notify.result_ready_electronic'
            : 'notify.result_ready';
      return out(key, translate(lang, key, { code }), {});
    }
    case 'result_returned':
    case 'withdrawn': {
      const key = `notify.${notice.kind}` as const;
      return out(key, translate(lang, key, { code }), {});
    }
    case 'extended': {
      const params = { code, reason: clause(notice.reason), date: date(notice.newDueAt) };
      return out('notify.extended', translate(lang, 'notify.extended', params), params);
    }
  }
}

// ── Queueing ───────────────────────────────────────────────────────────────────────────────

/** The event a message is about, as the outbox needs it. */
export type NotifiedEvent = DossierEventLike & { readonly id: string };

/**
 * Queues what the applicant is told about `event` (which took the dossier from `before` to
 * `after`), due at once, in the caller's transaction: nothing when the step is internal or the
 * applicant gave neither a phone number nor an email address. An event is queued once per
 * channel (a unique index says so too).
 */
export async function queueNotifications(
  db: Kysely<Database>,
  services: Pick<Services, 'node' | 'notifyPhoneChannel'>,
  now: Date,
  change: { before: DossierState | null; event: NotifiedEvent; after: DossierState },
): Promise<number> {
  const { before, event, after } = change;
  const recipients = recipientsOf(after.applicant, services.notifyPhoneChannel ?? 'sms');
  if (recipients.length === 0) return 0;
  const notice = noticeFor(before, event, after);
  if (notice === null) return 0;
  const lang: Lang = after.applicant.lang ?? 'vi';
  const rendered = renderNotice(lang, notice);
  const at = now.toISOString();
  const rows: NotificationOutboxTable[] = recipients.map(({ channel, to }) => {
    const id = crypto.randomUUID();
    const message: NotificationMessage = {
      messageId: id,
      channel,
      to,
      lang,
      subject: rendered.subject,
      text: rendered.text,
      template: rendered.template,
      dossier: { id: after.id, code: after.code },
      unit: { code: services.node.unitCode, name: services.node.unitName },
      eventId: event.id,
      createdAt: at,
    };
    return {
      id,
      dossier_id: after.id,
      event_id: event.id,
      kind: notice.kind,
      channel,
      recipient: to,
      lang,
      payload: JSON.stringify(message),
      status: 'pending',
      attempts: 0,
      next_attempt_at: at,
      last_error: null,
      reference: null,
      created_at: at,
      updated_at: at,
    };
  });
  await db
    .insertInto('notification_outbox')
    .values(rows)
    .onConflict((oc) => oc.columns(['event_id', 'channel']).doNothing())
    .execute();
  return rows.length;
}

// ── Reading ────────────────────────────────────────────────────────────────────────────────

/** One message as the dossier page shows it: the recipient masked. */
export interface NotificationView {
  readonly id: string;
  readonly kind: NoticeKind;
  readonly channel: NotificationChannel;
  /** `090****456`, `m***@gmail.com`. */
  readonly recipient: string;
  readonly lang: Lang;
  readonly text: string;
  readonly status: NotificationStatus;
  readonly attempts: number;
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function statusOf(value: string): NotificationStatus {
  const status = notificationStatuses.find((s) => s === value);
  if (status === undefined) throw new Error(`notification_outbox: unknown status ${value}`);
  return status;
}

function channelOf(value: string): NotificationChannel {
  const channel = notificationChannels.find((c) => c === value);
  if (channel === undefined) throw new Error(`notification_outbox: unknown channel ${value}`);
  return channel;
}

function view(row: NotificationOutboxTable): NotificationView {
  const channel = channelOf(row.channel);
  const message = JSON.parse(row.payload) as NotificationMessage;
  return {
    id: row.id,
    kind: row.kind as NoticeKind,
    channel,
    recipient: maskRecipient(channel, row.recipient),
    lang: isLang(row.lang) ? row.lang : 'vi',
    text: message.text,
    status: statusOf(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The messages this node queued about a dossier, oldest first (node-local). */
export async function notificationsOf(
  db: Kysely<Database>,
  dossierId: string,
): Promise<NotificationView[]> {
  const rows = await db
    .selectFrom('notification_outbox')
    .selectAll()
    .where('dossier_id', '=', dossierId)
    .orderBy('created_at')
    .orderBy('event_id')
    .orderBy('channel')
    .execute();
  return rows.map(view);
}

// ── Delivery ───────────────────────────────────────────────────────────────────────────────

export interface NotificationDeliveryReport {
  readonly attempted: number;
  readonly sent: number;
  readonly failed: number;
  readonly undeliverable: number;
}

function deliveryOf(row: NotificationOutboxTable): NotificationDelivery {
  return {
    status: statusOf(row.status),
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    reference: row.reference,
  };
}

/**
 * Sends up to `limit` due messages (pending, or failed with the retry time reached), oldest
 * first, one at a time, and records each outcome and its audit entry. The caller makes sure
 * two deliveries never run at once (integrations/outbox-loop.ts); the update is guarded
 * anyway, so a message already moved on by someone else is left as it is.
 */
export async function deliverDueNotifications(
  services: Services,
  adapter: NotificationAdapter,
  now: Date,
  limit = 20,
  options: { readonly timeoutMs?: number } = {},
): Promise<NotificationDeliveryReport> {
  const rows = await services.storage.db
    .selectFrom('notification_outbox')
    .selectAll()
    .where('status', 'in', ['pending', 'failed'])
    .where('next_attempt_at', '<=', now.toISOString())
    .orderBy('next_attempt_at')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  const report = { attempted: 0, sent: 0, failed: 0, undeliverable: 0 };
  for (const row of rows) {
    const message = JSON.parse(row.payload) as NotificationMessage;
    const answer = await answerWithin(
      adapter.name,
      () => adapter.send(message),
      options.timeoutMs ?? 30_000,
    );
    const result: NotificationResult = answer.ok
      ? checkedAnswer(answer.answer)
      : { outcome: 'failed', error: answer.error };
    const next = afterNotificationAttempt(deliveryOf(row), result, now);
    await recordAttempt(
      services,
      'notification_outbox',
      row,
      {
        status: next.status,
        attempts: next.attempts,
        next_attempt_at: next.nextAttemptAt,
        last_error: next.lastError,
        reference: next.reference,
        updated_at: now.toISOString(),
      },
      now,
      { action: 'notification.send', subjectType: 'notification', ok: result.outcome === 'sent' },
    );
    report.attempted += 1;
    report[next.status === 'pending' ? 'failed' : next.status] += 1;
  }
  return report;
}
