// The simplest transport of the sync protocol (DESIGN §3.3): copy one unit's chain from one
// database to another in the same process, in batches, resuming after what the target already
// holds. The demo uses it to give the communes the hub's catalogue before network sync exists
// (issue 4); the network transport will move the same events the same way.
import { readEvents } from '../storage/event-log.js';
import type { Storage } from '../storage/storage.js';

export async function copyChain(
  from: Storage,
  to: Storage,
  unitCode: string,
  options: { batchSize?: number } = {},
): Promise<{ copied: number }> {
  const batchSize = options.batchSize ?? 500;
  const head = await to.db
    .selectFrom('chain_heads')
    .select('unit_seq')
    .where('unit_code', '=', unitCode)
    .executeTakeFirst();
  let after = head?.unit_seq ?? 0;
  let copied = 0;
  for (;;) {
    const batch = await from.db
      .selectFrom('events')
      .select('seq')
      .where('unit_code', '=', unitCode)
      .where('unit_seq', '>', after)
      .orderBy('unit_seq')
      .limit(1)
      .executeTakeFirst();
    if (batch === undefined) return { copied };
    const events = (
      await readEvents(from.db, { unitCode, afterSeq: batch.seq - 1, limit: batchSize })
    ).filter((e) => e.unitSeq > after);
    if (events.length === 0) return { copied };
    await to.transaction(async (tx) => {
      for (const event of events) {
        const { seq: _seq, recordedAt: _recordedAt, ...stored } = event;
        if ((await tx.ingest(stored)) === 'stored') copied += 1;
      }
    });
    after = events.at(-1)?.unitSeq ?? after;
  }
}
