// What flows down from the hub to a commune node (issue 4 §3): the catalogue, the calendar,
// the accounts of that unit, dossiers transferred to it, status changes on dossiers it
// received for others, duplicate flags that name it, and the province's directives to it.
// Nothing else: another unit's accounts, applicants or answers to directives never reach it.

/** What the hub knows about the entity an event is about, looked up from its projections. */
export interface RelevanceContext {
  /** The unit an account belongs to (for account events after the first). */
  readonly accountUnit: string | null;
  /** The units a dossier was received at and is decided by (or will be, once transferred). */
  readonly dossierUnits: readonly string[];
}

export interface RelevanceEvent {
  readonly unitCode: string;
  readonly type: string;
  readonly payload: unknown;
}

function field(payload: unknown, name: string): unknown {
  return typeof payload === 'object' && payload !== null
    ? (payload as Record<string, unknown>)[name]
    : undefined;
}

/** Whether `event` (held at the hub) is sent to the node of `nodeUnit`. */
export function flowsTo(
  nodeUnit: string,
  event: RelevanceEvent,
  context: RelevanceContext,
): boolean {
  // A node's own events come back only when it is restored (a separate request).
  if (event.unitCode === nodeUnit) return false;
  const family = event.type.split('.')[0] ?? '';
  switch (family) {
    case 'procedure':
    case 'calendar':
    case 'signing': // the keys that seal certificates: every node verifies every unit's
      return true;
    case 'account':
      return (
        (event.type === 'account.created'
          ? field(event.payload, 'unitCode')
          : context.accountUnit) === nodeUnit
      );
    case 'dossier':
      return context.dossierUnits.includes(nodeUnit);
    case 'duplicate':
    case 'directive': {
      // A directive (and its withdrawal) goes to the communes it names; a commune's response
      // (unitCodes absent) stays at the hub: other communes do not see each other's work.
      const units = field(event.payload, 'unitCodes');
      return Array.isArray(units) && units.includes(nodeUnit);
    }
    default:
      // node.* (enrolment) and anything unknown stay at the hub.
      return false;
  }
}
