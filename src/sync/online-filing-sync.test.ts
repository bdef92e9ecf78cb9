// A dossier filed on the province's portal for a commune, end to end over real HTTP: received
// at the hub in status 1 and handed over, brought down by the commune's sync with its scan,
// taken by the commune's desk (accepted, or registered from the citizen's birth facts), and
// followed by the citizen on the hub.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { civilDraftOf, registerCivil, registerInput } from '../application/civil-status.js';
import { listQueue, trackDossier, transitionDossier } from '../application/dossiers.js';
import { runUseCase } from '../application/use-case.js';
import { cookiesOf, csrfFrom } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import { multipart, pngFile } from '../../test/multipart.js';
import { startCommune, startHub, type TestCommune, type TestHub } from '../../test/sync-harness.js';

const meta = { ip: null };

/** A stored draft as form input again: what the registration form leaves empty is absent. */
function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

forEachDialect('online filing at the hub for a commune', (dialect) => {
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

  /** Files on the hub's portal as a browser does; returns the dossier code. */
  async function fileOnPortal(
    procedure: string,
    fields: Record<string, string>,
    scan: { field: string; content: Buffer },
  ): Promise<string> {
    const app = hub.app();
    const form = await app.inject({ method: 'GET', url: `/portal/procedures/${procedure}/file` });
    const body = multipart(
      { _csrf: csrfFrom(form.body), ...fields },
      { [scan.field]: { name: 'scan.png', type: 'image/png', content: scan.content } },
    );
    const filed = await app.inject({
      method: 'POST',
      url: `/portal/procedures/${procedure}/file`,
      headers: { cookie: cookiesOf(form), 'content-type': body.contentType },
      payload: body.payload,
    });
    expect(filed.statusCode, filed.body.slice(0, 400)).toBe(303);
    return decodeURIComponent(
      /^\/portal\/filed\/([^?]+)/.exec(String(filed.headers.location))?.[1] ?? '',
    );
  }

  const row = (node: TestCommune, code: string) =>
    node.services.storage.db
      .selectFrom('dossiers')
      .select(['id', 'unit_code', 'status', 'transfer_pending', 'competent_unit_code'])
      .where('code', '=', code)
      .executeTakeFirst();

  it('reaches the commune’s desk in status 1 with its scan, is accepted there, and is tracked at the hub', async () => {
    const haiChau = await commune('20242');
    // Temporary residence is not a non-territorial procedure: only the portal files it for a
    // commune other than where it is filed.
    const scan = pngFile(300_000);
    const code = await fileOnPortal(
      '1.004194',
      {
        'applicant.fullName': 'Phạm Văn Hùng',
        'applicant.citizenId': '048090001234',
        'components.1.reusedFromData': 'on',
        'components.2.reusedFromData': 'on',
        competentUnitCode: '20242',
        resultDelivery: 'competent_unit',
      },
      { field: 'components.0.file', content: scan },
    );
    await haiChau.worker.syncOnce();
    await haiChau.worker.syncOnce();

    const here = await row(haiChau, code);
    expect(here).toMatchObject({
      unit_code: '20242',
      status: 'submitted_online',
      transfer_pending: 0,
      competent_unit_code: '20242',
    });
    const stored = await haiChau.services.storage.db
      .selectFrom('attachments')
      .select(['content', 'media_type'])
      .executeTakeFirstOrThrow();
    expect(Buffer.from(stored.content).equals(scan)).toBe(true);
    const desk = await haiChau.actor('receiving_officer');
    const queue = await runUseCase(haiChau.services, desk, meta, (uc) =>
      listQueue(uc, { open: true, limit: 50 }),
    );
    expect(queue.map((q) => [q.code, q.status])).toEqual([[code, 'submitted_online']]);

    const accepted = await runUseCase(haiChau.services, desk, meta, (uc) =>
      transitionDossier(uc, here?.id ?? '', 'accept', { note: '' }),
    );
    // 15.000 đồng is due: the clock waits for the payment.
    expect(accepted).toMatchObject({ status: 'awaiting_payment', ownerUnitCode: '20242' });
    await haiChau.worker.syncOnce();

    const tracked = await runUseCase(hub.services, null, meta, (uc) =>
      trackDossier(uc, { code, citizenId: '048090001234' }),
    );
    expect(tracked.status).toBe('awaiting_payment');
    expect(tracked.steps.map((s) => s.type)).toEqual([
      'dossier.submitted_online',
      'dossier.transferred',
      'dossier.transfer_accepted',
      'dossier.accepted',
    ]);
  });

  it('brings a birth’s facts down for the commune to register without re-typing', async () => {
    const haiChau = await commune('20242');
    const code = await fileOnPortal(
      '1.001193',
      {
        'applicant.fullName': 'Trần Thị Bích Ngọc',
        'applicant.citizenId': '048196000123',
        'civil.facts.child.fullName': 'Lê Hoàng Bảo Châu',
        'civil.facts.child.sex': 'female',
        'civil.facts.child.dateOfBirth': '2026-11-18',
        'civil.facts.child.placeOfBirth': 'Bệnh viện Phụ sản - Nhi Đà Nẵng',
        'civil.facts.evidence': 'birth_notice',
        'civil.facts.mother.fullName': 'Trần Thị Bích Ngọc',
        'civil.facts.mother.birthYear': '1996',
        'civil.facts.mother.citizenId': '048196000123',
        'civil.declarant.relationship': 'mẹ',
        'components.5.reusedFromData': 'on',
        competentUnitCode: '20242',
        resultDelivery: 'competent_unit',
      },
      { field: 'components.1.file', content: pngFile() },
    );
    await haiChau.worker.syncOnce();
    await haiChau.worker.syncOnce();
    const here = await row(haiChau, code);
    expect(here).toMatchObject({ status: 'submitted_online', unit_code: '20242' });
    const desk = await haiChau.actor('receiving_officer');
    const { draft } = await runUseCase(haiChau.services, desk, meta, (uc) =>
      civilDraftOf(uc, here?.id ?? ''),
    );
    expect(draft).toMatchObject({
      kind: 'birth',
      facts: { child: { fullName: 'Lê Hoàng Bảo Châu' } },
      declarant: { fullName: 'Trần Thị Bích Ngọc', citizenId: '048196000123' },
    });
    const registered = await runUseCase(haiChau.services, desk, meta, (uc) =>
      registerCivil(
        uc,
        registerInput.parse({
          kind: 'birth',
          facts: withoutNulls(draft?.['facts']),
          declarant: draft?.['declarant'],
          fromDossierId: here?.id,
        }),
      ),
    );
    expect(registered.dossier).toMatchObject({ code, status: 'processing', pendingApproval: true });
    await haiChau.worker.syncOnce();
    const atHub = await hub.services.storage.db
      .selectFrom('dossiers')
      .select(['unit_code', 'status'])
      .where('code', '=', code)
      .executeTakeFirstOrThrow();
    expect(atHub).toEqual({ unit_code: '20242', status: 'processing' });
  });
});
