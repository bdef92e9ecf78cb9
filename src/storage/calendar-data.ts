// Reads the working-calendar data shipped in data/calendar/ (office hours and the yearly notices
// of 2025 and 2026; format in docs/calendar-notices.md) and a notice file an operator imports.
// The checks themselves are pure (domain/calendar-notices.ts); this module only does the IO and
// turns problems into a ReferenceDataError that names the file, the entry and the field.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  parseCalendarDataJson,
  type CalendarData,
  type CalendarDataIssue,
} from '../domain/calendar-notices.js';
import { ReferenceDataError, type ReferenceDataIssue } from './reference-data.js';

/** data/calendar/ of this repository, found from this module (same depth in src/ and dist/). */
export const DEFAULT_CALENDAR_DIR = fileURLToPath(new URL('../../data/calendar/', import.meta.url));
export const CALENDAR_DATA_FILE = 'notices.json';

let defaultData: CalendarData | undefined;

/**
 * Reads and checks data/calendar/notices.json. Synchronous and run once at start-up, like the
 * administrative units: a node whose calendar is broken must not compute a single deadline.
 * Throws ReferenceDataError listing every problem.
 */
export function loadCalendarData(dir: string = DEFAULT_CALENDAR_DIR): CalendarData {
  const isDefault = resolve(dir) === resolve(DEFAULT_CALENDAR_DIR);
  if (isDefault && defaultData !== undefined) return defaultData;
  const file = CALENDAR_DATA_FILE;
  let text: string;
  try {
    text = readFileSync(join(dir, file), 'utf8');
  } catch (error) {
    throw new ReferenceDataError([{ file, message: `cannot be read: ${errorMessage(error)}` }]);
  }
  const result = parseCalendarDataJson(text);
  if (!result.ok) throw new ReferenceDataError(result.issues.map((i) => toIssue(file, i)));
  if (isDefault) defaultData = result.value;
  return result.value;
}

/** The text of a notice file the operator names, for `importCalendarNotice`. */
export function readCalendarNoticeFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new ReferenceDataError([
      { file: path, message: `cannot be read: ${errorMessage(error)}` },
    ]);
  }
}

function toIssue(file: string, issue: CalendarDataIssue): ReferenceDataIssue {
  return issue.path === ''
    ? { file, message: `${issue.message} [${issue.reason}]` }
    : { file, field: issue.path, message: `${issue.message} [${issue.reason}]` };
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
