// Civil-status registers between communes and the hub: the same child registered at two
// communes while both were offline is flagged to both after sync; a commune's certificate is
// sealed with the key the hub certified at enrolment and verifies anywhere; a PC restored from
// the hub continues the register's numbering.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { readRecord, registerCivil, registerInput } from '../application/civil-status.js';
import { sealRecord, verifyCertificate } from '../application/seal.js';
import { runUseCase } from '../application/use-case.js';
import { payloadFromScannedText } from '../domain/certificate-seal.js';
import { birthBody, mother } from '../../test/civil-fixtures.js';
import { forEachDialect } from '../../test/dialects.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';

const meta = { ip: null };

forEachDialect('civil-status sync', (dialect) => {
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
  const register = async (node: TestCommune, body: unknown) =>
    runUseCase(node.services, await node.actor('receiving_officer'), meta, (uc) =>
      registerCivil(uc, registerInput.parse(body)),
    );

  it('flags one child registered at two communes while both were offline, to both', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    await hub.down();
    // The mother at Hải Châu; the father, without diacritics, at Bà Nà, a day later.
    const a = await register(haiChau, birthBody());
    haiChau.clock.advance(86_400_000);
    baNa.clock.advance(86_400_000);
    const b = await register(
      baNa,
      birthBody(
        { fullName: 'NGUYEN THI ANH DUONG' },
        {
          declarant: { fullName: 'Nguyễn Văn Đức', citizenId: '048094000456', relationship: 'cha' },
        },
      ),
    );
    // A different child of the same mother on the same day (a twin) is not a duplicate.
    const twin = await register(
      baNa,
      birthBody(
        { fullName: 'Nguyễn Thị Ánh Nguyệt' },
        {
          declarant: { fullName: 'Nguyễn Văn Đức', citizenId: '048094000456', relationship: 'cha' },
        },
      ),
    );
    await hub.up();
    for (const node of [haiChau, baNa, haiChau]) await node.worker.syncOnce();

    const flags = await hub.services.storage.db
      .selectFrom('duplicate_flags')
      .select(['code_a', 'code_b'])
      .execute();
    expect(flags).toEqual([{ code_a: a.dossier.code, code_b: b.dossier.code }]);
    const reasons = await hub.services.storage.db
      .selectFrom('events')
      .select('payload')
      .where('type', '=', 'duplicate.flagged')
      .execute();
    expect(reasons.map((r) => (JSON.parse(r.payload) as { reason: string }).reason)).toEqual([
      'same_birth',
    ]);
    for (const [node, own, other] of [
      [haiChau, a, b],
      [baNa, b, a],
    ] as const) {
      const view = await runUseCase(node.services, await node.actor('specialist'), meta, (uc) =>
        readRecord(uc, own.record.id),
      );
      expect(view.possibleDuplicates.map((d) => d.label)).toEqual([other.dossier.code]);
      // Nothing merged: each record keeps its own number at its own commune.
      expect(view.record.number).toBe(1);
    }
    const twinView = await runUseCase(baNa.services, await baNa.actor('specialist'), meta, (uc) =>
      readRecord(uc, twin.record.id),
    );
    expect(twinView.possibleDuplicates).toEqual([]);
    expect(mother.fullName).toBe('Trần Thị Bích Ngọc');
  });

  it('seals with the key certified at enrolment: a Hải Châu certificate verifies at the hub and at Bà Nà', async () => {
    const haiChau = await commune('20242');
    const baNa = await commune('20308');
    const { record } = await register(haiChau, birthBody());
    const qr = await runUseCase(haiChau.services, null, meta, (uc) =>
      sealRecord(uc, record, { isCopy: false }),
    );
    expect(qr).not.toBeNull();
    for (const node of [hub, baNa]) {
      const check = await runUseCase(node.services, null, meta, (uc) =>
        verifyCertificate(uc, qr ?? ''),
      );
      expect(check).toMatchObject({
        outcome: 'valid',
        facts: { childFullName: 'Nguyễn Thị Ánh Dương' },
      });
    }
    expect(payloadFromScannedText(qr ?? '')).toBeDefined();
  });

  it('a PC restored from the hub continues the book where the dead one stopped', async () => {
    const first = await commune('20242');
    const numbers: number[] = [];
    for (const fullName of ['Lê Minh An', 'Lê Minh Bình', 'Lê Minh Châu'])
      numbers.push((await register(first, birthBody({ fullName, sex: 'male' }))).record.number);
    await first.worker.syncOnce();
    await first.close();
    nodes.splice(nodes.indexOf(first), 1);
    const second = await commune('20242');
    const next = await register(second, birthBody({ fullName: 'Lê Minh Dũng', sex: 'male' }));
    expect(numbers).toEqual([1, 2, 3]);
    expect(next.record.number).toBe(4);
    // The restored node refuses the same child again, from the registers it got back.
    await expect(
      register(second, birthBody({ fullName: 'Lê Minh An', sex: 'male' })),
    ).rejects.toThrow();
  });
});
