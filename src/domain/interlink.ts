// Inter-linked procedures (liên thông, NĐ 63/2024/NĐ-CP; domain-notes §3.7): a birth registered
// with a request for permanent residence and a health-insurance card, or a death with the
// deletion of permanent residence and the funeral allowance, is passed on to the agencies that
// decide those procedures. This module says who receives each service, what the message
// carries, how a message's status moves and when a failed delivery is tried again. Pure: the
// caller passes in the record, the message id and the time.
import {
  formatBook,
  type CivilRecord,
  type DeathFacts,
  type Declarant,
  type InterlinkedService,
  type Parent,
} from './civil-status.js';

// ── Recipients ─────────────────────────────────────────────────────────────────────────────

/** The systems that decide the inter-linked procedures. */
export const interlinkRecipients = {
  // Bộ Công an: Cơ sở dữ liệu về cư trú / hệ thống thông tin quản lý cư trú.
  residence: { name: 'Công an – Hệ thống thông tin quản lý cư trú' },
  // Bảo hiểm xã hội Việt Nam: the BHYT card for a child under 6, the funeral allowance.
  social_insurance: { name: 'Bảo hiểm xã hội Việt Nam' },
} as const;
export type InterlinkRecipient = keyof typeof interlinkRecipients;

/** What each service is called on the recipient's side, and who decides it. */
export const interlinkServiceInfo = {
  permanent_residence: { recipient: 'residence', name: 'Đăng ký thường trú' },
  health_insurance_card: {
    recipient: 'social_insurance',
    name: 'Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi',
  },
  residence_deletion: { recipient: 'residence', name: 'Xóa đăng ký thường trú' },
  funeral_allowance: {
    recipient: 'social_insurance',
    name: 'Giải quyết mai táng phí, trợ cấp tử tuất',
  },
} as const satisfies Record<
  InterlinkedService,
  { readonly recipient: InterlinkRecipient; readonly name: string }
>;

export function isInterlinkedService(service: string): service is InterlinkedService {
  return Object.hasOwn(interlinkServiceInfo, service);
}

export function recipientOf(service: InterlinkedService): InterlinkRecipient {
  return interlinkServiceInfo[service].recipient;
}

// ── Legal basis ────────────────────────────────────────────────────────────────────────────

/**
 * NĐ 63/2024/NĐ-CP (10/06/2024, in force the same day), amended by NĐ 301/2026/NĐ-CP from
 * 01/09/2026 (new joint form; identity card for under-6s). The amendment is known from one
 * source only [S] (domain-notes §3.7).
 */
export const interlinkLegalBases = [
  {
    validFrom: '2024-06-10',
    text: 'Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ',
  },
  {
    validFrom: '2026-09-01',
    text:
      'Nghị định số 63/2024/NĐ-CP ngày 10/6/2024 của Chính phủ, được sửa đổi, bổ sung bởi ' +
      'Nghị định số 301/2026/NĐ-CP (hiệu lực từ ngày 01/9/2026)',
  },
] as const;

/** The legal basis cited for a registration on `on` (YYYY-MM-DD). Earlier dates cite NĐ 63. */
export function interlinkLegalBasisOn(on: string): string {
  const [first, amended] = interlinkLegalBases;
  return on >= amended.validFrom ? amended.text : first.text;
}

// ── Messages ───────────────────────────────────────────────────────────────────────────────

/** Where the record is entered: what a recipient cites to find the civil-status entry. */
export interface InterlinkRecordRef {
  readonly id: string;
  readonly unitCode: string;
  readonly kind: 'birth' | 'death';
  readonly registeredOn: string;
  /** "01/2026": Quyển số. */
  readonly book: string;
  readonly bookYear: number;
  readonly bookNo: number;
  readonly number: number;
  /** The one-stop dossier the registration was received in. */
  readonly dossierCode: string | null;
}

interface InterlinkMessageBase {
  /** The outbox row's id: the same on every retry, so a recipient can drop a repeat. */
  readonly messageId: string;
  readonly service: InterlinkedService;
  readonly serviceName: string;
  readonly recipient: InterlinkRecipient;
  readonly legalBasis: string;
  readonly record: InterlinkRecordRef;
  /** The person who filed (người đi khai): the applicant of the inter-linked procedure too. */
  readonly declarant: Declarant | null;
  readonly createdAt: string;
}

/** Permanent residence and the BHYT card: the child, the parents and where the child lives. */
export interface BirthInterlinkMessage extends InterlinkMessageBase {
  readonly kind: 'birth';
  readonly child: {
    readonly fullName: string;
    readonly sex: 'male' | 'female';
    readonly dateOfBirth: string;
    readonly placeOfBirth: string;
    readonly hometown: string;
    readonly ethnicity: string;
    readonly nationality: string;
    /** Số định danh cá nhân; usually null for a newborn until the population database issues it. */
    readonly personalId: string | null;
  };
  readonly mother: Parent | null;
  readonly father: Parent | null;
  /**
   * Where the child is to be registered as resident: the mother's residence, else the
   * father's. The head of household still confirms on VNeID (domain-notes §3.7).
   */
  readonly residence: string;
}

/**
 * Deletion of residence and the funeral allowance: who died, where they lived, and when. The
 * cause of death is not sent: neither procedure needs it.
 */
export interface DeathInterlinkMessage extends InterlinkMessageBase {
  readonly kind: 'death';
  readonly deceased: DeathFacts['deceased'];
  readonly dateOfDeath: string;
  readonly timeOfDeath: string | null;
  readonly placeOfDeath: string;
}

export type InterlinkMessage = BirthInterlinkMessage | DeathInterlinkMessage;

/**
 * The message for one requested service of a record, as registered. Throws when the service
 * does not belong to the record's kind (the registration refuses that first).
 */
export function buildInterlinkMessage(
  record: CivilRecord,
  service: InterlinkedService,
  messageId: string,
  createdAt: string,
): InterlinkMessage {
  const ref = (kind: 'birth' | 'death'): InterlinkRecordRef => ({
    id: record.id,
    unitCode: record.unitCode,
    kind,
    registeredOn: record.registeredOn,
    book: formatBook(record.book.bookNo, record.book.year),
    bookYear: record.book.year,
    bookNo: record.book.bookNo,
    number: record.number,
    dossierCode: record.dossierCode,
  });
  const base = {
    messageId,
    service,
    serviceName: interlinkServiceInfo[service].name,
    recipient: recipientOf(service),
    legalBasis: interlinkLegalBasisOn(record.registeredOn),
    declarant: record.declarant,
    createdAt,
  };
  const forBirth = service === 'permanent_residence' || service === 'health_insurance_card';
  if (record.kind === 'birth' && forBirth) {
    const { child, mother, father } = record.facts;
    return {
      ...base,
      kind: 'birth',
      record: ref('birth'),
      child: { ...child },
      mother,
      father,
      residence:
        [mother?.residence, father?.residence].find((r) => r !== undefined && r !== '') ?? '',
    };
  }
  if (record.kind === 'death' && !forBirth) {
    const f = record.facts;
    return {
      ...base,
      kind: 'death',
      record: ref('death'),
      deceased: { ...f.deceased },
      dateOfDeath: f.dateOfDeath,
      timeOfDeath: f.timeOfDeath,
      placeOfDeath: f.placeOfDeath,
    };
  }
  throw new RangeError(`${service} is not an inter-linked service of a ${record.kind} record`);
}

// ── Statuses and retries ───────────────────────────────────────────────────────────────────

/**
 * pending → sent → accepted | rejected; pending or failed → accepted | rejected directly when
 * the recipient answers at once; failed (a transient error: no answer) is tried again later.
 */
export const interlinkStatuses = ['pending', 'sent', 'accepted', 'rejected', 'failed'] as const;
export type InterlinkStatus = (typeof interlinkStatuses)[number];

/** What a recipient answered: taken (`accepted`), refused, or received with the answer to come. */
export interface InterlinkAnswer {
  readonly outcome: 'accepted' | 'rejected' | 'sent';
  /** The recipient's reference for the message (its dossier code, a receipt number). */
  readonly reference?: string;
  /** Why it was refused. */
  readonly reason?: string;
}

/** One attempt: an answer, or no answer (a timeout, a refused connection, an error). */
export type DeliveryResult =
  InterlinkAnswer | { readonly outcome: 'failed'; readonly error: string };

export interface InterlinkDelivery {
  readonly status: InterlinkStatus;
  readonly attempts: number;
  /** When the next attempt is due; null once the message is no longer waiting to be sent. */
  readonly nextAttemptAt: string | null;
  readonly lastError: string | null;
  readonly reference: string | null;
}

/** Waits 1 min, 2, 4, … after each failure, never more than 6 hours; never gives up. */
export const interlinkRetryPolicy = {
  firstDelayMs: 60_000,
  factor: 2,
  maxDelayMs: 6 * 60 * 60_000,
} as const;
export type RetryPolicy = { readonly [K in keyof typeof interlinkRetryPolicy]: number };

/** The wait after the `attempts`-th failed attempt (1, 2, …). */
export function retryDelayMs(attempts: number, policy: RetryPolicy = interlinkRetryPolicy): number {
  if (!Number.isInteger(attempts) || attempts < 1) throw new RangeError('attempts');
  // Capped before the power overflows: 2^60 minutes is past any cap.
  const delay = policy.firstDelayMs * policy.factor ** Math.min(attempts - 1, 60);
  return Math.min(policy.maxDelayMs, delay);
}

export function nextRetryAt(
  attempts: number,
  now: Date,
  policy: RetryPolicy = interlinkRetryPolicy,
): Date {
  return new Date(now.getTime() + retryDelayMs(attempts, policy));
}

/** Whether the delivery loop should send this message at `now`. */
export function isDue(
  delivery: Pick<InterlinkDelivery, 'status' | 'nextAttemptAt'>,
  now: Date,
): boolean {
  return (
    (delivery.status === 'pending' || delivery.status === 'failed') &&
    delivery.nextAttemptAt !== null &&
    delivery.nextAttemptAt <= now.toISOString()
  );
}

const maxErrorLength = 500;

/** The message's state after one attempt made at `now`. */
export function afterAttempt(
  current: InterlinkDelivery,
  result: DeliveryResult,
  now: Date,
  policy: RetryPolicy = interlinkRetryPolicy,
): InterlinkDelivery {
  if (current.status !== 'pending' && current.status !== 'failed')
    throw new RangeError(`A ${current.status} message is not sent again`);
  const attempts = current.attempts + 1;
  if (result.outcome === 'failed')
    return {
      status: 'failed',
      attempts,
      nextAttemptAt: nextRetryAt(attempts, now, policy).toISOString(),
      lastError: result.error.slice(0, maxErrorLength),
      reference: current.reference,
    };
  return {
    status: result.outcome,
    attempts,
    nextAttemptAt: null,
    lastError:
      result.outcome === 'rejected' ? (result.reason ?? 'rejected').slice(0, maxErrorLength) : null,
    reference: result.reference ?? current.reference,
  };
}

/** A recipient's later answer to a message it had received (`sent`). */
export function afterAnswer(
  current: InterlinkDelivery,
  answer: InterlinkAnswer & { readonly outcome: 'accepted' | 'rejected' },
): InterlinkDelivery {
  if (current.status !== 'sent')
    throw new RangeError(`A ${current.status} message is not waiting for an answer`);
  return {
    ...current,
    status: answer.outcome,
    lastError:
      answer.outcome === 'rejected' ? (answer.reason ?? 'rejected').slice(0, maxErrorLength) : null,
    reference: answer.reference ?? current.reference,
  };
}
