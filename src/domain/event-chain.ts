// The hash chain over each unit's events (DESIGN §3.1). Every event carries the hash of the
// unit's previous event, so altering, removing or reordering a stored event breaks the chain
// where it happened; the recorded chain head makes removing the newest event visible too.
//
// What it cannot see: someone who rewrites the whole tail of a chain *and* its recorded head.
// Only a copy held elsewhere (the province hub's) catches that; see sync.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { GENESIS_HASH, type HashedEventFields, type StoredEvent } from './events.js';

/**
 * SHA-256 (hex) of the RFC 8785 canonical JSON of every hashed field. The payload is hashed as a
 * JSON value, so any byte-level re-encoding of the same value hashes the same on every node and
 * in both databases.
 */
export function hashEvent(fields: HashedEventFields): string {
  if (fields.payload === undefined) {
    throw new TypeError(`Event ${fields.id} has no payload (use null for "nothing")`);
  }
  // Listed one by one so that a caller passing a whole StoredEvent or a row with extra
  // properties (hash, seq, recordedAt) hashes the same thing.
  const hashed: Record<keyof HashedEventFields, unknown> = {
    id: fields.id,
    unitCode: fields.unitCode,
    unitSeq: fields.unitSeq,
    type: fields.type,
    entityType: fields.entityType,
    entityId: fields.entityId,
    payload: fields.payload,
    actorId: fields.actorId,
    occurredAt: fields.occurredAt,
    hlc: fields.hlc,
    prevHash: fields.prevHash,
  };
  return createHash('sha256').update(canonicalJson(hashed), 'utf8').digest('hex');
}

/**
 * The same hash as hashEvent, for a payload whose canonical JSON is already at hand (the append
 * path has just made it): the outer object's canonical form is written directly — its members
 * are strings, integers and null, which RFC 8785 writes as JSON.stringify does, in key order —
 * so the payload is not canonicalised a second time. A test keeps the two equal.
 */
export function hashEventWithPayloadText(
  fields: Omit<HashedEventFields, 'payload'>,
  payloadText: string,
): string {
  const s = JSON.stringify;
  const text =
    `{"actorId":${s(fields.actorId)},"entityId":${s(fields.entityId)},"entityType":${s(fields.entityType)},` +
    `"hlc":${s(fields.hlc)},"id":${s(fields.id)},"occurredAt":${s(fields.occurredAt)},"payload":${payloadText},` +
    `"prevHash":${s(fields.prevHash)},"type":${s(fields.type)},"unitCode":${s(fields.unitCode)},"unitSeq":${s(fields.unitSeq)}}`;
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** RFC 8785 canonical JSON; throws on values JSON cannot carry (undefined, NaN, BigInt …). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new TypeError('Value has no JSON form (undefined, a function or a symbol)');
  }
  return text;
}

export const CHAIN_PROBLEM_KINDS = [
  /** The stored hash is not the hash of the stored fields: an event was altered. */
  'hash_mismatch',
  /** prevHash is not the previous event's hash: an event before it was removed or replaced. */
  'broken_link',
  /** unitSeq skips numbers: events are missing. */
  'sequence_gap',
  /** unitSeq goes backwards or repeats, or local storage order disagrees with unitSeq. */
  'out_of_order',
  /** The recorded chain head is not the last event: the newest events were removed. */
  'head_mismatch',
  /** Events exist but no chain head was recorded for the unit. */
  'missing_head',
  /** An event of another unit was found in this unit's chain. */
  'wrong_unit',
  /** The stored payload is not JSON, so the event cannot even be hashed. */
  'unreadable_payload',
] as const;
export type ChainProblemKind = (typeof CHAIN_PROBLEM_KINDS)[number];

export interface ChainProblem {
  readonly unitCode: string;
  readonly unitSeq?: number;
  readonly eventId?: string;
  readonly kind: ChainProblemKind;
  /** For the operator: what was expected and what was found. */
  readonly detail: string;
}

/** An event as the verifier sees it: the stored event plus where this database stored it. */
export interface ChainEvent extends StoredEvent {
  /** Local storage order (the `seq` column); when given, it must grow with unitSeq. */
  readonly localSeq?: number;
}

/** What a database records as the last event of a unit's chain. */
export interface ChainHead {
  readonly unitSeq: number;
  readonly hash: string;
}

/**
 * Verification state for one unit's chain. A fold over the events rather than one call over an
 * array, so that a database of millions of events can be checked in batches.
 */
export interface ChainVerification {
  readonly unitCode: string;
  readonly events: number;
  readonly last: {
    readonly unitSeq: number;
    readonly hash: string;
    readonly localSeq: number | undefined;
  } | null;
}

export function beginChainVerification(unitCode: string): ChainVerification {
  return { unitCode, events: 0, last: null };
}

/**
 * Checks the next event, given in unitSeq order. Links are checked against the previous event's
 * *stored* hash, so one altered event is reported once (as a hash mismatch) rather than breaking
 * every link after it.
 */
export function verifyNextEvent(
  state: ChainVerification,
  event: ChainEvent,
): { state: ChainVerification; problems: ChainProblem[] } {
  const problems: ChainProblem[] = [];
  const at = { unitCode: state.unitCode, unitSeq: event.unitSeq, eventId: event.id };
  const { last } = state;

  if (event.unitCode !== state.unitCode) {
    problems.push({
      ...at,
      kind: 'wrong_unit',
      detail: `event belongs to unit ${event.unitCode}, found in the chain of ${state.unitCode}`,
    });
  }

  const recomputed = tryHash(event);
  if (recomputed !== event.hash) {
    problems.push({
      ...at,
      kind: 'hash_mismatch',
      detail:
        recomputed === null
          ? 'the stored fields cannot be hashed'
          : `stored hash ${event.hash} but the fields hash to ${recomputed}`,
    });
  }

  const expectedSeq = last === null ? 1 : last.unitSeq + 1;
  if (event.unitSeq < expectedSeq) {
    problems.push({
      ...at,
      kind: 'out_of_order',
      detail: `unit_seq ${event.unitSeq} comes after ${expectedSeq - 1}`,
    });
  } else if (event.unitSeq > expectedSeq) {
    const missing = event.unitSeq - expectedSeq;
    problems.push({
      ...at,
      kind: 'sequence_gap',
      detail: `expected unit_seq ${expectedSeq}, found ${event.unitSeq} (${missing} missing)`,
    });
  }

  const expectedPrev = last === null ? GENESIS_HASH : last.hash;
  if (event.prevHash !== expectedPrev) {
    problems.push({
      ...at,
      kind: 'broken_link',
      detail:
        last === null
          ? `first event has prevHash ${event.prevHash}, not the genesis hash`
          : `prevHash ${event.prevHash} is not the hash of unit_seq ${last.unitSeq} (${last.hash})`,
    });
  }

  if (
    last?.localSeq !== undefined &&
    event.localSeq !== undefined &&
    event.localSeq <= last.localSeq
  ) {
    problems.push({
      ...at,
      kind: 'out_of_order',
      detail: `stored at local seq ${event.localSeq}, before unit_seq ${last.unitSeq} (local seq ${last.localSeq})`,
    });
  }

  return {
    state: {
      unitCode: state.unitCode,
      events: state.events + 1,
      last: { unitSeq: event.unitSeq, hash: event.hash, localSeq: event.localSeq },
    },
    problems,
  };
}

/** Compares the end of the chain with the recorded head (null: no head recorded). */
export function endChainVerification(
  state: ChainVerification,
  head: ChainHead | null,
): ChainProblem[] {
  const { unitCode, last } = state;
  if (head === null) {
    return last === null
      ? []
      : [
          {
            unitCode,
            kind: 'missing_head',
            detail: `${state.events} events but no chain head recorded`,
          },
        ];
  }
  if (last === null) {
    // A head at 0 with the genesis hash is an empty chain.
    if (head.unitSeq === 0 && head.hash === GENESIS_HASH) return [];
    return [
      {
        unitCode,
        unitSeq: head.unitSeq,
        kind: 'head_mismatch',
        detail: `chain head records unit_seq ${head.unitSeq} but the unit has no events`,
      },
    ];
  }
  if (last.unitSeq !== head.unitSeq || last.hash !== head.hash) {
    return [
      {
        unitCode,
        unitSeq: head.unitSeq,
        kind: 'head_mismatch',
        detail: `chain head records unit_seq ${head.unitSeq} (${head.hash}) but the last event is unit_seq ${last.unitSeq} (${last.hash})`,
      },
    ];
  }
  return [];
}

/** Verifies a whole chain held in memory: `events` in unitSeq order, `head` as recorded. */
export function verifyChain(
  unitCode: string,
  events: Iterable<ChainEvent>,
  head: ChainHead | null,
): ChainProblem[] {
  let state = beginChainVerification(unitCode);
  const problems: ChainProblem[] = [];
  for (const event of events) {
    const step = verifyNextEvent(state, event);
    state = step.state;
    problems.push(...step.problems);
  }
  problems.push(...endChainVerification(state, head));
  return problems;
}

function tryHash(event: ChainEvent): string | null {
  try {
    return hashEvent(event);
  } catch {
    // An unhashable stored event (e.g. a missing payload) is reported as a mismatch.
    return null;
  }
}
