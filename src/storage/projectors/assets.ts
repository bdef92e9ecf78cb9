// Projection of asset.* and facility_need.* events: the register of public assets (one row per
// asset, its latest version) and the facility needs communes report. The managing unit is the
// unit whose chain holds the events, so a commune's entries reach the hub by the normal push.
import {
  assetEventTypes,
  assetRegisteredPayload,
  assetUpdatedPayload,
  needReportedPayload,
  needResolvedPayload,
  toDm2,
  type AssetFacts,
} from '../../domain/assets.js';
import type { Projectors } from '../projections.js';

const area = (m2: number | null) => (m2 === null ? null : toDm2(m2));

function columns(facts: AssetFacts) {
  return {
    name: facts.name,
    kind: facts.kind,
    address: facts.address,
    former_unit: facts.formerUnit,
    land_area_dm2: area(facts.landAreaM2),
    floor_area_dm2: area(facts.floorAreaM2),
    condition: facts.condition,
    current_use: facts.use,
    vacant_since: facts.vacantSince,
    notes: facts.notes,
  };
}

export const assetProjectors: Projectors = {
  [assetEventTypes.registered]: async (db, event) => {
    const facts = assetRegisteredPayload.parse(event.payload);
    await db
      .insertInto('assets')
      .values({
        id: event.entityId,
        unit_code: event.unitCode,
        version: 1,
        ...columns(facts),
        registered_at: event.occurredAt,
        updated_at: event.occurredAt,
      })
      .execute();
  },
  [assetEventTypes.updated]: async (db, event) => {
    const p = assetUpdatedPayload.parse(event.payload);
    await db
      .updateTable('assets')
      .set({ version: p.version, ...columns(p.facts), updated_at: event.occurredAt })
      .where('id', '=', event.entityId)
      .where('unit_code', '=', event.unitCode)
      .execute();
  },
  [assetEventTypes.needReported]: async (db, event) => {
    const p = needReportedPayload.parse(event.payload);
    await db
      .insertInto('facility_needs')
      .values({
        id: event.entityId,
        unit_code: event.unitCode,
        kind: p.kind,
        area_dm2: toDm2(p.areaNeededM2),
        explanation: p.explanation,
        reported_on: p.reportedOn,
        reported_at: event.occurredAt,
        status: 'open',
        resolution: null,
        resolution_note: null,
        resolved_on: null,
      })
      .execute();
  },
  [assetEventTypes.needResolved]: async (db, event) => {
    const p = needResolvedPayload.parse(event.payload);
    await db
      .updateTable('facility_needs')
      .set({
        status: 'resolved',
        resolution: p.resolution,
        resolution_note: p.note,
        resolved_on: p.resolvedOn,
      })
      .where('id', '=', event.entityId)
      .where('unit_code', '=', event.unitCode)
      .execute();
  },
};
