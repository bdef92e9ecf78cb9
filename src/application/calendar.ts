// Use cases of the working calendar (lịch làm việc). A province administrator imports a year's
// notice at the province hub; it becomes a `calendar.notice_published` event, so the communes
// receive it by sync like any other reference data the hub owns (DESIGN §3.2). Every node then
// builds its calendar from the notices shipped in data/calendar/ overlaid by the published ones.
import type { Kysely } from 'kysely';
import {
  CALENDAR_NOTICE_ENTITY,
  calendarEventTypes,
  officeHoursFor,
  overlayNotices,
  parseCalendarNotice,
  parseCalendarNoticeJson,
  type CalendarData,
  type CalendarDataIssue,
} from '../domain/calendar-notices.js';
import { computeDeadline, type Deadline, type DeadlineInput } from '../domain/deadline.js';
import {
  createWorkingCalendar,
  type CalendarNotice,
  type WorkingCalendar,
} from '../domain/working-calendar.js';
import type { MessageKey } from '../i18n/messages.js';
import type { Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import { validationError, type FieldProblem } from './errors.js';
import { authorize, subjectIn, type UseCase } from './use-case.js';

/** A notice file is a few kilobytes; anything far larger is not one. */
export const MAX_NOTICE_FILE_CHARS = 256 * 1024;

export interface ImportedCalendarNotice {
  readonly year: number;
  /** The `calendar.notice_published` event written. */
  readonly eventId: string;
  /** True when a notice for the year had been published before and is now replaced. */
  readonly replaced: boolean;
}

// Reasons whose wording the message catalogue already has; the rest read "invalid value" in
// the user's language, and the stable `reason` says exactly what is wrong.
const messageForReason: Readonly<Record<string, MessageKey>> = {
  required: 'field.required',
  invalid_type: 'field.invalid_type',
  invalid_option: 'field.invalid_option',
  not_allowed: 'field.not_allowed',
  date_format: 'field.date_format',
  invalid_json: 'error.invalid_json',
};

function fieldProblem(issue: CalendarDataIssue): FieldProblem {
  return {
    field: issue.path === '' ? 'file' : issue.path,
    reason: issue.reason,
    message: messageForReason[issue.reason] ?? 'field.invalid',
  };
}

/**
 * Imports one year's notice (the JSON of docs/calendar-notices.md): validate → authorise →
 * append the event (its projection and the audit entry in the same transaction). A bad file
 * is refused with every problem named by entry index and field, and nothing is written.
 */
export async function importCalendarNotice(
  uc: UseCase,
  fileContent: string,
): Promise<ImportedCalendarNotice> {
  return publishNotice(uc, fileContent, false);
}

/**
 * The same import run by the operator on the hub machine itself (`motcua calendar import`):
 * no signed-in account, but only on the province hub, and still an event and audited.
 */
export async function operatorImportCalendarNotice(
  uc: UseCase,
  fileContent: string,
): Promise<ImportedCalendarNotice> {
  if (uc.services.node.role !== 'province')
    throw validationError([
      { field: 'node', reason: 'calendar_hub_only', message: 'calendar.hub_only' },
    ]);
  return publishNotice(uc, fileContent, true);
}

async function publishNotice(
  uc: UseCase,
  fileContent: string,
  operator: boolean,
): Promise<ImportedCalendarNotice> {
  if (fileContent.length > MAX_NOTICE_FILE_CHARS)
    throw validationError([
      {
        field: 'file',
        reason: 'too_big',
        message: 'field.too_big',
        params: { max: MAX_NOTICE_FILE_CHARS },
      },
    ]);
  const parsed = parseCalendarNoticeJson(fileContent);
  if (!parsed.ok) throw validationError(parsed.issues.map(fieldProblem));
  const notice = parsed.value;
  const entityId = String(notice.year);

  if (!operator)
    authorize(uc, 'calendar.import', subjectIn(uc.services, uc.services.node.unitCode), {
      type: CALENDAR_NOTICE_ENTITY,
      id: entityId,
    });

  const before = await uc.tx.db
    .selectFrom('calendar_notices')
    .select('year')
    .where('year', '=', notice.year)
    .executeTakeFirst();
  const event = await uc.tx.append(
    {
      type: calendarEventTypes.noticePublished,
      entityType: CALENDAR_NOTICE_ENTITY,
      entityId,
      // Plain JSON: the payload is hashed as canonical JSON and must not carry `undefined`.
      payload: JSON.parse(JSON.stringify(notice)) as CalendarNotice,
    },
    { actorId: uc.actor?.id ?? null },
  );
  await recordAudit(uc.tx.db, uc.services.node.unitCode, uc.now, uc.actor, uc.meta, {
    kind: 'write',
    action: 'calendar.import',
    subjectType: CALENDAR_NOTICE_ENTITY,
    subjectId: entityId,
    outcome: 'ok',
    eventId: event.id,
  });
  return { year: notice.year, eventId: event.id, replaced: before !== undefined };
}

/** The notices published (imported) on this node or received from the hub, by year. */
export async function publishedCalendarNotices(db: Kysely<Database>): Promise<CalendarNotice[]> {
  const rows = await db
    .selectFrom('calendar_notices')
    .select(['year', 'payload'])
    .orderBy('year')
    .execute();
  return rows.map((row) => {
    const result = parseCalendarNotice(JSON.parse(row.payload));
    // The projector checked it on the way in; failing here means the table was edited by hand.
    if (!result.ok)
      throw new Error(
        `calendar_notices row ${row.year} is not a valid notice; rebuild the projection`,
      );
    return result.value;
  });
}

/**
 * The working calendar of a province: the shipped data (read once at start-up by the
 * composition root, storage/calendar-data.ts) overlaid by the published notices, with the
 * province's own office hours when the data file sets them.
 */
export async function loadWorkingCalendar(
  db: Kysely<Database>,
  provinceCode: string,
  shipped: CalendarData,
): Promise<WorkingCalendar> {
  return createWorkingCalendar({
    notices: overlayNotices(shipped.notices, await publishedCalendarNotices(db)),
    officeHours: officeHoursFor(shipped, provinceCode),
  });
}

/**
 * The deadline of a dossier of `provinceCode`, on that province's calendar as this node holds
 * it. Reads the published notices on each call (a handful of rows), so an import is seen at
 * once; the desk may cache the calendar if this ever shows in a profile.
 */
export async function provinceDeadline(
  db: Kysely<Database>,
  shipped: CalendarData,
  input: Omit<DeadlineInput, 'calendar'> & { readonly provinceCode: string },
): Promise<Deadline> {
  const { provinceCode, ...question } = input;
  const calendar = await loadWorkingCalendar(db, provinceCode, shipped);
  return computeDeadline({ ...question, calendar });
}
