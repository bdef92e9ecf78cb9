// The demo officers' fields, set at the hub by the demo's province administrator through the
// real use case (so each is an `account.field_set` event that reaches the commune by sync).
// One mismatch is deliberate: Hải Châu's second specialist is of the culture–society field,
// while the demo desk hands her civil-status dossiers too, so the staffing page shows her
// handling dossiers outside her field. Idempotent: an officer whose field was ever set (here
// or by hand in the demo) is left alone on the next start.
import { actorOf } from '../application/auth.js';
import type { Services } from '../application/services.js';
import { setOfficerField } from '../application/staffing.js';
import { runUseCase } from '../application/use-case.js';
import { accountEventTypes } from '../domain/accounts.js';

/** Username → field. Leaders are left without one (the field is optional for them). */
export const demoOfficerFields: Readonly<Record<string, string>> = {
  // The demo desks register births, deaths and marriages themselves (a registration is
  // assigned to the officer who makes it): their officers are of justice and civil status,
  // as in most communes, where the civil-status officer sits at the one-stop desk.
  'tiepnhan.haichau': 'tu_phap_ho_tich',
  'chuyenvien.haichau': 'tu_phap_ho_tich',
  // The deliberate mismatch: the demo hands her civil-status and certification dossiers.
  'chuyenvien2.haichau': 'van_hoa_xa_hoi',
  'tiepnhan.bana': 'tu_phap_ho_tich',
  'chuyenvien.bana': 'tu_phap_ho_tich',
  'chuyenvien2.bana': 'tu_phap_ho_tich',
};

/** Sets the fields not set yet; returns how many were set. */
export async function seedDemoStaffing(services: Services, adminUsername: string): Promise<number> {
  const db = services.storage.db;
  const admin = actorOf(
    services,
    await db
      .selectFrom('accounts')
      .selectAll()
      .where('username', '=', adminUsername)
      .executeTakeFirstOrThrow(),
  );
  let set = 0;
  for (const [username, field] of Object.entries(demoOfficerFields)) {
    const account = await db
      .selectFrom('accounts')
      .select('id')
      .where('username', '=', username)
      .executeTakeFirst();
    if (account === undefined) continue;
    const before = await db
      .selectFrom('events')
      .select('id')
      .where('entity_type', '=', 'account')
      .where('entity_id', '=', account.id)
      .where('type', '=', accountEventTypes.fieldSet)
      .executeTakeFirst();
    if (before !== undefined) continue;
    await runUseCase(services, admin, { ip: null }, (uc) =>
      setOfficerField(uc, { accountId: account.id, field }),
    );
    set += 1;
  }
  return set;
}
