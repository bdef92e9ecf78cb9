// Directives between the province and its communes, through real sync: a directive issued while
// a commune is cut off reaches it (with its papers) when the link returns; the commune's
// acknowledgement, assignment and report, made offline, reach the province with the commune's
// own times, so that lateness is judged by when the commune acted. Every forbidden step is
// refused and writes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  acknowledgeDirective,
  assignDirective,
  cancelDirective,
  directiveDetail,
  issueDirective,
  issueDirectiveInput,
  listDirectives,
  reportDirective,
  reviewDirectiveReport,
  storeDirectivePaper,
} from '../application/directives.js';
import { AppError } from '../application/errors.js';
import { readReport } from '../application/reports.js';
import { runUseCase } from '../application/use-case.js';
import type { Actor } from '../domain/permissions.js';
import type { Services } from '../application/services.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';

const meta = { ip: null };
const pdf = (tag: string) => Buffer.from(`%PDF-1.4\n% ${tag}\n%%EOF\n`);
/** `2026-12-03 17:00` in Vietnam → ISO-8601 UTC. */
const vn = (local: string): string => new Date(`${local.replace(' ', 'T')}:00+07:00`).toISOString();

async function issue(
  hub: TestHub,
  input: Record<string, unknown>,
  papers: readonly Buffer[] = [],
  actor: Actor = hub.admin,
) {
  return runUseCase(hub.services, actor, meta, async (uc) => {
    const attachments = [];
    for (const [i, paper] of papers.entries()) {
      const stored = await storeDirectivePaper(uc, { kind: 'issue' }, paper);
      attachments.push({ hash: stored.hash, name: `cong-van-${i + 1}.pdf` });
    }
    return issueDirective(
      uc,
      issueDirectiveInput.parse({
        number: '125/UBND-VP',
        title: 'Rà soát trụ sở dôi dư sau sắp xếp',
        body: 'Các xã rà soát và báo cáo trụ sở, cơ sở vật chất dôi dư.',
        deadlineKind: 'working_days',
        deadlineDays: 5,
        unitCodes: ['20242', '20308'],
        ...input,
        attachments,
      }),
    );
  });
}

async function eventCount(services: Services): Promise<number> {
  const row = await services.storage.db
    .selectFrom('events')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

forEachDialect('directives through sync', (dialect) => {
  let hub: TestHub;
  const nodes: TestCommune[] = [];
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
  });
  afterEach(async () => {
    for (const node of nodes.splice(0)) await node.close();
    await hub.close();
  });
  const commune = async (unit: string) => {
    const node = await startCommune(unit, hub.url, { token: await hub.token(unit) });
    nodes.push(node);
    await node.worker.syncOnce();
    return node;
  };
  const at = (local: string, ...clocks: { set(at: string): void }[]) => {
    for (const c of clocks) c.set(vn(local));
  };

  it('reaches a commune that was offline when the link returns, and brings its acknowledgement back', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    at('2026-11-26 09:00', hub.clock, baNa.clock, haiChau.clock);
    await hub.down(); // the link is cut: nothing moves either way
    const issued = await issue(hub, {}, [pdf('cong van 125')]);
    const id = issued.directive.id;
    expect(issued.directive.dueDate).toBe('2026-12-03');
    expect(issued.targets.map((t) => [t.unitCode, t.deliveredAt]).sort()).toEqual([
      ['20242', null],
      ['20308', null],
    ]);

    // Offline: Bà Nà's sync fails and it has nothing of the directive.
    await expect(baNa.worker.syncOnce()).rejects.toThrow();
    expect(
      await runUseCase(baNa.services, await baNa.actor('leader'), meta, (uc) =>
        listDirectives(uc, { show: 'all' }),
      ),
    ).toEqual([]);

    // The link returns: the directive and its paper arrive.
    await hub.up();
    await baNa.worker.syncOnce();
    const leader = await baNa.actor('leader');
    const atBaNa = await runUseCase(baNa.services, leader, meta, (uc) => directiveDetail(uc, id));
    expect(atBaNa.directive).toMatchObject({
      number: '125/UBND-VP',
      dueDate: '2026-12-03',
      dueAt: vn('2026-12-03 17:00'),
    });
    expect(atBaNa.targets.map((t) => t.unitCode)).toEqual(['20308']);
    const paper = atBaNa.attachments[0];
    expect(paper).toMatchObject({ name: 'cong-van-1.pdf', mediaType: 'application/pdf' });
    const bytes = await baNa.services.storage.db
      .selectFrom('attachments')
      .select('content')
      .where('hash', '=', paper?.hash ?? '')
      .executeTakeFirst();
    expect(Buffer.from(bytes?.content ?? []).toString()).toContain('cong van 125');
    // The next pull confirms holding it: the hub notes the delivery.
    await baNa.worker.syncOnce();
    const seen = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(seen.targets.find((t) => t.unitCode === '20308')?.deliveredAt).not.toBeNull();
    expect(seen.targets.find((t) => t.unitCode === '20242')?.deliveredAt).toBeNull();

    // Cut off again, Bà Nà acknowledges, assigns and reports on 01/12 (on time).
    await hub.down();
    at('2026-11-27 08:15', baNa.clock);
    await runUseCase(baNa.services, leader, meta, (uc) => acknowledgeDirective(uc, id));
    const specialist = await baNa.actor('specialist');
    await runUseCase(baNa.services, leader, meta, (uc) =>
      assignDirective(uc, id, { assigneeId: specialist.id, note: 'Làm ngay' }),
    );
    at('2026-12-01 10:00', baNa.clock);
    await runUseCase(baNa.services, specialist, meta, async (uc) => {
      const stored = await storeDirectivePaper(uc, { kind: 'report', directiveId: id }, pdf('bc'));
      return reportDirective(uc, id, {
        summary: 'Đã rà soát: 2 trụ sở dôi dư.',
        attachments: [{ hash: stored.hash, name: 'bao-cao.pdf' }],
      });
    });
    await expect(baNa.worker.syncOnce()).rejects.toThrow();

    // The hub sees nothing of it until the link returns, on 04/12 (after the deadline).
    at('2026-12-04 09:00', hub.clock, baNa.clock);
    let atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(atHub.targets.map((t) => [t.unitCode, t.standing.progress]).sort()).toEqual([
      ['20242', 'overdue'],
      ['20308', 'overdue'],
    ]);
    await hub.up();
    await baNa.worker.syncOnce();
    atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    const baNaRow = atHub.targets.find((t) => t.unitCode === '20308');
    expect(baNaRow).toMatchObject({
      acknowledgedAt: vn('2026-11-27 08:15'),
      acknowledgedByName: 'leader 20308',
      assigneeName: 'specialist 20308',
      reportedAt: vn('2026-12-01 10:00'),
      reportSummary: 'Đã rà soát: 2 trụ sở dôi dư.',
      standing: { progress: 'done_on_time', late: false, unacknowledged: false, dueSoon: false },
    });
    // Hải Châu never acknowledged and is late.
    expect(atHub.targets.find((t) => t.unitCode === '20242')?.standing).toEqual({
      progress: 'overdue',
      unacknowledged: true,
      late: true,
      dueSoon: false,
      accepted: false,
    });
    expect(atHub.tally).toEqual({ targets: 2, acknowledged: 1, done: 1, doneLate: 0, overdue: 1 });
    // The report's paper reached the hub too.
    const reportPaper = baNaRow?.reportAttachments[0];
    expect(reportPaper?.name).toBe('bao-cao.pdf');
    const held = await hub.services.storage.db
      .selectFrom('attachments')
      .select('hash')
      .where('hash', '=', reportPaper?.hash ?? '')
      .executeTakeFirst();
    expect(held).toBeDefined();

    // Hải Châu, syncing at last, sees the directive but not Bà Nà's response; reporting now
    // (after the deadline) is done late.
    at('2026-12-04 09:30', haiChau.clock);
    await haiChau.worker.syncOnce();
    const hcLeader = await haiChau.actor('leader');
    const atHaiChau = await runUseCase(haiChau.services, hcLeader, meta, (uc) =>
      directiveDetail(uc, id),
    );
    expect(atHaiChau.targets.map((t) => t.unitCode)).toEqual(['20242']);
    const others = await haiChau.services.storage.db
      .selectFrom('directive_targets')
      .select(['unit_code', 'acknowledged_at', 'report_summary'])
      .where('unit_code', '=', '20308')
      .execute();
    expect(others).toEqual([{ unit_code: '20308', acknowledged_at: null, report_summary: null }]);
    await runUseCase(haiChau.services, hcLeader, meta, (uc) => acknowledgeDirective(uc, id));
    await runUseCase(haiChau.services, hcLeader, meta, (uc) =>
      reportDirective(uc, id, { summary: 'Không có trụ sở dôi dư.', attachments: [] }),
    );
    await haiChau.worker.syncOnce();
    atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(atHub.targets.find((t) => t.unitCode === '20242')?.standing.progress).toBe('done_late');
    expect(atHub.tally).toEqual({ targets: 2, acknowledged: 2, done: 2, doneLate: 1, overdue: 0 });
    // The directive-completion report for December, drawn in January (the month's end counts),
    // has the same figures at each commune and at the hub, and they are these.
    at('2027-01-05 09:00', hub.clock, baNa.clock, haiChau.clock);
    const report = (services: Services, actor: Actor, unit?: string) =>
      runUseCase(services, actor, meta, (uc) =>
        readReport(uc, 'directive-completion', {
          month: '2026-12',
          ...(unit === undefined ? {} : { unit }),
        }),
      );
    const admin = hub.admin;
    for (const [node, unit, leaderOf, expected] of [
      [baNa, '20308', leader, [1, 1, 1, 0, 0, 0, 0]],
      [haiChau, '20242', hcLeader, [1, 1, 0, 1, 0, 0, 0]],
    ] as const) {
      const own = await report(node.services, leaderOf);
      const seen = await report(hub.services, admin, unit);
      expect(seen.sections).toEqual(own.sections);
      expect(own.sections[0]?.rows[0]?.slice(1)).toEqual(expected);
      expect(own.sections[1]?.rows.map((r) => r.at(-1))).toEqual([
        unit === '20308' ? 'directive.progress.done_on_time' : 'directive.progress.done_late',
      ]);
    }
    const province = await report(hub.services, admin, '48');
    expect(province.sections[0]?.total?.slice(1)).toEqual([2, 2, 1, 1, 0, 0, 0]);
    // November has no directive due.
    const november = await runUseCase(hub.services, admin, meta, (uc) =>
      readReport(uc, 'directive-completion', { month: '2026-11', unit: '48' }),
    );
    expect(november.sections[0]?.rows).toEqual([]);

    // A commune's own events never come back to it, and nothing was sent twice.
    const acks = await hub.services.storage.db
      .selectFrom('events')
      .select('unit_code')
      .where('type', '=', 'directive.acknowledged')
      .orderBy('unit_code')
      .execute();
    expect(acks.map((a) => a.unit_code)).toEqual(['20242', '20308']);
  });

  it('a withdrawal reaches the commune and stops its steps; a report made offline before it still counts', async () => {
    const baNa = await commune('20308');
    const haiChau = await commune('20242');
    const issued = await issue(hub, {});
    const id = issued.directive.id;
    await baNa.worker.syncOnce();
    await haiChau.worker.syncOnce();
    const leader = await baNa.actor('leader');
    await runUseCase(baNa.services, leader, meta, (uc) => acknowledgeDirective(uc, id));
    // Hải Châu, not syncing, finishes the work before it hears of the withdrawal.
    const hcLeader = await haiChau.actor('leader');
    await runUseCase(haiChau.services, hcLeader, meta, (uc) => acknowledgeDirective(uc, id));
    await runUseCase(haiChau.services, hcLeader, meta, (uc) =>
      reportDirective(uc, id, { summary: 'Đã xong.', attachments: [] }),
    );
    await runUseCase(hub.services, hub.admin, meta, (uc) =>
      cancelDirective(uc, id, { reason: 'Đã có văn bản thay thế.' }),
    );
    await baNa.worker.syncOnce();
    await haiChau.worker.syncOnce();
    const before = await eventCount(baNa.services);
    const refused = await refusal(
      runUseCase(baNa.services, leader, meta, (uc) =>
        reportDirective(uc, id, { summary: 'Xong', attachments: [] }),
      ),
    );
    expect(refused.code).toBe('directive_step_refused');
    expect(refused.fields).toEqual([
      { field: 'step', reason: 'cancelled', message: 'directive.refusal.cancelled' },
    ]);
    expect(await eventCount(baNa.services)).toBe(before);
    const atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    const progress = (unit: string) =>
      atHub.targets.find((t) => t.unitCode === unit)?.standing.progress;
    expect(progress('20308')).toBe('cancelled');
    expect(progress('20242')).toBe('done_on_time');
    // At Hải Châu the withdrawal arrived after its report: shown, nothing refused after the fact.
    const atHaiChau = await runUseCase(haiChau.services, hcLeader, meta, (uc) =>
      directiveDetail(uc, id),
    );
    expect(atHaiChau.directive.cancelledAt).not.toBeNull();
    expect(atHaiChau.targets[0]?.standing.progress).toBe('done_on_time');
    expect(atHub.directive.cancelReason).toBe('Đã có văn bản thay thế.');
    // Withdrawing twice is refused.
    const again = await refusal(
      runUseCase(hub.services, hub.admin, meta, (uc) => cancelDirective(uc, id, { reason: 'x' })),
    );
    expect(again.fields[0]?.reason).toBe('cancelled');
  });

  it('a PC restored from the hub gets back the directives and its own answers to them', async () => {
    const first = await commune('20308');
    const issued = await issue(hub, { unitCodes: ['20308'] });
    const id = issued.directive.id;
    await first.worker.syncOnce();
    const leader = await first.actor('leader');
    await runUseCase(first.services, leader, meta, (uc) => acknowledgeDirective(uc, id));
    const specialist = await first.actor('specialist');
    await runUseCase(first.services, leader, meta, (uc) =>
      assignDirective(uc, id, { assigneeId: specialist.id, note: 'Ghi chú' }),
    );
    await first.worker.syncOnce();
    await first.close();
    nodes.splice(nodes.indexOf(first), 1);

    // A new PC for Bà Nà: its own chain comes back first, then the hub's events.
    const second = await commune('20308');
    await second.worker.syncOnce();
    const detail = await runUseCase(second.services, await second.actor('leader'), meta, (uc) =>
      directiveDetail(uc, id),
    );
    expect(detail.directive.number).toBe('125/UBND-VP');
    expect(detail.targets[0]).toMatchObject({
      acknowledgedByName: 'leader 20308',
      assigneeName: 'specialist 20308',
      assignNote: 'Ghi chú',
      reportedAt: null,
    });
    // It goes on where the old PC stopped: acknowledging again is refused, reporting works.
    const again = await refusal(
      runUseCase(second.services, await second.actor('leader'), meta, (uc) =>
        acknowledgeDirective(uc, id),
      ),
    );
    expect(again.fields[0]?.reason).toBe('already_acknowledged');
    await runUseCase(second.services, await second.actor('specialist'), meta, (uc) =>
      reportDirective(uc, id, { summary: 'Xong.', attachments: [] }),
    );
    await second.worker.syncOnce();
    const atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(atHub.targets[0]?.standing.progress).toBe('done_on_time');
  });

  it('a report the province returns goes back to the commune, which reports again; the province accepts it', async () => {
    const baNa = await commune('20308');
    const issued = await issue(hub, { unitCodes: ['20308'] });
    const id = issued.directive.id;
    await baNa.worker.syncOnce();
    const leader = await baNa.actor('leader');
    await runUseCase(baNa.services, leader, meta, (uc) => acknowledgeDirective(uc, id));
    // Reviewing before the report is refused.
    const early = await refusal(
      runUseCase(hub.services, hub.admin, meta, (uc) =>
        reviewDirectiveReport(uc, id, '20308', { verdict: 'accepted', comment: '' }),
      ),
    );
    expect(early.fields[0]?.reason).toBe('not_reported');
    baNa.clock.advance(3_600_000);
    await runUseCase(baNa.services, leader, meta, async (uc) => {
      const stored = await storeDirectivePaper(uc, { kind: 'report', directiveId: id }, pdf('v1'));
      return reportDirective(uc, id, {
        summary: 'Bản đầu',
        attachments: [{ hash: stored.hash, name: 'v1.pdf' }],
      });
    });
    await baNa.worker.syncOnce();
    hub.clock.advance(7_200_000);
    await runUseCase(hub.services, hub.admin, meta, (uc) =>
      reviewDirectiveReport(uc, id, '20308', { verdict: 'returned', comment: 'Thiếu số liệu' }),
    );
    let atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(atHub.targets[0]?.standing.progress).toBe('returned');
    // Returning the same report twice is refused.
    const twice = await refusal(
      runUseCase(hub.services, hub.admin, meta, (uc) =>
        reviewDirectiveReport(uc, id, '20308', { verdict: 'accepted', comment: '' }),
      ),
    );
    expect(twice.fields[0]?.reason).toBe('already_reviewed');

    // The return reaches Bà Nà, which reports again with a new paper.
    await baNa.worker.syncOnce();
    let atBaNa = await runUseCase(baNa.services, leader, meta, (uc) => directiveDetail(uc, id));
    expect(atBaNa.targets[0]).toMatchObject({
      reportStands: false,
      review: { verdict: 'returned', comment: 'Thiếu số liệu', current: true },
      standing: { progress: 'returned' },
    });
    baNa.clock.advance(7_200_000);
    await runUseCase(baNa.services, leader, meta, async (uc) => {
      const stored = await storeDirectivePaper(uc, { kind: 'report', directiveId: id }, pdf('v2'));
      return reportDirective(uc, id, {
        summary: 'Bản bổ sung',
        attachments: [{ hash: stored.hash, name: 'v2.pdf' }],
      });
    });
    atBaNa = await runUseCase(baNa.services, leader, meta, (uc) => directiveDetail(uc, id));
    expect(atBaNa.targets[0]?.reportAttachments.map((a) => a.name)).toEqual(['v2.pdf']);
    await baNa.worker.syncOnce();
    await runUseCase(hub.services, hub.admin, meta, (uc) =>
      reviewDirectiveReport(uc, id, '20308', { verdict: 'accepted', comment: '' }),
    );
    atHub = await runUseCase(hub.services, hub.admin, meta, (uc) => directiveDetail(uc, id));
    expect(atHub.targets[0]).toMatchObject({
      reportSummary: 'Bản bổ sung',
      reportStands: true,
      review: { verdict: 'accepted', current: true },
      standing: { progress: 'done_on_time', accepted: true },
    });
    expect(atHub.targets[0]?.reportAttachments.map((a) => a.name)).toEqual(['v2.pdf']);
    // A commune cannot review, at its node or at the hub.
    expect(
      (
        await refusal(
          runUseCase(hub.services, leader, meta, (uc) =>
            reviewDirectiveReport(uc, id, '20308', { verdict: 'accepted', comment: '' }),
          ),
        )
      ).code,
    ).toBe('forbidden');
  });

  describe('refusals, with nothing written', () => {
    it('answers bad input field by field', async () => {
      const before = await eventCount(hub.services);
      const cases: [Record<string, unknown>, string, string][] = [
        [{ unitCodes: ['79001'] }, 'unitCodes', 'directive.unit_outside'],
        [
          { deadlineKind: 'date', deadlineDate: '2026-11-28' },
          'deadlineDate',
          'directive.deadline_not_working_day',
        ],
        [
          { deadlineKind: 'date', deadlineDate: '2026-11-26' },
          'deadlineDate',
          'directive.deadline_not_after_issue',
        ],
        [
          { deadlineKind: 'date', deadlineDate: '2027-12-01' },
          'deadlineDate',
          'directive.deadline_too_far',
        ],
      ];
      for (const [input, field, message] of cases) {
        const error = await refusal(issue(hub, input));
        expect(error.code).toBe('validation_failed');
        expect(error.fields.map((f) => [f.field, f.message])).toEqual([[field, message]]);
      }
      // Schema problems: no number, no commune, working days missing or zero.
      for (const [input, field] of [
        [{ number: '  ' }, 'number'],
        [{ unitCodes: [] }, 'unitCodes'],
        [{ deadlineDays: undefined }, 'deadlineDays'],
        [{ deadlineDays: 0 }, 'deadlineDays'],
        [{ deadlineKind: 'date', deadlineDate: undefined }, 'deadlineDate'],
      ] as const) {
        const base: Record<string, unknown> = {
          number: '1/UBND',
          title: 'T',
          deadlineKind: 'working_days',
          deadlineDays: 5,
          unitCodes: ['20242'],
        };
        const parsed = issueDirectiveInput.safeParse({ ...base, ...input });
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues.map((i) => i.path.join('.'))).toContain(field);
      }
      expect(await eventCount(hub.services)).toBe(before);
    });

    it('lets only the province’s leaders and administrator issue, and each commune only its own steps in order', async () => {
      const baNa = await commune('20308');
      const haiChau = await commune('20242');
      // A commune leader cannot issue, at the hub or at the commune.
      const communeLeader = await baNa.actor('leader');
      expect((await refusal(issue(hub, {}, [], communeLeader))).code).toBe('forbidden');
      const issued = await issue(hub, { unitCodes: ['20308'] });
      const id = issued.directive.id;
      await baNa.worker.syncOnce();
      await haiChau.worker.syncOnce();
      const specialist = await baNa.actor('specialist');
      const receiving = await baNa.actor('receiving_officer');
      const before = await eventCount(baNa.services);
      // Out of order: assign or report before acknowledging.
      const early = await refusal(
        runUseCase(baNa.services, communeLeader, meta, (uc) =>
          assignDirective(uc, id, { assigneeId: specialist.id, note: '' }),
        ),
      );
      expect(early.fields[0]?.reason).toBe('not_acknowledged');
      // A specialist may not assign.
      expect(
        (
          await refusal(
            runUseCase(baNa.services, specialist, meta, (uc) =>
              assignDirective(uc, id, { assigneeId: specialist.id, note: '' }),
            ),
          )
        ).code,
      ).toBe('forbidden');
      await runUseCase(baNa.services, receiving, meta, (uc) => acknowledgeDirective(uc, id));
      const twice = await refusal(
        runUseCase(baNa.services, communeLeader, meta, (uc) => acknowledgeDirective(uc, id)),
      );
      expect(twice.fields[0]?.reason).toBe('already_acknowledged');
      // The assignee must be an officer of this commune.
      const stranger = await haiChau.actor('specialist');
      const wrong = await refusal(
        runUseCase(baNa.services, communeLeader, meta, (uc) =>
          assignDirective(uc, id, { assigneeId: stranger.id, note: '' }),
        ),
      );
      expect(wrong.fields).toEqual([
        { field: 'assigneeId', reason: 'not_officer', message: 'directive.assignee_not_officer' },
      ]);
      await runUseCase(baNa.services, communeLeader, meta, (uc) =>
        assignDirective(uc, id, { assigneeId: specialist.id, note: '' }),
      );
      // Only the assignee (or the leader) reports; not the receiving officer.
      expect(
        (
          await refusal(
            runUseCase(baNa.services, receiving, meta, (uc) =>
              reportDirective(uc, id, { summary: 'x', attachments: [] }),
            ),
          )
        ).code,
      ).toBe('forbidden');
      expect(await eventCount(baNa.services)).toBe(before + 2);
      // Hải Châu is not addressed: the directive does not exist there.
      expect(
        (
          await refusal(
            runUseCase(haiChau.services, await haiChau.actor('leader'), meta, (uc) =>
              directiveDetail(uc, id),
            ),
          )
        ).code,
      ).toBe('directive_not_found');
      // A commune officer cannot act on the hub's copy (the response is the commune's own).
      expect(
        (
          await refusal(
            runUseCase(hub.services, communeLeader, meta, (uc) => acknowledgeDirective(uc, id)),
          )
        ).code,
      ).toBe('forbidden');
    });
  });
});
