// Migration 0016 fills the dashboard's columns of dossiers written before it from their state
// JSON, with SQL that differs by dialect; the projector writes them for new events. Both must
// agree, on SQLite and PostgreSQL: dossiers written through the projector, their columns
// cleared as before the migration, filled again by the migration's statement.
import { expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import { dossierEventTypes } from '../domain/dossiers.js';
import { fillDossierIndicators } from './migrations/0016-dossier-indicators.js';
import { projectors } from './projectors/index.js';

const received = (code: string, components: { code: string; reused: boolean }[]) => ({
  code,
  procedureCode: '1.004873',
  procedureVersion: 1,
  procedureName: 'Thủ tục cấp Giấy xác nhận tình trạng hôn nhân',
  receivingUnitCode: '20242',
  competentUnitCode: '20242',
  channel: 'in_person',
  applicant: {
    fullName: 'Nguyễn Văn An',
    citizenId: '048085001001',
    dateOfBirth: null,
    sex: null,
    phone: null,
    email: null,
    address: null,
    accountId: null,
  },
  components: components.map((c) => ({
    code: c.code,
    name: c.code,
    required: true,
    provided: !c.reused,
    reusedFromData: c.reused,
    attachments: [],
  })),
  fee: { lines: [], totalVnd: 5000, exemptions: [] },
  resultDelivery: 'receiving_unit',
  assistedBy: null,
  note: '',
  receivedAt: '2026-11-02T01:00:00.000Z',
  dueAt: '2026-11-05T01:00:00.000Z',
  status: 'received',
  refusalReason: null,
});

const payment = (method: 'cash' | 'bank_transfer', reference: string) => ({
  payment: { method, amountVnd: 5000, reference, paidAt: '2026-11-02T01:00:00.000Z' },
  dueAt: null,
});

forEachDialect('dossier indicator columns (migration 0016)', ({ dialect, createDatabase }) => {
  it('fills from the state JSON exactly what the projector writes', async () => {
    const storage = await (
      await createDatabase()
    ).open({
      unitCode: '20242',
      projectors,
      clock: () => new Date('2026-11-02T01:00:00.000Z'),
    });
    const write = (entityId: string, type: string, payload: unknown) =>
      storage.transaction((tx) =>
        tx.append({ type, entityType: 'dossier', entityId, payload }, { actorId: null }),
      );
    // d1: two components from data, paid in cash then by transfer, rated dissatisfied.
    await write(
      'd1',
      dossierEventTypes.received,
      received('X-261102-0001', [
        { code: 'to_khai', reused: false },
        { code: 'giay_to_tuy_than', reused: true },
        { code: 'giay_to_cu_tru', reused: true },
      ]),
    );
    await write('d1', dossierEventTypes.paymentRecorded, payment('cash', 'BL-1'));
    await write('d1', dossierEventTypes.paymentRecorded, payment('bank_transfer', 'FT-1'));
    await write('d1', dossierEventTypes.rated, { rating: 'dissatisfied', comment: '' });
    // d2: paper only, unpaid, unrated.
    await write(
      'd2',
      dossierEventTypes.received,
      received('X-261102-0002', [{ code: 'to_khai', reused: false }]),
    );

    const columns = () =>
      storage.db
        .selectFrom('dossiers')
        .select(['id', 'rating', 'reused_components', 'payments', 'online_payments'])
        .orderBy('id')
        .execute();
    const projected = await columns();
    expect(projected).toEqual([
      { id: 'd1', rating: 'dissatisfied', reused_components: 2, payments: 2, online_payments: 1 },
      { id: 'd2', rating: null, reused_components: 0, payments: 0, online_payments: 0 },
    ]);

    await storage.db
      .updateTable('dossiers')
      .set({ rating: null, reused_components: 0, payments: 0, online_payments: 0 })
      .execute();
    await fillDossierIndicators(storage.db, dialect);
    expect(await columns()).toEqual(projected);
  });
});
