// Delivering the applicant's notifications on a node, on SQLite and PostgreSQL: a gateway that
// fails and then takes the message (attempts, back-off, final status, audit), one that refuses
// a recipient for good, one that never answers, giving up after the last attempt, one round
// at a time, the recording adapter's JSON lines, and the per-channel dispatcher.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  deliverDueNotifications,
  type NotificationAdapter,
  type NotificationAnswer,
} from '../application/notifications.js';
import type { NotificationMessage } from '../domain/notifications.js';
import { createNotificationDelivery } from './notification-delivery.js';
import { dispatchByChannel } from './dispatch-by-channel.js';
import {
  notificationRecordingFileName,
  RecordingNotificationAdapter,
} from './recording-notification-adapter.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';
const minute = 60_000;

const intakeBody = (applicant: Record<string, string>) => ({
  procedureCode: '1.004873',
  competentUnitCode: '20242',
  applicant: {
    fullName: 'Nguyễn Thị Mai',
    citizenId: '048185000123',
    dateOfBirth: '1985-03-14',
    sex: 'female',
    ...applicant,
  },
  components: [
    { code: 'to_khai', provided: true },
    { code: 'giay_to_tuy_than', reusedFromData: true },
  ],
  payment: { method: 'cash', reference: 'BL-7' },
});

/** An adapter that answers from a script, one entry per call, and keeps what it was sent. */
function scriptedAdapter(script: (() => Promise<NotificationAnswer>)[]) {
  const sent: NotificationMessage[] = [];
  const adapter: NotificationAdapter = {
    name: 'scripted',
    send(message) {
      sent.push(message);
      const next = script.shift();
      if (next === undefined) throw new Error('the script has no more answers');
      return next();
    },
  };
  return { adapter, sent };
}
const take = () => Promise.resolve<NotificationAnswer>({ outcome: 'sent', reference: 'gw-42' });
const refuseConnection = () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.9:443'));

forEachDialect('notification delivery', (dialect) => {
  let node: TestNode;
  let officer: string;
  let dataDir: string;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
    officer = await apiLogin(node, 'receiving_officer');
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-notify-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const intake = async (applicant: Record<string, string>) => {
    const response = await node.app.inject({
      method: 'POST',
      url: '/api/v1/dossiers',
      headers: { cookie: officer },
      payload: intakeBody(applicant),
    });
    expect(response.statusCode, response.body).toBe(201);
    return response.json<{ id: string; code: string }>();
  };
  const outbox = () =>
    node.storage.db
      .selectFrom('notification_outbox')
      .selectAll()
      .orderBy('created_at')
      .orderBy('channel')
      .execute();
  const audits = () =>
    node.storage.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_type', 'subject_id', 'outcome', 'actor_id'])
      .where('subject_type', '=', 'notification')
      .orderBy('id')
      .execute();
  const deliver = (adapter: NotificationAdapter, options: { timeoutMs?: number } = {}) =>
    deliverDueNotifications(node.services, adapter, node.services.clock(), 20, options);

  it('retries a failed message after its back-off, then records it sent; each attempt is audited', async () => {
    await intake({ phone: '0905123456' });
    const { adapter, sent } = scriptedAdapter([refuseConnection, refuseConnection, take]);

    expect(await deliver(adapter)).toEqual({
      attempted: 1,
      sent: 0,
      failed: 1,
      undeliverable: 0,
    });
    const [first] = await outbox();
    expect(first).toMatchObject({
      status: 'failed',
      attempts: 1,
      next_attempt_at: '2026-11-26T02:01:00.000Z', // 1 min
      last_error: 'connect ECONNREFUSED 10.0.0.9:443',
    });
    // Not due before its time.
    node.advance(59_000);
    expect((await deliver(adapter)).attempted).toBe(0);
    node.advance(1_000);
    expect(await deliver(adapter)).toMatchObject({ attempted: 1, failed: 1 });
    expect((await outbox())[0]).toMatchObject({
      attempts: 2,
      next_attempt_at: '2026-11-26T02:03:00.000Z', // then 2 min
    });
    node.advance(2 * minute);
    expect(await deliver(adapter)).toMatchObject({ attempted: 1, sent: 1 });
    expect(await outbox()).toEqual([
      expect.objectContaining({
        status: 'sent',
        attempts: 3,
        next_attempt_at: null,
        last_error: null,
        reference: 'gw-42',
        updated_at: '2026-11-26T02:03:00.000Z',
      }),
    ]);
    // The same message, with the same id, each time.
    expect(sent.map((m) => m.messageId)).toEqual([first!.id, first!.id, first!.id]);
    expect(await audits()).toEqual(
      ['failed', 'failed', 'ok'].map((outcome) => ({
        action: 'notification.send',
        subject_type: 'notification',
        subject_id: first!.id,
        outcome,
        actor_id: null,
      })),
    );
    // Nothing more to send.
    expect((await deliver(adapter)).attempted).toBe(0);
  });

  it('gives up after the last attempt, with back-off capped at an hour', async () => {
    await intake({ phone: '0905123456' });
    const { adapter } = scriptedAdapter(Array.from({ length: 8 }, () => refuseConnection));
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 8; attempt++) {
      expect((await deliver(adapter)).attempted).toBe(1);
      const [row] = await outbox();
      if (row?.next_attempt_at === null || row === undefined) break;
      const wait = Date.parse(row.next_attempt_at) - node.services.clock().getTime();
      waits.push(wait / minute);
      node.advance(wait);
    }
    expect(waits).toEqual([1, 2, 4, 8, 16, 32, 60]);
    expect(await outbox()).toEqual([
      expect.objectContaining({
        status: 'undeliverable',
        attempts: 8,
        next_attempt_at: null,
        last_error: 'connect ECONNREFUSED 10.0.0.9:443',
      }),
    ]);
    node.advance(24 * 60 * minute);
    expect((await deliver(adapter)).attempted).toBe(0);
  });

  it('takes a refusal of the recipient as final, and an adapter that never answers as a failure', async () => {
    await intake({ phone: '0905123456', email: 'mai@example.vn' });
    const adapter: NotificationAdapter = {
      name: 'mixed',
      send: (m) =>
        m.channel === 'sms'
          ? Promise.resolve({ outcome: 'rejected', reason: 'subscriber unknown' })
          : new Promise<never>(() => undefined),
    };
    expect(await deliver(adapter, { timeoutMs: 20 })).toEqual({
      attempted: 2,
      sent: 0,
      failed: 1,
      undeliverable: 1,
    });
    const rows = await outbox();
    expect(rows.map((r) => [r.channel, r.status, r.attempts, r.last_error])).toEqual([
      ['email', 'failed', 1, 'no answer from mixed within 20 ms'],
      ['sms', 'undeliverable', 1, 'subscriber unknown'],
    ]);
  });

  it('the recording adapter writes each message as one JSON line; the loop runs one round at a time', async () => {
    const a = await intake({ phone: '0905123456', email: 'mai@example.vn' });
    const b = await intake({ phone: '+84 912 345 678' });
    const adapter = new RecordingNotificationAdapter(dataDir);
    expect(adapter.file).toBe(join(dataDir, notificationRecordingFileName));
    const delivery = createNotificationDelivery({ services: node.services, adapter });
    // Asked twice at once: one round, each message written once.
    const [first, second] = await Promise.all([delivery.runOnce(), delivery.runOnce()]);
    expect(first).toBe(second);
    expect(first).toMatchObject({ attempted: 3, sent: 3 });
    const lines = (await readFile(adapter.file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as NotificationMessage);
    const rows = await outbox();
    expect(lines).toHaveLength(3);
    // Each line is the message exactly as queued.
    for (const row of rows)
      expect(lines.find((m) => m.messageId === row.id)).toEqual(JSON.parse(row.payload));
    expect(lines.map((m) => [m.dossier.code, m.channel, m.to]).sort()).toEqual(
      [
        [a.code, 'email', 'mai@example.vn'],
        [a.code, 'sms', '+84905123456'],
        [b.code, 'sms', '+84912345678'],
      ].sort(),
    );
    expect(rows.map((r) => [r.status, r.reference])).toEqual(
      rows.map((r) => ['sent', `recorded:${r.id}`]),
    );
    // Personal data: readable by the node's user only.
    if (process.platform !== 'win32') expect((await stat(adapter.file)).mode & 0o777).toBe(0o600);
    expect((await delivery.runOnce()).attempted).toBe(0);
  });

  it('the loop delivers what is queued and stops cleanly', async () => {
    await intake({ phone: '0905123456' });
    const adapter = new RecordingNotificationAdapter(dataDir);
    const lines: string[] = [];
    const delivery = createNotificationDelivery({
      services: node.services,
      adapter,
      intervalMs: 10,
      log: (line) => lines.push(line),
    });
    delivery.start();
    await expect
      .poll(async () => (await outbox()).map((r) => r.status), { timeout: 5_000 })
      .toEqual(['sent']);
    await delivery.stop();
    expect(lines).toEqual([
      'notifications: 1 tried via recording (sent 1, failed 0, undeliverable 0)',
    ]);
  });

  it('dispatches each channel to its own adapter, the others to the fallback', async () => {
    await intake({ phone: '0905123456', email: 'mai@example.vn' });
    const sms = scriptedAdapter([take]);
    const fallback = new RecordingNotificationAdapter(dataDir);
    const adapter = dispatchByChannel({ sms: sms.adapter }, fallback);
    expect(adapter.name).toBe('sms:scripted;else:recording');
    expect(await deliver(adapter)).toMatchObject({ attempted: 2, sent: 2 });
    expect(sms.sent.map((m) => m.channel)).toEqual(['sms']);
    const recorded = (await readFile(fallback.file, 'utf8')).trim().split('\n');
    expect(recorded.map((l) => (JSON.parse(l) as NotificationMessage).channel)).toEqual(['email']);
  });
});
