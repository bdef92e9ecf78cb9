// A second OS process writing to the same SQLite file, for src/storage/sqlite.test.ts:
//   node --import tsx test/sqlite-append-worker.ts <file> <unitCode> <count> <label>
// Appends <count> events, one transaction each, then prints "done".
import { openSqliteStorage } from '../src/storage/sqlite.js';

const [file, unitCode, count, label] = process.argv.slice(2);
if (file === undefined || unitCode === undefined || count === undefined || label === undefined) {
  throw new Error('usage: sqlite-append-worker.ts <file> <unitCode> <count> <label>');
}
const storage = await openSqliteStorage({
  file,
  unitCode,
  projectors: { 'test.noop': () => Promise.resolve() },
});
try {
  for (let i = 0; i < Number(count); i++) {
    await storage.transaction(async (tx) => {
      // Read before writing, as a use case does: under a deferred BEGIN this read would pin a
      // snapshot that another process's commit makes stale, and the write would then fail.
      await tx.db.selectFrom('chain_heads').selectAll().execute();
      return tx.append(
        { type: 'test.noop', entityType: 'test', entityId: `${label}-${i}`, payload: { i } },
        { actorId: null },
      );
    });
  }
} finally {
  await storage.close();
}
console.log('done');
