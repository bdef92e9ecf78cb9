// The domain's conditions compiled to SQL select exactly the rows the domain's own evaluation
// picks, on SQLite and PostgreSQL: a few hundred generated rows (odd ones included: missing
// dates, finishing before receiving, times a minute either side of a Vietnam midnight) are
// written to the dossiers table, and every report measure and the rule of lateness is asked
// of both.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { forEachDialect } from '../../test/dialects.js';
import { dossierStatusList, dossierStatuses } from '../domain/dossier-status.js';
import {
  holds,
  late,
  type Condition,
  type ConditionParams,
  type DossierTimes,
} from '../domain/dossier-timeliness.js';
import {
  overdueAtAsOf,
  procedureResultMeasures,
  reportPeriod,
  type ReportPeriod,
} from '../domain/reports.js';
import { conditionSql, countWhere } from './dossier-conditions-sql.js';

// Instants around November 2026 in Vietnam, biased to the edges that matter: the midnights
// that open and close the month (17:00 UTC) and the hour of an appointment.
const edges = [
  '2026-10-31T16:59:59.999Z',
  '2026-10-31T17:00:00.000Z',
  '2026-10-31T17:00:00.001Z',
  '2026-11-05T03:00:00.000Z',
  '2026-11-05T16:59:00.000Z',
  '2026-11-05T17:01:00.000Z',
  '2026-11-30T16:59:59.999Z',
  '2026-11-30T17:00:00.000Z',
];
const instant = fc.oneof(
  fc.constantFrom(...edges),
  fc
    .integer({ min: Date.parse('2026-10-15T00:00:00Z'), max: Date.parse('2026-12-15T00:00:00Z') })
    .map((ms) => new Date(ms).toISOString()),
);
const rowArbitrary = fc.record({
  status: fc.constantFrom(...dossierStatusList),
  channel: fc.constantFrom('in_person', 'online', 'postal'),
  received_at: fc.option(instant, { freq: 6 }),
  due_at: fc.option(instant, { freq: 6 }),
  extended_due_at: fc.option(instant, { freq: 2 }),
  completed_at: fc.option(instant, { freq: 2 }),
});

const rows: readonly DossierTimes[] = fc.sample(rowArbitrary, { numRuns: 400, seed: 20261126 });

const conditions: Readonly<Record<string, Condition>> = {
  late,
  overdueAtAsOf,
  ...procedureResultMeasures,
};

const periods = (): ReportPeriod[] =>
  [
    reportPeriod('2026-11', '2026-12-10T02:00:00.000Z'),
    reportPeriod('2026-11', '2026-11-05T03:00:00.000Z'),
  ].filter((p): p is ReportPeriod => p !== 'future');

forEachDialect('dossier conditions in SQL', (dialect) => {
  it('select the very rows the domain evaluates them true for', async () => {
    const storage = await (
      await dialect.createDatabase()
    ).open({ unitCode: '20242', projectors: {} });
    const db = storage.db;
    await db
      .insertInto('dossiers')
      .values(
        rows.map((r, i) => ({
          id: `d${String(i).padStart(4, '0')}`,
          code: `20242-261101-${String(i).padStart(4, '0')}`,
          unit_code: '20242',
          receiving_unit_code: '20242',
          competent_unit_code: '20242',
          procedure_code: '1.001193',
          channel: r.channel ?? 'in_person',
          status: r.status ?? 'received',
          status_code: dossierStatuses[(r.status ?? 'received') as keyof typeof dossierStatuses],
          applicant_name: 'Người thử',
          applicant_citizen_id: '048185000123',
          submitted_at: null,
          received_at: r.received_at,
          due_at: r.due_at,
          extended_due_at: r.extended_due_at,
          completed_at: r.completed_at,
          returned_at: null,
          assignee_id: null,
          pending_approval: 0,
          transfer_pending: 0,
          fee_total_vnd: 0,
          updated_at: '2026-11-01T00:00:00.000Z',
          state: '{}',
        })),
      )
      .execute();

    let selectedSomewhere = 0;
    for (const period of periods()) {
      const params: ConditionParams = { from: period.from, asOf: period.asOf };
      for (const [name, condition] of Object.entries(conditions)) {
        const expected = rows
          .map((r, i) => (holds(condition, r, params) ? `d${String(i).padStart(4, '0')}` : null))
          .filter((id): id is string => id !== null);
        const selected = await db
          .selectFrom('dossiers')
          .select('id')
          .where(conditionSql(condition, params, storage.dialect))
          .orderBy('id')
          .execute();
        expect(
          selected.map((r) => r.id),
          `${name} as of ${period.asOf}`,
        ).toEqual(expected);
        const counted = await db
          .selectFrom('dossiers')
          .select(countWhere(condition, params, storage.dialect).as('n'))
          .executeTakeFirstOrThrow();
        expect(Number(counted.n), name).toBe(expected.length);
        selectedSomewhere += expected.length > 0 ? 1 : 0;
      }
    }
    // The rows exercise the conditions: most of them pick something.
    expect(selectedSomewhere).toBeGreaterThan(Object.keys(conditions).length);
  });
});
