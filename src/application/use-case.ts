// The frame around every use case: one transaction, the actor, the clock reading, and
// authorisation against the declarative rules (domain/permissions.ts). A denied request is
// refused with `forbidden` and the denial is written to the audit trail after the rollback.
import { allowingRule, type Action, type Actor, type Subject } from '../domain/permissions.js';
import type { Transaction } from '../storage/storage.js';
import { recordAudit } from './audit.js';
import { withDossierOutboxes } from './dossier-outboxes.js';
import { AppError } from './errors.js';
import type { RequestMeta, Services } from './services.js';

export interface UseCase {
  readonly tx: Transaction;
  readonly actor: Actor | null;
  readonly services: Services;
  readonly meta: RequestMeta;
  /** One clock reading for the whole use case. */
  readonly now: Date;
}

class Denied extends AppError {
  constructor(
    readonly action: Action,
    readonly subjectType: string,
    readonly subjectId: string | null,
  ) {
    super('forbidden');
  }
}

export async function runUseCase<T>(
  services: Services,
  actor: Actor | null,
  meta: RequestMeta,
  fn: (uc: UseCase) => Promise<T>,
): Promise<T> {
  const now = services.clock();
  try {
    return await services.storage.transaction((tx) =>
      // Dossier events appended here queue the applicant's notifications (and, on the hub, the
      // national portal's updates) in this same transaction: dossier-outboxes.ts.
      fn({ tx: withDossierOutboxes(tx, services, now), actor, services, meta, now }),
    );
  } catch (error) {
    if (error instanceof Denied) {
      await services.storage.transaction((tx) =>
        recordAudit(tx.db, services.node.unitCode, now, actor, meta, {
          kind: 'access',
          action: error.action,
          subjectType: error.subjectType,
          subjectId: error.subjectId,
          outcome: 'denied',
        }),
      );
    }
    throw error;
  }
}

/** Throws `forbidden` unless a rule allows `action` on `subject`. */
export function authorize(
  uc: UseCase,
  action: Action,
  subject: Subject,
  described: { type: string; id: string | null },
): void {
  if (allowingRule(uc.actor, action, subject) === undefined)
    throw new Denied(action, described.type, described.id);
}

/** The subject for something located in `unitCode`. */
export function subjectIn(services: Services, unitCode: string, ownerId?: string): Subject {
  const provinceCode = services.units.unit(unitCode)?.provinceCode ?? '';
  return ownerId === undefined ? { unitCode, provinceCode } : { unitCode, provinceCode, ownerId };
}
