// A commune desk's work built through the real use cases at set Vietnam-local times, for the
// report tests: intake at the counter (paid, refused), online filing and acceptance, the
// officers' steps, and November 2026 at Phường Hải Châu and Xã Bà Nà with every case the
// procedure-results report tells apart. The expected figures are worked out by hand in the
// tests, dossier by dossier, from the story told here.
import {
  intakeAtCounter,
  intakeInput,
  onlineSubmissionInput,
  submitOnline,
  transitionDossier,
  transitionInputs,
  type OfficerAction,
} from '../src/application/dossiers.js';
import type { Services } from '../src/application/services.js';
import { runUseCase, type UseCase } from '../src/application/use-case.js';
import { parseInput } from '../src/application/validation.js';
import type { DossierState } from '../src/domain/dossiers.js';
import type { Actor } from '../src/domain/permissions.js';

/** A Vietnam-local time ("2026-11-02T08:00") as the UTC instant clocks are set to. */
export const vn = (local: string): string => new Date(`${local}:00.000+07:00`).toISOString();

/** Xác nhận tình trạng hôn nhân (hộ tịch): 3 working days, a 5.000 đồng fee. */
export const marital = '1.004873';
/** Xác nhận thông tin về cư trú (cư trú): 1 working day, free, non-territorial. */
export const residence = '1.010041';

export interface Desk {
  readonly unit: string;
  readonly services: Services;
  /** Sets the node's clock. */
  readonly setClock: (at: string) => void;
  readonly receiving: Actor;
  readonly specialist: Actor;
  readonly leader: Actor;
}

export async function at<T>(
  desk: Desk,
  actor: Actor | null,
  local: string,
  fn: (uc: UseCase) => Promise<T>,
): Promise<T> {
  desk.setClock(vn(local));
  return runUseCase(desk.services, actor, { ip: null }, fn);
}

const applicant = (n: number) => ({
  fullName: `Người nộp ${n}`,
  citizenId: `04808500${String(1000 + n)}`,
});
const components = (procedure: string) => [
  {
    code: procedure === marital ? 'to_khai' : 'to_khai_ct02',
    provided: true,
    reusedFromData: false,
  },
  { code: 'giay_to_tuy_than', provided: true, reusedFromData: false },
];

export const intake = (
  desk: Desk,
  local: string,
  n: number,
  procedure: string,
  options: { refuse?: boolean; competentUnitCode?: string } = {},
): Promise<DossierState> =>
  at(desk, desk.receiving, local, (uc) =>
    intakeAtCounter(
      uc,
      parseInput(intakeInput, {
        procedureCode: procedure,
        competentUnitCode: options.competentUnitCode ?? desk.unit,
        applicant: applicant(n),
        components: components(procedure),
        // The fee is paid at the counter: the clock starts at once.
        ...(procedure === marital ? { payment: { method: 'cash', reference: `BL-${n}` } } : {}),
        ...(options.refuse === true ? { refusal: { reason: 'Không thuộc thẩm quyền.' } } : {}),
      }),
    ),
  );

export const step = (
  desk: Desk,
  actor: Actor,
  local: string,
  dossier: DossierState,
  action: OfficerAction,
  body: Record<string, unknown> = {},
): Promise<DossierState> =>
  at(desk, actor, local, (uc) =>
    transitionDossier(uc, dossier.id, action, parseInput(transitionInputs[action], body) as never),
  );

/** Filed online at `filed`, accepted by the desk at `accepted`: the clock starts then. */
export async function online(
  desk: Desk,
  filed: string,
  accepted: string,
  n: number,
  procedure: string,
): Promise<DossierState> {
  const submitted = await at(desk, null, filed, (uc) =>
    submitOnline(
      uc,
      parseInput(onlineSubmissionInput, {
        procedureCode: procedure,
        competentUnitCode: desk.unit,
        applicant: applicant(n),
        components: components(procedure),
      }),
    ),
  );
  return step(desk, desk.receiving, accepted, submitted, 'accept');
}

export const assign = (desk: Desk, local: string, dossier: DossierState) =>
  step(desk, desk.receiving, local, dossier, 'assign', { assigneeId: desk.specialist.id });

/** Assigned at `assigned`, submitted and approved at `approved`: result ready (status 9). */
export async function processed(
  desk: Desk,
  dossier: DossierState,
  assigned: string,
  approved: string,
): Promise<DossierState> {
  await assign(desk, assigned, dossier);
  await step(desk, desk.specialist, approved, dossier, 'submit_for_approval');
  return step(desk, desk.leader, approved, dossier, 'approve');
}

/**
 * Hải Châu's work from late October to early December 2026 (times in Vietnam):
 *
 *   A  28/10 09:00 cư trú, due 29/10 09:00, result 02/11 09:00        carried over, late
 *   B  29/10 09:00 cư trú, due 30/10 09:00, result 30/10 08:00        October's only
 *   C  30/10 16:00 cư trú, due 02/11 16:00, result 02/11 10:00        carried over, on time
 *   D  02/11 08:00 hộ tịch (paid), due 05/11 08:00, result 04/11 15:00  new, early
 *   E  filed online 02/11 07:00, accepted 08:00, due 03/11 08:00, result 03/11 07:45  online, on time
 *   F  03/11 09:00 cư trú, due 04/11 09:00; apology 04/11 10:00 with a new date 06/11,
 *      result 06/11 10:00                                             new, late (by the first date)
 *   G  04/11 09:00 cư trú, due 05/11 09:00, still with the specialist  overdue at the month's end
 *   H  05/11 09:00 cư trú, supplement asked 05/11 10:00, still awaited within time (clock stopped)
 *   I  06/11 09:00 cư trú, withdrawn 06/11 10:00                      withdrawn
 *   J  09/11 09:00 cư trú, stopped 10/11 09:00                        stopped
 *   K  10/11 09:00 cư trú, refused at the counter                     refused (not in the total)
 *   L  27/11 09:00 cư trú, due 30/11 09:00, still open                overdue at the month's end
 *   M  30/11 16:00 cư trú, due 01/12 16:00, still open                within time at the month's end
 *   N  01/12 08:00 cư trú, due 02/12 08:00, still open                December's
 *
 * Bà Nà: P 03/11 09:00 hộ tịch (paid), result 04/11 09:00 (due 06/11 09:00) new, early;
 *        Q 10/11 09:00 cư trú, due 11/11 09:00, still open              overdue.
 */
export async function haiChauAndBaNa(hc: Desk, bn: Desk) {
  const a = await intake(hc, '2026-10-28T09:00', 1, residence);
  await processed(hc, a, '2026-10-28T09:30', '2026-11-02T09:00');
  const b = await intake(hc, '2026-10-29T09:00', 2, residence);
  await processed(hc, b, '2026-10-29T09:30', '2026-10-30T08:00');
  const c = await intake(hc, '2026-10-30T16:00', 3, residence);
  await processed(hc, c, '2026-10-30T16:10', '2026-11-02T10:00');
  const d = await intake(hc, '2026-11-02T08:00', 4, marital);
  await processed(hc, d, '2026-11-02T08:30', '2026-11-04T15:00');
  const e = await online(hc, '2026-11-02T07:00', '2026-11-02T08:00', 5, residence);
  await processed(hc, e, '2026-11-02T08:10', '2026-11-03T07:45');
  const f = await intake(hc, '2026-11-03T09:00', 6, residence);
  await assign(hc, '2026-11-03T09:10', f);
  await step(hc, hc.specialist, '2026-11-04T10:00', f, 'extend', {
    reason: 'Cần xác minh thêm thông tin cư trú.',
    newDueDate: '2026-11-06',
  });
  await step(hc, hc.specialist, '2026-11-06T10:00', f, 'submit_for_approval');
  await step(hc, hc.leader, '2026-11-06T10:00', f, 'approve');
  const g = await intake(hc, '2026-11-04T09:00', 7, residence);
  await assign(hc, '2026-11-04T09:10', g);
  const h = await intake(hc, '2026-11-05T09:00', 8, residence);
  await assign(hc, '2026-11-05T09:10', h);
  await step(hc, hc.specialist, '2026-11-05T10:00', h, 'request_supplement', {
    reason: 'Thiếu giấy tờ.',
    missing: ['Tờ khai có chữ ký'],
  });
  const i = await intake(hc, '2026-11-06T09:00', 9, residence);
  await step(hc, hc.receiving, '2026-11-06T10:00', i, 'withdraw', { reason: 'Công dân xin rút.' });
  const j = await intake(hc, '2026-11-09T09:00', 10, residence);
  await assign(hc, '2026-11-09T09:10', j);
  await step(hc, hc.leader, '2026-11-10T09:00', j, 'stop', { reason: 'Không đủ điều kiện.' });
  const k = await intake(hc, '2026-11-10T09:00', 11, residence, { refuse: true });
  const l = await intake(hc, '2026-11-27T09:00', 12, residence);
  await assign(hc, '2026-11-27T09:10', l);
  const m = await intake(hc, '2026-11-30T16:00', 13, residence);
  const n = await intake(hc, '2026-12-01T08:00', 14, residence);

  const p = await intake(bn, '2026-11-03T09:00', 21, marital);
  await processed(bn, p, '2026-11-03T09:30', '2026-11-04T09:00');
  const q = await intake(bn, '2026-11-10T09:00', 22, residence);
  await assign(bn, '2026-11-10T09:10', q);
  return { a, b, c, d, e, f, g, h, i, j, k, l, m, n, p, q };
}
