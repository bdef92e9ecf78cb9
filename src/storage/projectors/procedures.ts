// Projection of the procedure catalogue: each published version becomes one row of
// `procedure_versions`. Versions are immutable, so this projector only ever inserts; a second
// event for the same (code, version) is a bug upstream and fails the transaction.
import {
  procedureEventTypes,
  procedureSearchText,
  projectedVersionSchema,
} from '../../domain/procedures.js';
import type { Projectors } from '../projections.js';

export const procedureProjectors: Projectors = {
  [procedureEventTypes.versionPublished]: async (db, event) => {
    const v = projectedVersionSchema.parse(event.payload);
    await db
      .insertInto('procedure_versions')
      .values({
        code: v.code,
        version: v.version,
        valid_from: v.validFrom,
        valid_to: v.validTo,
        name_vi: v.nameVi,
        search_text: procedureSearchText(v),
        sector_code: v.sector.code,
        level: v.level,
        non_territorial: v.nonTerritorial ? 1 : 0,
        // The payload a projector receives is the log's canonical JSON parsed back, its keys in
        // canonical order; serialising it again gives the same canonical text (RFC 8785), which
        // an identical re-import is compared against.
        data: JSON.stringify(event.payload),
        event_id: event.id,
        published_at: event.occurredAt,
      })
      .execute();
  },
};
