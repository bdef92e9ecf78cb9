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

export interface Database {
  events: EventsTable;
  chain_heads: ChainHeadsTable;
  accounts: AccountsTable;
  sessions: SessionsTable;
  login_throttle: LoginThrottleTable;
  audit_entries: AuditEntriesTable;
}

export type EventRow = Selectable<EventsTable>;
export type NewEventRow = Insertable<EventsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type AuditEntryRow = Selectable<AuditEntriesTable>;
