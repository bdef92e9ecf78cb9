// The demo's officer fields: set once at the hub by its administrator, as events; a second
// start sets nothing, and a field changed by hand in the demo is not put back.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { startHub, type TestHub } from '../../test/sync-harness.js';
import { bootstrapAccount } from '../application/accounts.js';
import { setOfficerField } from '../application/staffing.js';
import { runUseCase } from '../application/use-case.js';
import { forEachDialect } from '../../test/dialects.js';
import { demoNodes, demoPassword } from './demo-data.js';
import { demoOfficerFields, seedDemoStaffing } from './demo-staffing.js';

forEachDialect('demo staffing', (dialect) => {
  let hub: TestHub;
  beforeEach(async () => {
    hub = await startHub(await dialect.createDatabase());
    for (const account of demoNodes.flatMap((n) => n.accounts))
      await runUseCase(hub.services, null, { ip: null }, (uc) =>
        bootstrapAccount(uc, { ...account, password: demoPassword }),
      );
  });
  afterEach(async () => {
    await hub.close();
  });

  const fields = async () =>
    Object.fromEntries(
      (
        await hub.services.storage.db
          .selectFrom('accounts')
          .select(['username', 'officer_field'])
          .where('officer_field', 'is not', null)
          .orderBy('username')
          .execute()
      ).map((a) => [a.username, a.officer_field]),
    );

  it('gives the demo officers their fields once, with the culture–society specialist at Hải Châu', async () => {
    expect(await seedDemoStaffing(hub.services, 'quantri.danang')).toBe(6);
    expect(await fields()).toEqual(demoOfficerFields);
    expect(demoOfficerFields['chuyenvien2.haichau']).toBe('van_hoa_xa_hoi');
    const events = await hub.services.storage.db
      .selectFrom('events')
      .select('actor_id')
      .where('type', '=', 'account.field_set')
      .execute();
    expect(events).toHaveLength(6);
    const admin = await hub.services.storage.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'quantri.danang')
      .executeTakeFirstOrThrow();
    expect(new Set(events.map((e) => e.actor_id))).toEqual(new Set([admin.id]));

    // Changed by hand, then a second start: nothing is set again.
    const huy = await hub.services.storage.db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', 'chuyenvien.haichau')
      .executeTakeFirstOrThrow();
    await runUseCase(hub.services, hub.admin, { ip: null }, (uc) =>
      setOfficerField(uc, { accountId: huy.id, field: null }),
    );
    expect(await seedDemoStaffing(hub.services, 'quantri.danang')).toBe(0);
    expect((await fields())['chuyenvien.haichau']).toBeUndefined();
  });
});
