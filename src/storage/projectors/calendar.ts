// Projection of calendar events into `calendar_notices`: the notice in force for each year.
// Publishing a year again replaces its row, so the newest notice of the hub's chain wins.
import { calendarEventTypes, parseCalendarNotice } from '../../domain/calendar-notices.js';
import type { Projectors } from '../projections.js';

export const calendarProjectors: Projectors = {
  [calendarEventTypes.noticePublished]: async (db, event) => {
    // Checked again here: a synced event must meet the same rules as an imported file, and a
    // projector that throws rolls the whole transaction back.
    const result = parseCalendarNotice(event.payload);
    if (!result.ok)
      throw new Error(
        `Event ${event.id} (${event.type}) has an invalid notice: ` +
          result.issues.map((i) => `${i.path || '(notice)'}: ${i.message}`).join('; '),
      );
    const notice = result.value;
    if (event.entityId !== String(notice.year))
      throw new Error(
        `Event ${event.id} is about ${event.entityId} but holds the notice of ${notice.year}`,
      );
    const row = { payload: JSON.stringify(notice), published_at: event.occurredAt };
    await db
      .insertInto('calendar_notices')
      .values({ year: notice.year, ...row })
      .onConflict((oc) => oc.column('year').doUpdateSet(row))
      .execute();
  },
};
