// Notifying the applicant (thông báo cho người nộp hồ sơ) of each change of their dossier, by
// SMS, Zalo or email (domain-notes §1.4 and §8: real systems send the receipt, the supplement
// request and the apology this way). This module says which step of the lifecycle tells the
// applicant what, on which channels, how a message's delivery moves and when a failed one is
// tried again. Pure: the caller passes in the states, the event and the time. The words are in
// the message catalogue (`notify.*`); the application renders them in the applicant's language.
import {
  acceptedPayload,
  dossierEventTypes,
  extendedPayload,
  paymentRecordedPayload,
  paymentRequestedPayload,
  receivedPayload,
  resubmittedPayload,
  supplementRequestedPayload,
  type DossierEventLike,
  type DossierState,
  type ResultDelivery,
} from './dossiers.js';
import { retryDelayMs, type RetryPolicy } from './interlink.js';

// ── What the applicant is told ─────────────────────────────────────────────────────────────

/** One notice, with the facts its text needs (dates as ISO instants, amounts in đồng). */
export type DossierNotice =
  | { readonly kind: 'submitted'; readonly code: string }
  | { readonly kind: 'received'; readonly code: string; readonly dueAt: string }
  | { readonly kind: 'received_fee'; readonly code: string; readonly amountVnd: number }
  | { readonly kind: 'accepted'; readonly code: string; readonly dueAt: string }
  | { readonly kind: 'accepted_fee'; readonly code: string; readonly amountVnd: number }
  | { readonly kind: 'refused'; readonly code: string; readonly reason: string }
  | {
      readonly kind: 'supplement_requested';
      readonly code: string;
      readonly missing: readonly string[];
    }
  | { readonly kind: 'resubmitted'; readonly code: string; readonly dueAt: string }
  | { readonly kind: 'payment_requested'; readonly code: string; readonly amountVnd: number }
  | {
      readonly kind: 'paid';
      readonly code: string;
      readonly amountVnd: number;
      /** The appointment once the clock runs again; null while the dossier is not received. */
      readonly dueAt: string | null;
    }
  | {
      readonly kind: 'result_ready';
      readonly code: string;
      readonly delivery: ResultDelivery;
    }
  | { readonly kind: 'result_returned'; readonly code: string }
  | { readonly kind: 'stopped'; readonly code: string; readonly reason: string }
  | { readonly kind: 'withdrawn'; readonly code: string }
  // Văn bản xin lỗi và đề nghị gia hạn (form 04): the reason and the new date, by SMS or email
  // where the applicant gave them (domain-notes §1.5).
  | {
      readonly kind: 'extended';
      readonly code: string;
      readonly reason: string;
      readonly newDueAt: string;
    };
export type NoticeKind = DossierNotice['kind'];

export const noticeKinds = [
  'submitted',
  'received',
  'received_fee',
  'accepted',
  'accepted_fee',
  'refused',
  'supplement_requested',
  'resubmitted',
  'payment_requested',
  'paid',
  'result_ready',
  'result_returned',
  'stopped',
  'withdrawn',
  'extended',
] as const satisfies readonly NoticeKind[];

function outstanding(state: DossierState): number {
  return Math.max(0, state.fee.totalVnd - state.payments.reduce((s, p) => s + p.amountVnd, 0));
}

/**
 * What the applicant is told after `event` took the dossier from `before` (null for its first
 * event) to `after`, or null when the step is internal: assignment, submission to the leader
 * and sending back, transfers between units, a payment taken in the same visit as the intake,
 * the rating. Throws on a payload its event type does not allow (the reducer refused it first).
 */
export function noticeFor(
  before: DossierState | null,
  event: DossierEventLike,
  after: DossierState,
): DossierNotice | null {
  const code = after.code;
  switch (event.type) {
    case dossierEventTypes.submittedOnline:
      return { kind: 'submitted', code };
    case dossierEventTypes.received: {
      const p = receivedPayload.parse(event.payload);
      if (p.status === 'refused') return { kind: 'refused', code, reason: p.refusalReason ?? '' };
      if (p.status === 'awaiting_payment')
        return { kind: 'received_fee', code, amountVnd: outstanding(after) };
      return { kind: 'received', code, dueAt: p.dueAt };
    }
    case dossierEventTypes.accepted: {
      const p = acceptedPayload.parse(event.payload);
      return p.awaitingPayment
        ? { kind: 'accepted_fee', code, amountVnd: outstanding(after) }
        : { kind: 'accepted', code, dueAt: p.dueAt };
    }
    case dossierEventTypes.refused:
    case dossierEventTypes.stopped:
      return {
        kind: event.type === dossierEventTypes.refused ? 'refused' : 'stopped',
        code,
        reason: after.lastReason ?? '',
      };
    case dossierEventTypes.supplementRequested:
      return {
        kind: 'supplement_requested',
        code,
        missing: supplementRequestedPayload.parse(event.payload).missing,
      };
    case dossierEventTypes.resubmitted:
      return { kind: 'resubmitted', code, dueAt: resubmittedPayload.parse(event.payload).dueAt };
    case dossierEventTypes.paymentRequested:
      return {
        kind: 'payment_requested',
        code,
        amountVnd: paymentRequestedPayload.parse(event.payload).amountVnd,
      };
    case dossierEventTypes.paymentRecorded: {
      // Paid at the counter in the visit that received it: the applicant holds the receipt.
      if (before?.status !== 'awaiting_payment') return null;
      return {
        kind: 'paid',
        code,
        amountVnd: paymentRecordedPayload.parse(event.payload).payment.amountVnd,
        dueAt: after.receivedAt === null ? null : (after.extendedDueAt ?? after.dueAt),
      };
    }
    case dossierEventTypes.approved:
      return { kind: 'result_ready', code, delivery: after.resultDelivery };
    case dossierEventTypes.resultReturned:
      return { kind: 'result_returned', code };
    case dossierEventTypes.withdrawn:
      return { kind: 'withdrawn', code };
    case dossierEventTypes.extended: {
      const p = extendedPayload.parse(event.payload);
      return { kind: 'extended', code, reason: p.reason, newDueAt: p.newDueAt };
    }
    default:
      return null;
  }
}

// ── Channels and recipients ────────────────────────────────────────────────────────────────

export const notificationChannels = ['sms', 'zalo', 'email'] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

/** Which channel carries messages to a phone number: SMS unless the province chose Zalo. */
export type PhoneChannel = 'sms' | 'zalo';

/**
 * A Vietnamese mobile number as typed at the desk (`0905 123 456`, `+84 905.123.456`) in
 * E.164 (`+84905123456`); another country's number, given with its `+`, is kept as given.
 */
export function normalisePhone(phone: string): string {
  const compact = phone.replace(/[\s.-]/g, '');
  if (compact.startsWith('+')) return compact;
  if (compact.startsWith('0')) return `+84${compact.slice(1)}`;
  if (compact.startsWith('84') && compact.length === 11) return `+${compact}`;
  return compact;
}

/** Where each message goes: the phone (SMS or Zalo), the email address, or both; or nowhere. */
export function recipientsOf(
  applicant: { readonly phone: string | null; readonly email: string | null },
  phoneChannel: PhoneChannel = 'sms',
): { readonly channel: NotificationChannel; readonly to: string }[] {
  const out: { channel: NotificationChannel; to: string }[] = [];
  const phone = applicant.phone?.trim() ?? '';
  const email = applicant.email?.trim() ?? '';
  if (phone !== '') out.push({ channel: phoneChannel, to: normalisePhone(phone) });
  if (email !== '') out.push({ channel: 'email', to: email });
  return out;
}

/** A phone number as a page may show it: `090****456`. */
export function maskPhone(phone: string): string {
  const e164 = normalisePhone(phone);
  const national = e164.startsWith('+84') ? `0${e164.slice(3)}` : e164;
  if (national.length <= 6) return '*'.repeat(national.length);
  return `${national.slice(0, 3)}${'*'.repeat(national.length - 6)}${national.slice(-3)}`;
}

/** An email address as a page may show it: `m***@gmail.com`. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

export function maskRecipient(channel: NotificationChannel, to: string): string {
  return channel === 'email' ? maskEmail(to) : maskPhone(to);
}

// ── SMS length ─────────────────────────────────────────────────────────────────────────────

// The GSM 03.38 default alphabet; anything else (every Vietnamese letter with a diacritic,
// Thai) makes the whole message UCS-2: 70 characters in one SMS, 67 per part beyond.
const gsm7 =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const gsm7Extension = '^{}\\[~]|€\f';

/** How many SMS parts a text takes, and in which encoding. Diacritics are never stripped. */
export function smsParts(text: string): {
  readonly encoding: 'gsm7' | 'ucs2';
  readonly parts: number;
} {
  let septets = 0;
  let isGsm = true;
  for (const char of text) {
    if (gsm7.includes(char)) septets += 1;
    else if (gsm7Extension.includes(char)) septets += 2;
    else {
      isGsm = false;
      break;
    }
  }
  if (isGsm) return { encoding: 'gsm7', parts: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length; // UTF-16 code units
  return { encoding: 'ucs2', parts: units <= 70 ? 1 : Math.ceil(units / 67) };
}

// ── The message a channel adapter receives ─────────────────────────────────────────────────

export interface NotificationMessage {
  /** The outbox row's id: the same on every retry, so a gateway can drop a repeat. */
  readonly messageId: string;
  readonly channel: NotificationChannel;
  /** E.164 phone number (`+84…`) for SMS and Zalo; the address for email. */
  readonly to: string;
  readonly lang: 'vi' | 'en' | 'th';
  /** For email; SMS and Zalo ignore it. */
  readonly subject: string;
  readonly text: string;
  /**
   * The catalogue key and its values as written in the text: what a template-based channel
   * (Zalo ZNS, an SMS brandname template) maps to its registered template.
   */
  readonly template: {
    readonly key: string;
    readonly params: Readonly<Record<string, string>>;
  };
  readonly dossier: { readonly id: string; readonly code: string };
  /** The unit whose officer took the step: the sender. */
  readonly unit: { readonly code: string; readonly name: string };
  /** The event that the message tells about. */
  readonly eventId: string;
  readonly createdAt: string;
}

// ── Statuses and retries ───────────────────────────────────────────────────────────────────

/**
 * pending → sent; pending → failed (no answer) → … → sent, or undeliverable once the gateway
 * refuses the recipient for good or the attempts run out. `sent` means the gateway took it
 * (an SMS gateway's delivery report, when there is one, is not followed here).
 */
export const notificationStatuses = ['pending', 'failed', 'sent', 'undeliverable'] as const;
export type NotificationStatus = (typeof notificationStatuses)[number];

/**
 * 1 min, 2, 4 … never more than an hour apart; after 8 attempts (about two hours) the news
 * is stale and the message is given up: the dossier page shows it, the desk can phone.
 */
export const notificationRetryPolicy = {
  firstDelayMs: 60_000,
  factor: 2,
  maxDelayMs: 60 * 60_000,
  maxAttempts: 8,
} as const;
export type NotificationRetryPolicy = RetryPolicy & { readonly maxAttempts: number };

/** One attempt: the gateway took it, refused it for good, or did not answer. */
export type NotificationResult =
  | { readonly outcome: 'sent'; readonly reference?: string }
  | { readonly outcome: 'rejected'; readonly reason: string }
  | { readonly outcome: 'failed'; readonly error: string };

export interface NotificationDelivery {
  readonly status: NotificationStatus;
  readonly attempts: number;
  /** When the next attempt is due; null once nothing more will be tried. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly reference: string | null;
}

const maxErrorLength = 500;

/** The message's state after one attempt made at `now`. */
export function afterNotificationAttempt(
  current: NotificationDelivery,
  result: NotificationResult,
  now: Date,
  policy: NotificationRetryPolicy = notificationRetryPolicy,
): NotificationDelivery {
  if (current.status !== 'pending' && current.status !== 'failed')
    throw new RangeError(`A ${current.status} message is not sent again`);
  const attempts = current.attempts + 1;
  switch (result.outcome) {
    case 'sent':
      return {
        status: 'sent',
        attempts,
        nextAttemptAt: null,
        lastError: null,
        reference: result.reference ?? current.reference,
      };
    case 'rejected':
      return {
        status: 'undeliverable',
        attempts,
        nextAttemptAt: null,
        lastError: result.reason.slice(0, maxErrorLength),
        reference: current.reference,
      };
    case 'failed': {
      const lastError = result.error.slice(0, maxErrorLength);
      if (attempts >= policy.maxAttempts)
        return {
          status: 'undeliverable',
          attempts,
          nextAttemptAt: null,
          lastError,
          reference: current.reference,
        };
      return {
        status: 'failed',
        attempts,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(attempts, policy)).toISOString(),
        lastError,
        reference: current.reference,
      };
    }
  }
}
