// The inter-linked outbox on a commune node, on SQLite and PostgreSQL: what a registration
// queues, how deliveries move each message (failure and retry, refusal, a later answer, an
// adapter that never answers), what the record page shows, and what a refused registration
// leaves (nothing).
import { beforeEach, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { birthBody, deathBody, registerRecord } from '../../test/civil-fixtures.js';
import { forEachDialect } from '../../test/dialects.js';
import type { InterlinkAnswer, InterlinkMessage } from '../domain/interlink.js';
import { deliverDue, recordInterlinkAnswer, type InterlinkAdapter } from './interlink.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';

/** An adapter that answers from a script, one entry per call, and keeps what it was sent. */
function scriptedAdapter(script: ((m: InterlinkMessage) => Promise<InterlinkAnswer>)[]) {
  const sent: InterlinkMessage[] = [];
  const adapter: InterlinkAdapter = {
    name: 'scripted',
    send(message) {
      sent.push(message);
      const next = script.shift();
      if (next === undefined) throw new Error('the script has no more answers');
      return next(message);
    },
  };
  return { adapter, sent };
}
const accept = (m: InterlinkMessage) =>
  Promise.resolve<InterlinkAnswer>({ outcome: 'accepted', reference: `ref-${m.service}` });
const refuseConnection = () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:443'));

forEachDialect('inter-linked outbox', (dialect) => {
  let node: TestNode;
  let officer: string;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
    officer = await apiLogin(node, 'receiving_officer');
  });

  const outbox = (recordId?: string) => {
    let query = node.storage.db.selectFrom('interlink_outbox').selectAll();
    if (recordId !== undefined) query = query.where('record_id', '=', recordId);
    return query.orderBy('service').execute();
  };
  const sendAudits = () =>
    node.storage.db
      .selectFrom('audit_entries')
      .select(['action', 'subject_type', 'subject_id', 'outcome', 'actor_id'])
      .where('subject_type', '=', 'interlink_message')
      .orderBy('id')
      .execute();
  const recordView = async (id: string) => {
    const response = await node.app.inject({
      method: 'GET',
      url: `/api/v1/civil/records/${id}`,
      headers: { cookie: officer },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{ interlinked: Record<string, unknown>[] }>().interlinked;
  };

  it('a birth with permanent residence and the BHYT card queues one pending message per recipient', async () => {
    const record = await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
    );
    const rows = await outbox(record.id);
    expect(rows.map((r) => [r.service, r.recipient, r.status, r.attempts])).toEqual([
      ['health_insurance_card', 'social_insurance', 'pending', 0],
      ['permanent_residence', 'residence', 'pending', 0],
    ]);
    expect(rows.every((r) => r.next_attempt_at === START && r.unit_code === '20242')).toBe(true);
    const message = JSON.parse(rows[1]!.payload) as InterlinkMessage;
    expect(message).toMatchObject({
      messageId: rows[1]!.id,
      kind: 'birth',
      service: 'permanent_residence',
      recipient: 'residence',
      record: { id: record.id, unitCode: '20242', number: record.number, book: '01/2026' },
      child: { fullName: 'Nguyễn Thị Ánh Dương', dateOfBirth: '2026-11-20' },
      residence: 'Phường Hải Châu, thành phố Đà Nẵng',
      declarant: { relationship: 'mẹ' },
    });
    expect(message.legalBasis).toContain('63/2024/NĐ-CP');
    expect(await recordView(record.id)).toEqual([
      expect.objectContaining({
        service: 'health_insurance_card',
        recipient: 'social_insurance',
        status: 'pending',
        attempts: 0,
        lastError: null,
        updatedAt: START,
      }),
      expect.objectContaining({ service: 'permanent_residence', status: 'pending' }),
    ]);
  });

  it('a registration without inter-linked services queues nothing', async () => {
    const record = await registerRecord(node, officer, birthBody());
    expect(await outbox()).toEqual([]);
    expect(await recordView(record.id)).toEqual([]);
  });

  it('a failed delivery waits for its retry time, then is accepted; each attempt is audited', async () => {
    const record = await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence'] }),
    );
    const { adapter, sent } = scriptedAdapter([refuseConnection, accept]);

    const first = await deliverDue(node.services, adapter, node.services.clock());
    expect(first).toEqual({ attempted: 1, accepted: 0, rejected: 0, sent: 0, failed: 1 });
    const [failed] = await outbox(record.id);
    expect(failed).toMatchObject({
      status: 'failed',
      attempts: 1,
      next_attempt_at: '2026-11-26T02:01:00.000Z',
      last_error: 'connect ECONNREFUSED 10.0.0.5:443',
    });
    expect(await recordView(record.id)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 1, lastError: failed!.last_error }),
    ]);

    // Not due yet: nothing is sent.
    node.advance(59_000);
    expect((await deliverDue(node.services, adapter, node.services.clock())).attempted).toBe(0);
    node.advance(1_000);
    const second = await deliverDue(node.services, adapter, node.services.clock());
    expect(second).toMatchObject({ attempted: 1, accepted: 1 });
    expect(await outbox(record.id)).toEqual([
      expect.objectContaining({
        status: 'accepted',
        attempts: 2,
        next_attempt_at: null,
        last_error: null,
        reference: 'ref-permanent_residence',
        updated_at: '2026-11-26T02:01:00.000Z',
      }),
    ]);
    // The same message, with the same id, both times.
    expect(sent.map((m) => m.messageId)).toEqual([failed!.id, failed!.id]);
    expect(await sendAudits()).toEqual([
      {
        action: 'interlink.send',
        subject_type: 'interlink_message',
        subject_id: failed!.id,
        outcome: 'failed',
        actor_id: null,
      },
      {
        action: 'interlink.send',
        subject_type: 'interlink_message',
        subject_id: failed!.id,
        outcome: 'ok',
        actor_id: null,
      },
    ]);
    // Accepted is final.
    node.advance(86_400_000);
    expect((await deliverDue(node.services, adapter, node.services.clock())).attempted).toBe(0);
  });

  it('a death queues the deletion of residence and the funeral allowance', async () => {
    const record = await registerRecord(
      node,
      officer,
      deathBody({}, { interlinked: ['residence_deletion', 'funeral_allowance'] }),
    );
    const rows = await outbox(record.id);
    expect(rows.map((r) => [r.service, r.recipient, r.status])).toEqual([
      ['funeral_allowance', 'social_insurance', 'pending'],
      ['residence_deletion', 'residence', 'pending'],
    ]);
    const { adapter, sent } = scriptedAdapter([accept, accept]);
    expect(await deliverDue(node.services, adapter, node.services.clock())).toMatchObject({
      attempted: 2,
      accepted: 2,
    });
    expect(sent.map((m) => [m.kind, m.service])).toEqual([
      ['death', 'funeral_allowance'],
      ['death', 'residence_deletion'],
    ]);
    expect(sent[0]).toMatchObject({
      deceased: { fullName: 'Lê Văn Đức', personalId: '048040000321' },
      dateOfDeath: '2026-11-20',
      declarant: { fullName: 'Lê Thị Hoa', relationship: 'con' },
    });
  });

  it('a refusal by the recipient is final and keeps its reason', async () => {
    const record = await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence'] }),
    );
    const { adapter } = scriptedAdapter([
      () => Promise.resolve({ outcome: 'rejected', reason: 'Chủ hộ chưa xác nhận trên VNeID' }),
    ]);
    expect((await deliverDue(node.services, adapter, node.services.clock())).rejected).toBe(1);
    node.advance(86_400_000);
    expect((await deliverDue(node.services, adapter, node.services.clock())).attempted).toBe(0);
    officer = await apiLogin(node, 'receiving_officer'); // the session of the day before ended
    expect(await recordView(record.id)).toEqual([
      expect.objectContaining({
        status: 'rejected',
        attempts: 1,
        lastError: 'Chủ hộ chưa xác nhận trên VNeID',
      }),
    ]);
  });

  it('sent waits for the recipient’s later answer', async () => {
    const record = await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['health_insurance_card'] }),
    );
    const { adapter } = scriptedAdapter([
      () => Promise.resolve({ outcome: 'sent', reference: 'BHXH-2026-1' }),
    ]);
    expect((await deliverDue(node.services, adapter, node.services.clock())).sent).toBe(1);
    const [row] = await outbox(record.id);
    expect(row).toMatchObject({ status: 'sent', next_attempt_at: null, reference: 'BHXH-2026-1' });
    const answered = await recordInterlinkAnswer(
      node.services,
      row!.id,
      { outcome: 'accepted' },
      node.services.clock(),
    );
    expect(answered).toMatchObject({ status: 'accepted', reference: 'BHXH-2026-1' });
    await expect(
      recordInterlinkAnswer(node.services, row!.id, { outcome: 'rejected' }, node.services.clock()),
    ).rejects.toThrow(RangeError);
    expect((await sendAudits()).map((a) => a.action)).toEqual([
      'interlink.send',
      'interlink.answer',
    ]);
  });

  it('an adapter that never answers, or answers nonsense, counts as a failure', async () => {
    await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
    );
    const { adapter } = scriptedAdapter([
      () => new Promise<never>(() => undefined),
      () => Promise.resolve({ outcome: 'maybe' } as unknown as InterlinkAnswer),
    ]);
    const report = await deliverDue(node.services, adapter, node.services.clock(), 20, {
      timeoutMs: 50,
    });
    expect(report).toMatchObject({ attempted: 2, failed: 2 });
    expect((await outbox()).map((r) => [r.status, r.attempts, r.last_error])).toEqual([
      ['failed', 1, 'no answer from scripted within 50 ms'],
      ['failed', 1, 'the adapter answered an unknown outcome'],
    ]);
  });

  it('a registration refused for validation writes no outbox row', async () => {
    const before = await node.counts();
    const refused = await node.app.inject({
      method: 'POST',
      url: '/api/v1/civil/registrations',
      headers: { cookie: officer },
      // The funeral allowance is not offered with a birth.
      payload: birthBody({}, { interlinked: ['permanent_residence', 'funeral_allowance'] }),
    });
    expect(refused.statusCode).toBe(400);
    const overSix = await node.app.inject({
      method: 'POST',
      url: '/api/v1/civil/registrations',
      headers: { cookie: officer },
      payload: birthBody({ dateOfBirth: '2019-01-05' }, { interlinked: ['health_insurance_card'] }),
    });
    expect(overSix.statusCode).toBe(400);
    expect((await node.counts()).events).toBe(before.events);
    expect(await outbox()).toEqual([]);
  });

  it('at most `limit` messages per round, oldest first', async () => {
    await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
    );
    node.advance(1_000);
    await registerRecord(
      node,
      officer,
      deathBody({}, { interlinked: ['residence_deletion', 'funeral_allowance'] }),
    );
    const { adapter, sent } = scriptedAdapter([accept, accept, accept, accept]);
    expect((await deliverDue(node.services, adapter, node.services.clock(), 2)).attempted).toBe(2);
    expect(sent.map((m) => m.kind)).toEqual(['birth', 'birth']);
    expect((await deliverDue(node.services, adapter, node.services.clock(), 2)).attempted).toBe(2);
    expect(sent.map((m) => m.kind)).toEqual(['birth', 'birth', 'death', 'death']);
  });
});
