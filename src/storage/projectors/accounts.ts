// Projection of account events into the `accounts` table that logins and screens read.
import {
  accountCreatedPayload,
  accountDeactivatedPayload,
  accountEventTypes,
  accountFieldSetPayload,
  accountPasswordChangedPayload,
  accountTokenIssuedPayload,
} from '../../domain/accounts.js';
import type { Projectors } from '../projections.js';

export const accountProjectors: Projectors = {
  [accountEventTypes.created]: async (db, event) => {
    const p = accountCreatedPayload.parse(event.payload);
    await db
      .insertInto('accounts')
      .values({
        id: event.entityId,
        username: p.username,
        display_name: p.displayName,
        role: p.role,
        unit_code: p.unitCode,
        password_hash: p.passwordHash,
        token_hash: p.tokenHash,
        active: 1,
        created_at: event.occurredAt,
        updated_at: event.occurredAt,
      })
      .execute();
  },
  [accountEventTypes.passwordChanged]: async (db, event) => {
    const p = accountPasswordChangedPayload.parse(event.payload);
    await db
      .updateTable('accounts')
      .set({ password_hash: p.passwordHash, updated_at: event.occurredAt })
      .where('id', '=', event.entityId)
      .execute();
  },
  [accountEventTypes.tokenIssued]: async (db, event) => {
    const p = accountTokenIssuedPayload.parse(event.payload);
    await db
      .updateTable('accounts')
      .set({ token_hash: p.tokenHash, updated_at: event.occurredAt })
      .where('id', '=', event.entityId)
      .execute();
  },
  [accountEventTypes.deactivated]: async (db, event) => {
    accountDeactivatedPayload.parse(event.payload);
    await db
      .updateTable('accounts')
      .set({ active: 0, updated_at: event.occurredAt })
      .where('id', '=', event.entityId)
      .execute();
    // A deactivated account's open sessions end with it.
    await db.deleteFrom('sessions').where('account_id', '=', event.entityId).execute();
  },
  [accountEventTypes.fieldSet]: async (db, event) => {
    const p = accountFieldSetPayload.parse(event.payload);
    await db
      .updateTable('accounts')
      .set({ officer_field: p.field, updated_at: event.occurredAt })
      .where('id', '=', event.entityId)
      .execute();
  },
};
