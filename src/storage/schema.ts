// Tables of the database, as Kysely sees them. Times are ISO-8601 UTC text with milliseconds
// in both SQLite and PostgreSQL, so that they sort as text and hash identically everywhere.
import type { Generated, Insertable, Selectable } from 'kysely';

/** The append-only log (DESIGN §3.1). Never updated, never deleted from. */
export interface EventsTable {
  /** Order in which this database stored the event (local, not part of the hash). */
  seq: Generated<number>;
  id: string;
  unit_code: string;
  unit_seq: number;
  type: string;
  entity_type: string;
  entity_id: string;
  /** Canonical JSON (RFC 8785) of the payload, exactly as hashed. */
  payload: string;
  actor_id: string | null;
  occurred_at: string;
  hlc: string;
  prev_hash: string;
  hash: string;
  /** When this database stored the event (the hub's receive time for synced events). */
  recorded_at: string;
}

/** The last event of each unit's chain: an anchor that makes deleting the newest event visible. */
export interface ChainHeadsTable {
  unit_code: string;
  unit_seq: number;
  hash: string;
}

/** Projection of account events. */
export interface AccountsTable {
  id: string;
  username: string;
  display_name: string;
  role: string;
  unit_code: string;
  /** argon2id hash; null for service accounts, which use bearer tokens. */
  password_hash: string | null;
  /** SHA-256 of the service account's bearer token; null for people. */
  token_hash: string | null;
  active: number;
  created_at: string;
  updated_at: string;
  /** The officer's field (domain/staffing.ts), from account.field_set; null: none (0018). */
  officer_field: string | null;
}

/** Node-local operational state, not events: sessions are ephemeral and never synced. */
export interface SessionsTable {
  /** SHA-256 of the session token held in the cookie. */
  id_hash: string;
  account_id: string;
  created_at: string;
  expires_at: string;
}

/** Failed-login counters for back-off, per username and per client address. */
export interface LoginThrottleTable {
  key: string;
  failures: number;
  locked_until: string | null;
  last_failure_at: string;
}

/** Who read or wrote what, and when. Append-only like the event log. */
export interface AuditEntriesTable {
  id: Generated<number>;
  at: string;
  actor_id: string | null;
  actor_role: string | null;
  unit_code: string;
  /** `read` or `write` or `login` … */
  kind: string;
  /** Permission action, e.g. `account.read`. */
  action: string;
  subject_type: string;
  subject_id: string | null;
  outcome: string;
  /** The event written, for writes. */
  event_id: string | null;
  ip: string | null;
}

/** Projection of dossier events: what the desk's queues and pages read. */
export interface DossiersTable {
  id: string;
  code: string;
  unit_code: string;
  receiving_unit_code: string;
  competent_unit_code: string;
  procedure_code: string;
  channel: string;
  status: string;
  status_code: number;
  applicant_name: string;
  applicant_citizen_id: string;
  submitted_at: string | null;
  received_at: string | null;
  due_at: string | null;
  extended_due_at: string | null;
  completed_at: string | null;
  returned_at: string | null;
  assignee_id: string | null;
  pending_approval: number;
  transfer_pending: number;
  fee_total_vnd: number;
  updated_at: string;
  /** DossierState as JSON. */
  state: string;
  /** The applicant’s rating, for the 766 indicators (migration 0016). */
  rating: string | null;
  /** Components taken from existing data instead of paper. */
  reused_components: Generated<number>;
  /** Payments recorded, and of them by bank transfer. */
  payments: Generated<number>;
  online_payments: Generated<number>;
}

/** Highest dossier-code sequence used per receiving unit and Vietnam-local day. */
export interface DossierCodeCountersTable {
  unit_code: string;
  local_date: string;
  last_seq: number;
}

export interface DossierAttachmentsTable {
  hash: string;
  dossier_id: string;
}

/** Scans and photos, stored once by their SHA-256. */
export interface AttachmentsTable {
  hash: string;
  media_type: string;
  size: number;
  created_at: string;
  content: Buffer;
}

/** Projection of `calendar.notice_published`: the yearly notice in force, one row per year. */
export interface CalendarNoticesTable {
  year: number;
  /** The validated notice (domain/calendar-notices.ts) as JSON text. */
  payload: string;
  /** Device time of the publishing event at the hub. */
  published_at: string;
}

/** Projection of `procedure.version_published`: the procedure catalogue, one row per version. */
export interface ProcedureVersionsTable {
  code: string;
  version: number;
  valid_from: string;
  valid_to: string | null;
  name_vi: string;
  /** Code and names folded for search without diacritics (domain/text-fold.ts). */
  search_text: string;
  sector_code: string;
  level: string;
  non_territorial: number;
  /** The ProcedureVersion as canonical JSON. */
  data: string;
  event_id: string;
  published_at: string;
}

/** Hub: one-time enrolment tokens (projection of node.enrolment_token_issued / node.enrolled). */
export interface EnrolmentTokensTable {
  token_id: string;
  token_hash: string;
  unit_code: string;
  issued_at: string;
  expires_at: string;
  used_at: string | null;
  used_by_key: string | null;
}

/** Hub: enrolled nodes (projection of node.* events) and their operational sync counters. */
export interface SyncNodesTable {
  key_id: string;
  unit_code: string;
  public_key: string;
  enrolled_at: string;
  revoked_at: string | null;
  revoked_reason: string | null;
  last_counter: Generated<number>;
  last_seen_at: string | null;
  last_push_at: string | null;
  last_pull_at: string | null;
  skew_ms: number | null;
  skew_flags: Generated<string>;
  backlog: number | null;
}

/** Hub: one row per sync request received, with the node's clock skew at that time. */
export interface SyncReceiptsTable {
  id: Generated<number>;
  key_id: string;
  unit_code: string;
  kind: string;
  received_at: string;
  device_time: string;
  skew_ms: number;
  events: number;
  bytes: number;
}

/** Node: other units' events the hub relayed here (partial chains, verified at the hub). */
export type RelayedEventsTable = EventsTable;

/** Node: its sync settings and progress (hub address, key id, counters, cursors). */
export interface SyncStateTable {
  key: string;
  value: string;
}

/** Likely duplicates across communes (projection of duplicate.flagged). */
export interface DuplicateFlagsTable {
  pair_key: string;
  dossier_a: string;
  dossier_b: string;
  code_a: string;
  code_b: string;
  procedure_code: string;
  flagged_at: string;
}

/** Chunks of an attachment still arriving (hub from a node, or a node from the hub). */
export interface AttachmentChunksTable {
  hash: string;
  byte_offset: number;
  size: number;
  media_type: string;
  content: Buffer;
  received_at: string;
}

/** On a node: attachments the hub holds in full; never sent again. */
export interface AttachmentsAckedTable {
  hash: string;
  acked_at: string;
}

/** Projection of civil.registered / civil.corrected / civil.copies_issued. */
export interface CivilRecordsTable {
  id: string;
  unit_code: string;
  kind: string;
  book_year: number;
  book_no: number;
  number: number;
  registered_on: string;
  late: number;
  sex: string | null;
  dossier_id: string | null;
  principal_name: string;
  updated_at: string;
  /** CivilRecord as JSON. */
  state: string;
}

/** The people a civil record names, for search. */
export interface CivilRecordPeopleTable {
  record_id: string;
  role: string;
  unit_code: string;
  kind: string;
  name_fold: string;
  given_fold: string;
  date_of_birth: string | null;
  citizen_id: string | null;
  /** The record's registration date: searches sort by it from the person index alone. */
  registered_on: string;
}

/** Register books (sổ hộ tịch) per unit, kind and year. */
export interface CivilBooksTable {
  unit_code: string;
  kind: string;
  year: number;
  book_no: number;
  first_number: number;
  last_number: number;
  entries: number;
  opened_at: string;
  closed_on: string | null;
  close_reason: string | null;
}

/** Keys that seal civil-status certificates (projection of signing.* events). */
export interface SealKeysTable {
  key_id: string;
  kind: string;
  unit_code: string;
  public_key: string | null;
  certificate: string | null;
  valid_from: string;
  revoked_at: string | null;
  revoked_reason: string | null;
}

/**
 * Node-local: messages of the inter-linked procedures (liên thông) waiting for, or after,
 * delivery to their recipient. Written by the use cases, not derived from events.
 */
export interface InterlinkOutboxTable {
  id: string;
  record_id: string;
  unit_code: string;
  service: string;
  recipient: string;
  /** InterlinkMessage as JSON. */
  payload: string;
  /** pending | sent | accepted | rejected | failed */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  reference: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Node-local: the applicant's notifications (SMS, Zalo, email) of the dossier events this node
 * wrote, waiting for, or after, delivery. Written by the use case's transaction, not derived.
 */
export interface NotificationOutboxTable {
  id: string;
  dossier_id: string;
  /** The event the message tells about; one message per event and channel. */
  event_id: string;
  /** NoticeKind: received, supplement_requested, … */
  kind: string;
  /** sms | zalo | email */
  channel: string;
  /** E.164 phone or email address (personal data: pages show it masked). */
  recipient: string;
  lang: string;
  /** NotificationMessage as JSON. */
  payload: string;
  /** pending | failed | sent | undeliverable */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  reference: string | null;
  created_at: string;
  updated_at: string;
}

/**
 * Hub only: updates for the national public-service portal, one per dossier event that changed
 * the portal's record (the event's id is the row's), sent in each dossier's event order.
 */
export interface PortalSyncOutboxTable {
  id: string;
  dossier_id: string;
  dossier_code: string;
  /** The event's hybrid logical clock: a dossier's updates are sent in this order. */
  hlc: string;
  /** TrangThaiHoSo 1–10 carried by the update. */
  status_code: number;
  /** PortalStatusMessage as JSON. */
  payload: string;
  /** pending | failed | sent | rejected */
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  reference: string | null;
  created_at: string;
  updated_at: string;
}

/** Projection of directive.* events: the province's directives to its communes. */
export interface DirectivesTable {
  id: string;
  province_code: string;
  number: string;
  title: string;
  body: string;
  priority: string;
  issued_at: string;
  issued_on: string;
  issued_by: string | null;
  issued_by_name: string;
  deadline: string;
  due_date: string;
  due_at: string;
  cancelled_at: string | null;
  cancel_reason: string | null;
}

/** One row per directive and commune it is addressed to: that commune's response. */
export interface DirectiveTargetsTable {
  directive_id: string;
  unit_code: string;
  delivered_at: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  assigned_at: string | null;
  assign_note: string | null;
  reported_at: string | null;
  reported_by: string | null;
  reported_by_name: string | null;
  report_summary: string | null;
  reviewed_at: string | null;
  reviewed_by_name: string | null;
  review_verdict: string | null;
  review_comment: string | null;
  review_report_at: string | null;
}

/** The papers of a directive (kind 'directive') and of a commune's report (kind 'report'). */
export interface DirectiveAttachmentsTable {
  hash: string;
  directive_id: string;
  unit_code: string;
  kind: string;
  position: number;
  name: string;
  media_type: string;
  size: number;
}

/** Projection of asset.* events: the register of public assets, the managing unit's version. */
export interface AssetsTable {
  id: string;
  unit_code: string;
  version: number;
  name: string;
  kind: string;
  address: string;
  former_unit: string;
  /** Areas in dm² (hundredths of a m²). */
  land_area_dm2: number | null;
  floor_area_dm2: number | null;
  condition: string;
  current_use: string;
  vacant_since: string | null;
  notes: string;
  registered_at: string;
  updated_at: string;
}

/** Projection of facility_need.* events: what communes report lacking, and how it was settled. */
export interface FacilityNeedsTable {
  id: string;
  unit_code: string;
  kind: string;
  area_dm2: number;
  explanation: string;
  reported_on: string;
  reported_at: string;
  status: string;
  resolution: string | null;
  resolution_note: string | null;
  resolved_on: string | null;
}

export interface Database {
  events: EventsTable;
  chain_heads: ChainHeadsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_entries: AuditEntriesTable;
  calendar_notices: CalendarNoticesTable;
  dossiers: DossiersTable;
  dossier_code_counters: DossierCodeCountersTable;
  attachments: AttachmentsTable;
  dossier_attachments: DossierAttachmentsTable;
  procedure_versions: ProcedureVersionsTable;
  enrolment_tokens: EnrolmentTokensTable;
  sync_nodes: SyncNodesTable;
  sync_receipts: SyncReceiptsTable;
  relayed_events: RelayedEventsTable;
  sync_state: SyncStateTable;
  duplicate_flags: DuplicateFlagsTable;
  attachment_chunks: AttachmentChunksTable;
  attachments_acked: AttachmentsAckedTable;
  civil_records: CivilRecordsTable;
  civil_record_people: CivilRecordPeopleTable;
  civil_books: CivilBooksTable;
  interlink_outbox: InterlinkOutboxTable;
  notification_outbox: NotificationOutboxTable;
  portal_sync_outbox: PortalSyncOutboxTable;
  seal_keys: SealKeysTable;
  assets: AssetsTable;
  facility_needs: FacilityNeedsTable;
  directives: DirectivesTable;
  directive_targets: DirectiveTargetsTable;
  directive_attachments: DirectiveAttachmentsTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
export type DossierRow = Selectable<DossiersTable>;
export type ProcedureVersionRow = Selectable<ProcedureVersionsTable>;
