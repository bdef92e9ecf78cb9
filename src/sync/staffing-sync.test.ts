// An officer's field is part of the account, which the hub owns: set at the hub (through the
// administrator's form), it reaches the officer's commune by sync like the account itself, is
// projected there, and changes and clears the same way; a field set on another commune's
// officer never reaches it. The hub runs on the database under test, the commune on SQLite.
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { cookiesOf, csrfFrom } from '../../test/app-harness.js';
import { forEachDialect } from '../../test/dialects.js';
import {
  startCommune,
  startHub,
  testClock,
  type TestCommune,
  type TestHub,
} from '../../test/sync-harness.js';
import { readStaffing } from '../application/staffing.js';
import { runUseCase } from '../application/use-case.js';

const NOW = '2026-11-26T02:00:00.000Z';

forEachDialect('officer fields by sync', (dialect) => {
  let hub: TestHub;
  let haiChau: TestCommune;
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase(), { clock: testClock(NOW) });
    haiChau = await startCommune('20242', hub.url, {
      token: await hub.token('20242'),
      clock: testClock(NOW),
    });
    await haiChau.worker.syncOnce();
  });
  afterEach(async () => {
    await haiChau.close();
    await hub.close();
  });

  const idOf = async (username: string) =>
    (
      await hub.services.storage.db
        .selectFrom('accounts')
        .select('id')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).id;

  /** The administrator's form at the hub, as a browser sends it. */
  async function setField(username: string, field: string) {
    const app = hub.app();
    const loginPage = await app.inject({ method: 'GET', url: '/login' });
    const login = await app.inject({
      method: 'POST',
      url: '/login',
      headers: { cookie: cookiesOf(loginPage) },
      payload: {
        _csrf: csrfFrom(loginPage.body),
        username: 'quantri',
        password: 'mat-khau-thu-nghiem',
      },
    });
    const cookie = cookiesOf(login, cookiesOf(loginPage));
    const page = await app.inject({
      method: 'GET',
      url: '/staffing?month=2026-11&unitCode=20242',
      headers: { cookie },
    });
    expect(page.statusCode, page.body).toBe(200);
    const response = await app.inject({
      method: 'POST',
      url: `/staffing/officers/${await idOf(username)}/field`,
      headers: { cookie: cookiesOf(page, cookie) },
      payload: { _csrf: csrfFrom(page.body), field, month: '2026-11', unitCode: '20242' },
    });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(200);
  }

  const fieldAtCommune = async (username: string) =>
    (
      await haiChau.services.storage.db
        .selectFrom('accounts')
        .select('officer_field')
        .where('username', '=', username)
        .executeTakeFirstOrThrow()
    ).officer_field;

  it('sends the field to the officer’s commune, and its changes', async () => {
    await setField('chuyenvien.20242', 'tu_phap_ho_tich');
    await setField('tiepnhan.20308', 'mot_cua');
    expect(await fieldAtCommune('chuyenvien.20242')).toBeNull();

    await haiChau.worker.syncOnce();
    expect(await fieldAtCommune('chuyenvien.20242')).toBe('tu_phap_ho_tich');
    const relayed = await haiChau.services.storage.db
      .selectFrom('relayed_events')
      .select(['type', 'entity_id', 'payload', 'unit_code'])
      .where('type', '=', 'account.field_set')
      .execute();
    // Bà Nà's officer's field stayed at the hub.
    expect(relayed).toEqual([
      {
        type: 'account.field_set',
        entity_id: await idOf('chuyenvien.20242'),
        payload: '{"field":"tu_phap_ho_tich"}',
        unit_code: '48',
      },
    ]);

    // The commune's own staffing page data reads it.
    const leader = await haiChau.actor('leader');
    const staffing = await runUseCase(haiChau.services, leader, { ip: null }, (uc) =>
      readStaffing(uc, { month: '2026-11' }),
    );
    expect(staffing.officers.map((o) => [o.name, o.field])).toEqual([
      ['leader 20242', null],
      ['receiving_officer 20242', null],
      ['specialist 20242', 'tu_phap_ho_tich'],
    ]);

    await setField('chuyenvien.20242', 'van_hoa_xa_hoi');
    await haiChau.worker.syncOnce();
    expect(await fieldAtCommune('chuyenvien.20242')).toBe('van_hoa_xa_hoi');
    await setField('chuyenvien.20242', '');
    await haiChau.worker.syncOnce();
    expect(await fieldAtCommune('chuyenvien.20242')).toBeNull();

    // At the hub the CSV of the commune follows.
    const csv = await hub.app().inject({
      method: 'GET',
      url: '/staffing.csv?month=2026-11&unitCode=20242',
      headers: {
        cookie: cookiesOf(
          await hub.app().inject({
            method: 'POST',
            url: '/api/v1/session',
            payload: { username: 'quantri', password: 'mat-khau-thu-nghiem' },
          }),
        ),
      },
    });
    const rows: string[][] = parse(csv.body, { bom: true });
    expect(rows.map((r) => [r[1], r[3]])).toEqual([
      ['Công chức', 'Lĩnh vực'],
      ['leader 20242', ''],
      ['receiving_officer 20242', ''],
      ['specialist 20242', ''],
    ]);
  });
});
