// The desk's view of the procedure catalogue (catalogue.ts) and the working calendar
// (calendar.ts), behind the DeskReferences interface the dossier use cases take.
import type { Kysely } from 'kysely';
import type { CalendarData } from '../domain/calendar-notices.js';
import { computeDeadline } from '../domain/deadline.js';
import {
  computeFee,
  feeExemptions,
  type FeeExemption,
  type ProcedureVersion,
} from '../domain/procedures.js';
import type { WorkingCalendar } from '../domain/working-calendar.js';
import type { Database } from '../storage/schema.js';
import { loadWorkingCalendar } from './calendar.js';
import { listProcedures, procedureVersion } from './catalogue.js';
import type { DeskProcedure, DeskReferences } from './desk-references.js';

export function deskProcedure(v: ProcedureVersion): DeskProcedure {
  const exemptionCodes = [...new Set(v.fees.flatMap((f) => f.exemptions))].filter(
    // On-time registration is decided by the dates, not claimed at the counter.
    (e) => e !== 'on_time_registration',
  );
  return {
    code: v.code,
    version: v.version,
    name: v.nameVi,
    nameEn: v.nameEn,
    level: v.level,
    processingTime: v.processingTime,
    nonTerritorial: v.nonTerritorial,
    channels: v.channels,
    components: v.components.map((c) => ({
      code: c.code,
      name: c.nameVi,
      required: c.required,
      reusableFromData: c.reusableFromData.length > 0,
    })),
    exemptions: exemptionCodes.map((code) => ({ code, name: feeExemptions[code].nameVi })),
    fee: ({ exemptions, late, copies }) => {
      const claimed = exemptions.filter((e): e is FeeExemption => Object.hasOwn(feeExemptions, e));
      const assessment = computeFee(v, { exemptions: claimed, late, copies });
      const names = new Map(v.fees.map((f) => [f.code, f.nameVi]));
      return {
        lines: assessment.lines.map((l) => ({
          feeCode: l.feeCode,
          name: names.get(l.feeCode) ?? l.feeCode,
          amountVnd: l.amountVnd,
          exemptBy: l.exemptBy === undefined ? null : feeExemptions[l.exemptBy].nameVi,
        })),
        totalVnd: assessment.totalVnd,
        exemptions: claimed,
      };
    },
  };
}

/**
 * The calendar of a province changes only when a notice is published, so it is built once and
 * kept until the notices table changes (checked with one cheap query per use).
 */
function calendarCache(shipped: CalendarData) {
  const cache = new Map<string, { signature: string; calendar: WorkingCalendar }>();
  return async (db: Kysely<Database>, provinceCode: string): Promise<WorkingCalendar> => {
    const row = await db
      .selectFrom('calendar_notices')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('published_at').as('latest')])
      .executeTakeFirst();
    const signature = `${String(row?.n ?? 0)}|${row?.latest ?? ''}`;
    const hit = cache.get(provinceCode);
    if (hit?.signature === signature) return hit.calendar;
    const calendar = await loadWorkingCalendar(db, provinceCode, shipped);
    cache.set(provinceCode, { signature, calendar });
    return calendar;
  };
}

export function createDeskReferences(shipped: CalendarData): DeskReferences {
  const calendarOf = calendarCache(shipped);
  return {
    listInForce: async (db, localDate) =>
      (await listProcedures(db, { date: localDate })).map(deskProcedure),
    procedureInForce: async (db, code, localDate) => {
      const v = await procedureVersion(db, code, localDate);
      return v === undefined ? undefined : deskProcedure(v);
    },
    deadline: async (db, input) => {
      const answer = computeDeadline({
        processingTime: input.processingTime,
        receivedAt: input.receivedAt,
        pauses: input.pauses,
        now: input.now,
        calendar: await calendarOf(db, input.provinceCode),
      });
      return { dueAt: answer.dueAt, overdue: answer.overdue };
    },
  };
}
