// Projection of node.* events (hub): enrolment tokens and enrolled nodes.
import {
  enrolledPayload,
  nodeEventTypes,
  revokedPayload,
  tokenIssuedPayload,
} from '../../domain/nodes.js';
import type { Projectors } from '../projections.js';

export const nodeProjectors: Projectors = {
  [nodeEventTypes.tokenIssued]: async (db, event) => {
    const p = tokenIssuedPayload.parse(event.payload);
    await db
      .insertInto('enrolment_tokens')
      .values({
        token_id: event.entityId,
        token_hash: p.tokenHash,
        unit_code: p.unitCode,
        issued_at: event.occurredAt,
        expires_at: p.expiresAt,
        used_at: null,
        used_by_key: null,
      })
      .execute();
  },
  [nodeEventTypes.enrolled]: async (db, event) => {
    const p = enrolledPayload.parse(event.payload);
    await db
      .insertInto('sync_nodes')
      .values({
        key_id: p.keyId,
        unit_code: p.unitCode,
        public_key: p.publicKey,
        enrolled_at: event.occurredAt,
        revoked_at: null,
        revoked_reason: null,
        skew_ms: null,
        backlog: null,
        last_seen_at: null,
        last_push_at: null,
        last_pull_at: null,
      })
      .execute();
    await db
      .updateTable('enrolment_tokens')
      .set({ used_at: event.occurredAt, used_by_key: p.keyId })
      .where('token_id', '=', p.tokenId)
      .execute();
  },
  [nodeEventTypes.revoked]: async (db, event) => {
    const p = revokedPayload.parse(event.payload);
    await db
      .updateTable('sync_nodes')
      .set({ revoked_at: event.occurredAt, revoked_reason: p.reason })
      .where('key_id', '=', p.keyId)
      .execute();
  },
};
