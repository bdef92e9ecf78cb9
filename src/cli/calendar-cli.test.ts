// `motcua calendar import`: the province adds next year's notice itself; a commune refuses,
// and a bad file names its entry and field and writes nothing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openNodeServices } from './node-services.js';
import { main } from './main.js';
import { createWorkingCalendar } from '../domain/working-calendar.js';
import { loadWorkingCalendar } from '../application/calendar.js';
import { loadCalendarData } from '../storage/calendar-data.js';

let dir: string;
let lines: string[];
const log = (line: string) => lines.push(line);

const notice2027 = {
  year: 2027,
  title: 'Lịch nghỉ lễ, Tết năm 2027',
  documents: [
    {
      number: 'TB 0001/TB-BNV',
      issuer: 'Bộ Nội vụ',
      date: '2026-11-20',
      subject: 'Lịch nghỉ Tết Âm lịch 2027 (thử)',
    },
  ],
  daysOff: ['2027-02-04', '2027-02-08', '2027-02-09', '2027-02-10'].map((date) => ({
    date,
    kind: 'holiday',
    rule: 'lunar_new_year',
    source: 'TB 0001/TB-BNV',
  })),
  // Friday 05/02 off, worked on Saturday 20/02 instead (hoán đổi ngày làm việc).
  swaps: [{ dayOff: '2027-02-05', workday: '2027-02-20', source: 'TB 0001/TB-BNV' }],
};

beforeEach(async () => {
  vi.stubEnv('DATABASE_URL', '');
  dir = await mkdtemp(join(tmpdir(), 'motcua-cal-'));
  lines = [];
});
afterEach(async () => {
  vi.unstubAllEnvs();
  await rm(dir, { recursive: true, force: true });
});

describe('motcua calendar import', () => {
  it('publishes a 2027 notice on the hub, and the calendar follows it', async () => {
    const file = join(dir, '2027.json');
    await writeFile(file, JSON.stringify(notice2027));
    const code = await main(
      [
        'calendar',
        'import',
        file,
        '--role',
        'province',
        '--unit',
        '48',
        '--data',
        join(dir, 'hub'),
      ],
      log,
    );
    expect(lines).toEqual(['Đã ban hành lịch năm 2027.']);
    expect(code).toBe(0);
    const { services } = await openNodeServices({
      role: 'province',
      unit: '48',
      data: join(dir, 'hub'),
    });
    try {
      const calendar = await loadWorkingCalendar(services.storage.db, '48', loadCalendarData());
      expect(calendar.hasNoticeFor(2027)).toBe(true);
      expect(calendar.isWorkingDay('2027-02-05')).toBe(false);
      expect(calendar.isWorkingDay('2027-02-20')).toBe(true); // a Saturday worked
      expect(createWorkingCalendar().hasNoticeFor(2027)).toBe(false);
    } finally {
      await services.storage.close();
    }
  });

  it('is refused on a commune node, which receives the calendar from the hub', async () => {
    const file = join(dir, '2027.json');
    await writeFile(file, JSON.stringify(notice2027));
    const code = await main(
      [
        'calendar',
        'import',
        file,
        '--role',
        'commune',
        '--unit',
        '20242',
        '--data',
        join(dir, 'c'),
      ],
      log,
    );
    expect(code).toBe(2);
    expect(lines[0]).toMatch(/Lịch làm việc do hệ thống cấp tỉnh ban hành/);
  });

  it('names the entry and field of a bad notice and writes nothing', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(
      file,
      JSON.stringify({
        ...notice2027,
        daysOff: [{ ...notice2027.daysOff[0], date: '2027-02-30' }],
      }),
    );
    const code = await main(
      [
        'calendar',
        'import',
        file,
        '--role',
        'province',
        '--unit',
        '48',
        '--data',
        join(dir, 'hub'),
        '--lang',
        'en',
      ],
      log,
    );
    expect(code).toBe(1);
    expect(lines.join('\n')).toMatch(/daysOff\.0\.date/);
    lines = [];
    expect(await main(['verify', '--data', join(dir, 'hub')], log)).toBe(0);
    expect(lines).toEqual(['OK: 0 events in 0 unit chains checked, 0 problems']);
  });
});
