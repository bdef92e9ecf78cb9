// Projection of duplicate.flagged: one row per flagged pair, on the hub and on both units.
import { duplicateEventTypes, duplicateFlaggedPayload, pairKey } from '../../domain/duplicates.js';
import type { Projectors } from '../projections.js';

export const duplicateProjectors: Projectors = {
  [duplicateEventTypes.flagged]: async (db, event) => {
    const p = duplicateFlaggedPayload.parse(event.payload);
    await db
      .insertInto('duplicate_flags')
      .values({
        pair_key: pairKey(p.dossierIds[0], p.dossierIds[1]),
        dossier_a: p.dossierIds[0],
        dossier_b: p.dossierIds[1],
        code_a: p.codes[0],
        code_b: p.codes[1],
        procedure_code: p.procedureCode,
        flagged_at: event.occurredAt,
      })
      .onConflict((oc) => oc.column('pair_key').doNothing())
      .execute();
  },
};
