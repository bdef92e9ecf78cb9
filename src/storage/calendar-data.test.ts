import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../domain/working-calendar.js';
import { loadCalendarData, readCalendarNoticeFile } from './calendar-data.js';
import { ReferenceDataError } from './reference-data.js';

const folders: string[] = [];
afterAll(async () => {
  await Promise.all(folders.map((f) => rm(f, { recursive: true, force: true })));
});

async function folderWith(content: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'motcua-calendar-'));
  folders.push(dir);
  await writeFile(join(dir, 'notices.json'), content);
  return dir;
}

describe('loadCalendarData', () => {
  it('reads the shipped data/calendar/notices.json once, with the notices of 2025 and 2026', () => {
    const data = loadCalendarData();
    expect(loadCalendarData()).toBe(data);
    expect(data.notices.map((n) => n.year)).toEqual([2025, 2026]);
    const calendar = createWorkingCalendar({ notices: data.notices });
    expect(calendar.isWorkingDay('2025-04-26')).toBe(true);
  });

  it('names the file, the entry and the field of every problem', async () => {
    const dir = await folderWith(
      JSON.stringify({
        formatVersion: 1,
        officeHours: { default: { sessions: [{ from: '07:30', to: '25:00' }] } },
        notices: [
          {
            year: 2027,
            title: 'x',
            documents: [{ number: 'A' }],
            daysOff: [{ date: '2027-02-05', kind: 'holiday', rule: 'lunar_new_year', source: 'B' }],
          },
        ],
      }),
    );
    const error: unknown = (() => {
      try {
        loadCalendarData(dir);
        return undefined;
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ReferenceDataError);
    const issues = (error as ReferenceDataError).issues;
    expect(issues.map((i) => `${i.file} ${i.field ?? ''}`)).toEqual([
      'notices.json officeHours.default.sessions.0.to',
      'notices.json notices.0.daysOff.0.source',
    ]);
    expect((error as Error).message).toContain('field "notices.0.daysOff.0.source"');
  });

  it('says when the file cannot be read or is not JSON', async () => {
    expect(() => loadCalendarData(join(tmpdir(), 'motcua-no-such-folder'))).toThrow(
      /cannot be read/,
    );
    const notJson = await folderWith('{ not json');
    expect(() => loadCalendarData(notJson)).toThrow(/is not JSON/);
  });
});

describe('readCalendarNoticeFile', () => {
  it('returns the text, or a ReferenceDataError naming the file', async () => {
    const dir = await folderWith('{"year": 2027}');
    expect(readCalendarNoticeFile(join(dir, 'notices.json'))).toBe('{"year": 2027}');
    expect(() => readCalendarNoticeFile(join(dir, 'missing.json'))).toThrow(ReferenceDataError);
  });
});
