// Projection of signing.* events: the seal keys a node trusts and the ones withdrawn.
import {
  provinceKeyPublishedPayload,
  sealKeyEventTypes,
  unitKeyCertifiedPayload,
  unitKeyRevokedPayload,
} from '../../domain/seal-keys.js';
import type { Projectors } from '../projections.js';

export const sealKeyProjectors: Projectors = {
  [sealKeyEventTypes.provinceKeyPublished]: async (db, event) => {
    const p = provinceKeyPublishedPayload.parse(event.payload);
    await db
      .insertInto('seal_keys')
      .values({
        key_id: p.keyId,
        kind: 'province',
        unit_code: event.unitCode,
        public_key: p.publicKey,
        certificate: null,
        valid_from: p.validFrom,
      })
      .onConflict((oc) => oc.column('key_id').doNothing())
      .execute();
  },
  [sealKeyEventTypes.unitKeyCertified]: async (db, event) => {
    const p = unitKeyCertifiedPayload.parse(event.payload);
    await db
      .insertInto('seal_keys')
      .values({
        key_id: p.keyId,
        kind: 'unit',
        unit_code: p.unitCode,
        public_key: null,
        certificate: p.certificate,
        valid_from: p.validFrom,
      })
      .onConflict((oc) => oc.column('key_id').doUpdateSet({ certificate: p.certificate }))
      .execute();
  },
  [sealKeyEventTypes.unitKeyRevoked]: async (db, event) => {
    const p = unitKeyRevokedPayload.parse(event.payload);
    await db
      .updateTable('seal_keys')
      .set({ revoked_at: event.occurredAt, revoked_reason: p.reason })
      .where('key_id', '=', p.keyId)
      .execute();
  },
};
