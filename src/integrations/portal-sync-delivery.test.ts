// The hub's portal loop with the recording adapter, with the hub on SQLite and PostgreSQL: a
// commune's pushed dossier lands as JSON lines in the hub's data folder, one round at a time.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import {
  birthIntake,
  startCommune,
  startHub,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { intakeAtCounter } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import type { PortalStatusMessage } from '../domain/portal-sync.js';
import { createPortalSyncDelivery } from './portal-sync-delivery.js';
import { portalRecordingFileName, RecordingPortalSyncAdapter } from './recording-portal-adapter.js';

forEachDialect('national portal delivery', (dialect) => {
  let hub: TestHub;
  let node: TestCommune | undefined;
  let dataDir: string;
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
    dataDir = await mkdtemp(join(tmpdir(), 'motcua-portal-'));
  });
  afterEach(async () => {
    await node?.close();
    await hub.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('the recording adapter writes each update as one JSON line; one round at a time', async () => {
    node = await startCommune('20242', hub.url, { token: await hub.token('20242') });
    await node.worker.syncOnce();
    const officer = await node.actor('receiving_officer');
    const received = [];
    for (const citizenId of ['048185000123', '048185000124'])
      received.push(
        await runUseCase(node.services, officer, { ip: null }, (uc) =>
          intakeAtCounter(uc, {
            ...birthIntake('20242'),
            applicant: { ...birthIntake('20242').applicant, citizenId },
          }),
        ),
      );
    await node.worker.syncOnce();
    const adapter = new RecordingPortalSyncAdapter(dataDir);
    expect(adapter.file).toBe(join(dataDir, portalRecordingFileName));
    const delivery = createPortalSyncDelivery({ services: hub.services, adapter });
    const [a, b] = await Promise.all([delivery.runOnce(), delivery.runOnce()]);
    expect(a).toBe(b);
    expect(a).toEqual({ attempted: 2, sent: 2, failed: 0, rejected: 0 });
    const lines = (await readFile(adapter.file, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as PortalStatusMessage);
    const rows = await hub.services.storage.db
      .selectFrom('portal_sync_outbox')
      .selectAll()
      .orderBy('hlc')
      .execute();
    for (const row of rows)
      expect(lines.find((m) => m.messageId === row.id)).toEqual(JSON.parse(row.payload));
    expect(lines.map((m) => [m.dossierCode, m.statusCode]).sort()).toEqual(
      received.map((d) => [d.code, 2]).sort(),
    );
    expect(rows.map((r) => [r.status, r.reference])).toEqual(
      rows.map((r) => ['sent', `recorded:${r.id}`]),
    );
    if (process.platform !== 'win32') expect((await stat(adapter.file)).mode & 0o777).toBe(0o600);
    expect((await delivery.runOnce()).attempted).toBe(0);
  });
});
