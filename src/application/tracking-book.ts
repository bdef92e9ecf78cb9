// Sổ theo dõi hồ sơ (form 07): every dossier the unit received in a date range, in the order
// received, with its dates and status — read from the projection, audited as a read of
// personal data.
import { z } from 'zod';
import type { DossierStatus } from '../domain/dossier-status.js';
import { isOverdue, type DossierState } from '../domain/dossiers.js';
import { recordAudit } from './audit.js';
import { validationError } from './errors.js';
import { authorize, type UseCase } from './use-case.js';

export const trackingBookInput = z.strictObject({
  from: z.iso.date({ error: 'field.date_format' }),
  to: z.iso.date({ error: 'field.date_format' }),
});

export interface TrackingBookRow {
  readonly id: string;
  readonly code: string;
  readonly procedureCode: string;
  readonly procedureName: string;
  readonly applicantName: string;
  readonly applicantCitizenId: string;
  readonly receivedAt: string | null;
  readonly dueAt: string | null;
  readonly extendedDueAt: string | null;
  readonly returnedAt: string | null;
  readonly status: DossierStatus;
  readonly overdue: boolean;
}

/** Start of a Vietnam-local day as a UTC instant. */
function startOfDay(date: string): string {
  return new Date(`${date}T00:00:00.000+07:00`).toISOString();
}

export async function readTrackingBook(
  uc: UseCase,
  input: z.infer<typeof trackingBookInput>,
): Promise<TrackingBookRow[]> {
  const unit = uc.services.node.unitCode;
  authorize(
    uc,
    'tracking_book.read',
    { unitCode: unit, provinceCode: uc.services.node.provinceCode },
    { type: 'tracking_book', id: unit },
  );
  if (input.to < input.from)
    throw validationError([{ field: 'to', reason: 'before_from', message: 'field.invalid' }]);
  const end = new Date(Date.parse(startOfDay(input.to)) + 86_400_000).toISOString();
  const rows = await uc.tx.db
    .selectFrom('dossiers')
    .select('state')
    .where('receiving_unit_code', '=', unit)
    .where('received_at', '>=', startOfDay(input.from))
    .where('received_at', '<', end)
    .orderBy('received_at')
    .orderBy('code')
    .execute();
  await recordAudit(uc.tx.db, unit, uc.now, uc.actor, uc.meta, {
    kind: 'read',
    action: 'tracking_book.read',
    subjectType: 'tracking_book',
    subjectId: `${input.from}..${input.to}`,
    outcome: 'ok',
  });
  const now = uc.now.toISOString();
  return rows.map((r) => {
    const s = JSON.parse(r.state) as DossierState;
    return {
      id: s.id,
      code: s.code,
      procedureCode: s.procedureCode,
      procedureName: s.procedureName,
      applicantName: s.applicant.fullName,
      applicantCitizenId: s.applicant.citizenId,
      receivedAt: s.receivedAt,
      dueAt: s.dueAt,
      extendedDueAt: s.extendedDueAt,
      returnedAt: s.returnedAt,
      status: s.status,
      overdue: isOverdue(s, now),
    };
  });
}
