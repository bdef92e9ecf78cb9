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
 * Reference data changes rarely (a notice a year, a catalogue version now and then) and is
 * read on every intake, so the desk keeps what it read for a few seconds. A change published
 * on the hub reaches the desk's answers at most that long after it reaches the node.
 */
const REFERENCE_TTL_MS = 5_000;

function ttlCache<V>(now: () => number) {
  const entries = new Map<string, { at: number; value: V }>();
  return async (key: string, load: () => Promise<V>): Promise<V> => {
    const hit = entries.get(key);
    if (hit !== undefined && now() - hit.at < REFERENCE_TTL_MS) return hit.value;
    const value = await load();
    if (entries.size > 10_000) entries.clear();
    entries.set(key, { at: now(), value });
    return value;
  };
}

export function createDeskReferences(
  shipped: CalendarData,
  now: () => number = () => Date.now(),
): DeskReferences {
  const calendars = ttlCache<WorkingCalendar>(now);
  const procedures = ttlCache<DeskProcedure | undefined>(now);
  const calendarOf = (db: Kysely<Database>, provinceCode: string) =>
    calendars(provinceCode, () => loadWorkingCalendar(db, provinceCode, shipped));
  return {
    listInForce: async (db, localDate) =>
      (await listProcedures(db, { date: localDate })).map(deskProcedure),
    procedureInForce: (db, code, localDate) =>
      procedures(`${code}@${localDate}`, async () => {
        const v = await procedureVersion(db, code, localDate);
        return v === undefined ? undefined : deskProcedure(v);
      }),
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
    calendar: calendarOf,
  };
}
