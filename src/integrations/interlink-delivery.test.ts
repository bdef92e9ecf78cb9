// The recording adapter and the delivery loop on a commune node, on SQLite and PostgreSQL: the
// messages land as JSON lines in the data folder, one round runs at a time, and the loop
// delivers what a registration queued and stops cleanly.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { apiLogin, startTestNode, type TestNode } from '../../test/app-harness.js';
import { birthBody, deathBody, registerRecord } from '../../test/civil-fixtures.js';
import { forEachDialect } from '../../test/dialects.js';
import type { InterlinkAdapter } from '../application/interlink.js';
import type { InterlinkMessage } from '../domain/interlink.js';
import { createInterlinkDelivery } from './interlink-delivery.js';
import {
  interlinkRecordingFileName,
  RecordingInterlinkAdapter,
} from './recording-interlink-adapter.js';

// Thursday 26/11/2026 09:00 in Vietnam.
const START = '2026-11-26T02:00:00.000Z';

forEachDialect('inter-linked delivery', (dialect) => {
  let node: TestNode;
  let officer: string;
  let dataDir: string;
  beforeEach(async () => {
    node = await startTestNode(await dialect.createDatabase(), { start: START });
    officer = await apiLogin(node, 'receiving_officer');
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-interlink-'));
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  const outbox = () =>
    node.storage.db.selectFrom('interlink_outbox').selectAll().orderBy('service').execute();
  const recorded = async (adapter: RecordingInterlinkAdapter) =>
    (await readFile(adapter.file, 'utf8'))
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as InterlinkMessage);

  it('the recording adapter writes each message as one JSON line and answers accepted', async () => {
    const birth = await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
    );
    const death = await registerRecord(
      node,
      officer,
      deathBody({}, { interlinked: ['residence_deletion', 'funeral_allowance'] }),
    );
    const adapter = new RecordingInterlinkAdapter(dataDir);
    expect(adapter.file).toBe(join(dataDir, interlinkRecordingFileName));
    const delivery = createInterlinkDelivery({ services: node.services, adapter });
    expect(await delivery.runOnce()).toMatchObject({ attempted: 4, accepted: 4 });

    const rows = await outbox();
    const lines = await recorded(adapter);
    expect(lines.map((m) => m.messageId).sort()).toEqual(rows.map((r) => r.id).sort());
    expect(lines.map((m) => [m.record.id, m.service, m.recipient]).sort()).toEqual(
      [
        [birth.id, 'health_insurance_card', 'social_insurance'],
        [birth.id, 'permanent_residence', 'residence'],
        [death.id, 'funeral_allowance', 'social_insurance'],
        [death.id, 'residence_deletion', 'residence'],
      ].sort(),
    );
    // Each line is the message exactly as queued.
    for (const row of rows)
      expect(lines.find((m) => m.messageId === row.id)).toEqual(JSON.parse(row.payload));
    expect(rows.map((r) => [r.status, r.reference])).toEqual(
      rows.map((r) => ['accepted', `recorded:${r.id}`]),
    );
    // Personal data: readable by the node's user only.
    if (process.platform !== 'win32') expect((await stat(adapter.file)).mode & 0o777).toBe(0o600);

    // Nothing is written twice; a later message is appended.
    expect((await delivery.runOnce()).attempted).toBe(0);
    await registerRecord(
      node,
      officer,
      birthBody(
        { fullName: 'Nguyễn Văn An', sex: 'male' },
        { interlinked: ['permanent_residence'] },
      ),
    );
    await delivery.runOnce();
    expect((await recorded(adapter)).map((m) => m.messageId)).toHaveLength(5);
  });

  it('one round at a time: a call during a round joins it, each message is sent once', async () => {
    await registerRecord(
      node,
      officer,
      birthBody({}, { interlinked: ['permanent_residence', 'health_insurance_card'] }),
    );
    let inFlight = 0;
    let most = 0;
    const sent: string[] = [];
    const slow: InterlinkAdapter = {
      name: 'slow',
      async send(message) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 20));
        sent.push(message.messageId);
        inFlight -= 1;
        return { outcome: 'accepted' };
      },
    };
    const delivery = createInterlinkDelivery({ services: node.services, adapter: slow });
    const [a, b, c] = [delivery.runOnce(), delivery.runOnce(), delivery.runOnce()];
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(await a).toMatchObject({ attempted: 2, accepted: 2 });
    expect(most).toBe(1);
    expect(new Set(sent).size).toBe(2);
    expect(sent).toHaveLength(2);
  });

  it('the loop delivers what is queued, and stops after the round under way', async () => {
    const adapter = new RecordingInterlinkAdapter(dataDir);
    const lines: string[] = [];
    const delivery = createInterlinkDelivery({
      services: node.services,
      adapter,
      intervalMs: 10,
      log: (line) => lines.push(line),
    });
    delivery.start();
    delivery.start(); // a second start is ignored
    await registerRecord(
      node,
      officer,
      deathBody({}, { interlinked: ['residence_deletion', 'funeral_allowance'] }),
    );
    for (let i = 0; i < 200; i += 1) {
      const rows = await outbox();
      if (rows.length === 2 && rows.every((r) => r.status === 'accepted')) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await delivery.stop();
    expect((await outbox()).map((r) => r.status)).toEqual(['accepted', 'accepted']);
    expect(await recorded(adapter)).toHaveLength(2);
    expect(lines.join('\n')).toContain('via recording (accepted 2');
  });
});
