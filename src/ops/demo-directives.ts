// Demo directives: four the province issued over the last weeks (one done on time at Bà Nà and
// late at Hải Châu, one overdue, one new and still unacknowledged at Bà Nà, one to every commune
// of the province), made through the real use cases at the hub and answered at each commune's
// node at the times a real commune would have, then synced like any other work.
import {
  acknowledgeDirective,
  assignDirective,
  issueDirective,
  issueDirectiveInput,
  reportDirective,
  reviewDirectiveReport,
} from '../application/directives.js';
import type { Services } from '../application/services.js';
import { runUseCase, type UseCase } from '../application/use-case.js';
import type { Actor } from '../domain/permissions.js';
import type { LocalDate, WorkingCalendar } from '../domain/working-calendar.js';
import { addDays, localDateOf, localInstant } from '../domain/working-calendar.js';

export interface DemoClockControl {
  set(at: Date): void;
  reset(): void;
}

export interface DirectiveCommune {
  readonly unitCode: string;
  readonly services: Services;
  readonly clock: DemoClockControl;
  readonly leader: Actor;
  readonly specialist: Actor;
}

const meta = { ip: null };

/** `n` working days before `date` (n ≥ 0; 0 is `date` itself or the working day before it). */
function workingDaysBefore(calendar: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  let day = date;
  while (!calendar.isWorkingDay(day)) day = addDays(day, -1);
  for (let i = 0; i < n;) {
    day = addDays(day, -1);
    if (calendar.isWorkingDay(day)) i += 1;
  }
  return day;
}

function workingDaysAfter(calendar: WorkingCalendar, date: LocalDate, n: number): LocalDate {
  let day = date;
  for (let i = 0; i < n; i += 1) day = calendar.nextWorkingDay(day);
  return day;
}

/** Local time on a day, as a Date (hours and minutes in Vietnam time). */
const at = (date: LocalDate, hour: number, minute = 0) =>
  new Date(localInstant(date, hour * 60 + minute));

export async function seedDemoDirectives(
  hub: { services: Services; clock: DemoClockControl; issuer: Actor },
  communes: readonly DirectiveCommune[],
  sync: () => Promise<void>,
  now: Date = new Date(),
): Promise<number> {
  const db = hub.services.storage.db;
  if ((await db.selectFrom('directives').select('id').limit(1).executeTakeFirst()) !== undefined)
    return 0;
  const calendar = await hub.services.desk.calendar(db, hub.services.node.provinceCode);
  const today = localDateOf(now.getTime());
  const demoUnits = communes.map((c) => c.unitCode);
  const everyCommune = hub.services.units.communeCodesOf(hub.services.node.provinceCode);

  const issue = async (day: LocalDate, input: Record<string, unknown>) => {
    hub.clock.set(at(day, 8, 30));
    try {
      return await runUseCase(hub.services, hub.issuer, meta, (uc) =>
        issueDirective(uc, issueDirectiveInput.parse(input)),
      );
    } finally {
      hub.clock.reset();
    }
  };
  const done = await issue(workingDaysBefore(calendar, today, 12), {
    number: '2150/UBND-KT',
    title: 'Rà soát, báo cáo trụ sở và cơ sở vật chất dôi dư sau sắp xếp đơn vị hành chính',
    body:
      'Để có phương án bố trí, sử dụng trụ sở sau sắp xếp, UBND thành phố đề nghị UBND các xã, phường:\n' +
      '1. Rà soát toàn bộ trụ sở, cơ sở vật chất đang quản lý; cập nhật vào sổ tài sản công trên hệ thống Một Cửa.\n' +
      '2. Báo cáo nhu cầu về trụ sở, phòng làm việc, kho lưu trữ còn thiếu.',
    deadlineKind: 'working_days',
    deadlineDays: 5,
    unitCodes: demoUnits,
  });
  const overdue = await issue(workingDaysBefore(calendar, today, 6), {
    number: '2288/UBND-VP',
    title: 'Kiểm tra, xử lý dứt điểm hồ sơ thủ tục hành chính quá hạn',
    body:
      'Đề nghị Chủ tịch UBND các xã, phường kiểm tra toàn bộ hồ sơ đang quá hạn, ' +
      'thực hiện xin lỗi và gia hạn theo quy định, báo cáo kết quả xử lý.',
    priority: 'urgent',
    deadlineKind: 'working_days',
    deadlineDays: 3,
    unitCodes: demoUnits,
  });
  const fresh = await issue(workingDaysBefore(calendar, today, 2), {
    number: '2391/UBND-KT',
    title: 'Triển khai thu phí, lệ phí không dùng tiền mặt tại Bộ phận Một cửa',
    body: 'Các xã, phường niêm yết mã VietQR tại quầy và hướng dẫn người dân thanh toán trực tuyến.',
    deadlineKind: 'working_days',
    deadlineDays: 10,
    unitCodes: demoUnits,
  });
  await issue(today, {
    number: '2410/UBND-VP',
    title: 'Phân công trực Bộ phận Một cửa dịp Tết Nguyên đán',
    body: 'Các xã, phường, đặc khu xây dựng lịch trực, bảo đảm tiếp nhận hồ sơ hộ tịch trong dịp Tết.',
    deadlineKind: 'date',
    deadlineDate: workingDaysAfter(calendar, today, 8),
    unitCodes: everyCommune,
  });
  await sync();

  const step = async (
    commune: DirectiveCommune,
    when: Date,
    actor: Actor,
    run: (uc: UseCase) => Promise<unknown>,
  ) => {
    if (when.getTime() > now.getTime()) return;
    commune.clock.set(when);
    try {
      await runUseCase(commune.services, actor, meta, run);
    } finally {
      commune.clock.reset();
    }
  };
  for (const commune of communes) {
    const mountain = commune.unitCode === '20308';
    const { leader, specialist } = commune;
    // 2150: acknowledged and assigned the next day; Bà Nà reports on time, Hải Châu late.
    const d1 = done.directive;
    await step(commune, at(addDays(d1.issuedAt.slice(0, 10), 1), 8, 5), leader, (uc) =>
      acknowledgeDirective(uc, d1.id),
    );
    await step(commune, at(addDays(d1.issuedAt.slice(0, 10), 1), 8, 20), leader, (uc) =>
      assignDirective(uc, d1.id, { assigneeId: specialist.id, note: 'Phối hợp Văn phòng' }),
    );
    const reportDay = mountain
      ? workingDaysBefore(calendar, d1.dueDate, 1)
      : workingDaysAfter(calendar, d1.dueDate, 2);
    await step(commune, at(reportDay, 15, 40), specialist, (uc) =>
      reportDirective(uc, d1.id, {
        summary: mountain
          ? 'Đã rà soát 3 trụ sở: 1 đang sử dụng, 1 xuống cấp, 1 bỏ trống (trụ sở xã cũ). Thiếu kho lưu trữ hộ tịch.'
          : 'Đã rà soát 2 trụ sở đang sử dụng; không có trụ sở dôi dư.',
        attachments: [],
      }),
    );
    // 2288 (urgent): Hải Châu done on time; Bà Nà acknowledged and assigned, still open.
    const d2 = overdue.directive;
    const d2Day = d2.issuedAt.slice(0, 10);
    await step(commune, at(d2Day, 10, 0), leader, (uc) => acknowledgeDirective(uc, d2.id));
    await step(commune, at(d2Day, 10, 5), leader, (uc) =>
      assignDirective(uc, d2.id, { assigneeId: specialist.id, note: '' }),
    );
    if (!mountain)
      await step(commune, at(workingDaysAfter(calendar, d2Day, 2), 9, 30), specialist, (uc) =>
        reportDirective(uc, d2.id, {
          summary: 'Đã xử lý 4 hồ sơ quá hạn; đã gửi văn bản xin lỗi, gia hạn cho 2 hồ sơ.',
          attachments: [],
        }),
      );
    // 2391: only Hải Châu has acknowledged it so far (Bà Nà's link is often down).
    if (!mountain)
      await step(commune, at(fresh.directive.issuedAt.slice(0, 10), 14, 0), leader, (uc) =>
        acknowledgeDirective(uc, fresh.directive.id),
      );
  }
  await sync();

  // The province accepts Bà Nà's report on 2150 and returns Hải Châu's on 2288 for more detail.
  const review = async (
    directiveId: string,
    unitCode: string,
    verdict: 'accepted' | 'returned',
    comment: string,
  ) => {
    const row = await db
      .selectFrom('directive_targets')
      .select('reported_at')
      .where('directive_id', '=', directiveId)
      .where('unit_code', '=', unitCode)
      .executeTakeFirst();
    if (row?.reported_at === null || row?.reported_at === undefined) return;
    const when = new Date(Date.parse(row.reported_at) + 20 * 3_600_000);
    if (when.getTime() > now.getTime()) return;
    hub.clock.set(when);
    try {
      await runUseCase(hub.services, hub.issuer, meta, (uc) =>
        reviewDirectiveReport(uc, directiveId, unitCode, { verdict, comment }),
      );
    } finally {
      hub.clock.reset();
    }
  };
  await review(done.directive.id, '20308', 'accepted', '');
  await review(
    overdue.directive.id,
    '20242',
    'returned',
    'Đề nghị bổ sung danh sách hồ sơ đã xin lỗi, gia hạn và ngày hẹn mới.',
  );
  await sync();
  return 4;
}
