// An officer's field (lĩnh vực) as part of their account: the checks on a field asked for, and
// the `account.field_set` event that records it. Accounts are the hub's (DESIGN §3.2), so the
// event is written there and reaches the officer's commune by sync like the account itself.
import { accountEventTypes } from '../domain/accounts.js';
import { fieldRefusal, type StaffingData } from '../domain/staffing.js';
import type { Role } from '../domain/roles.js';
import type { FieldProblem } from './errors.js';
import type { Services } from './services.js';
import type { UseCase } from './use-case.js';

/** The fields and sectors; a node started without them cannot judge fields at all. */
export function staffingData(services: Services): StaffingData {
  if (services.staffing === undefined)
    throw new Error('The staffing data (data/staffing/officer-fields.json) was not loaded');
  return services.staffing;
}

/** What is wrong with giving an account of `role` the field `field`, at the form's field. */
export function officerFieldProblems(
  data: StaffingData,
  role: Role,
  field: string | null,
  at = 'field',
): FieldProblem[] {
  switch (fieldRefusal(data, role, field)) {
    case 'field_unknown':
      return [
        {
          field: at,
          reason: 'field_unknown',
          message: 'staffing.fieldUnknown',
          params: { code: field ?? '' },
        },
      ];
    case 'field_not_officer':
      return [{ field: at, reason: 'field_not_officer', message: 'staffing.fieldNotOfficer' }];
    case null:
      return [];
  }
}

/** Appends the event (its projector sets `accounts.officer_field`); returns its id. */
export async function appendOfficerField(
  uc: UseCase,
  accountId: string,
  field: string | null,
): Promise<string> {
  const event = await uc.tx.append(
    {
      type: accountEventTypes.fieldSet,
      entityType: 'account',
      entityId: accountId,
      payload: { field },
    },
    { actorId: uc.actor?.id ?? null },
  );
  return event.id;
}
