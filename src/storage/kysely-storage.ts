// The Storage implementation shared by both dialects, once the dialect file has connected and
// migrated: transactions, the nesting guard, appends (event-log.ts), ping and close.
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  sql,
  type Kysely,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';
import type { EventDraft, StoredEvent } from '../domain/events.js';
import { createEventLog, loadHlcSeed, type EventLog } from './event-log.js';
import type { Projectors } from './projections.js';
import type { Database } from './schema.js';
import type { AppendContext, Dialect, Storage, Transaction } from './storage.js';

export interface KyselyStorageOptions {
  readonly dialect: Dialect;
  readonly unitCode: string;
  /** Connected and migrated. Its transactions must be the dialect's right kind (see sqlite.ts). */
  readonly db: Kysely<Database>;
  readonly projectors: Projectors;
  readonly clock: () => Date;
  /** See EventLogOptions.lockHeadRow. */
  readonly lockHeadRow: boolean;
  /** Runs after the connection is closed. */
  readonly afterClose?: () => void;
  /**
   * Group commit (SQLite): transactions that arrive while one is running wait and then run
   * together inside one database transaction, each in its own savepoint, and are committed
   * — and made durable — by a single COMMIT. `inTransaction` says whether the connection is
   * still inside the database transaction (SQLite ends it by itself on some errors).
   */
  readonly groupCommit?: { readonly maxBatch: number; readonly inTransaction: () => boolean };
}

export async function createKyselyStorage(options: KyselyStorageOptions): Promise<Storage> {
  const hlc = await loadHlcSeed(options.db, options.unitCode);
  const log = createEventLog({
    unitCode: options.unitCode,
    projectors: options.projectors,
    clock: options.clock,
    lockHeadRow: options.lockHeadRow,
    hlc,
  });
  return new KyselyStorage(options, log);
}

interface QueuedTransaction {
  readonly fn: (tx: Transaction) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/** Marks the async context of a running transaction; `active` turns false when it ends. */
interface TransactionMarker {
  active: boolean;
}

class KyselyStorage implements Storage {
  readonly dialect: Dialect;
  readonly unitCode: string;
  readonly db: Kysely<Database>;
  readonly #base: Kysely<Database>;
  readonly #log: EventLog;
  readonly #afterClose: (() => void) | undefined;
  readonly #scope = new AsyncLocalStorage<TransactionMarker>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly #groupCommit: KyselyStorageOptions['groupCommit'];
  #queue: QueuedTransaction[] = [];
  #batchRunning = false;
  #closing: Promise<void> | null = null;

  constructor(options: KyselyStorageOptions, log: EventLog) {
    this.dialect = options.dialect;
    this.unitCode = options.unitCode;
    this.#base = options.db;
    this.#log = log;
    this.#afterClose = options.afterClose;
    this.#groupCommit = options.groupCommit;
    this.db = options.db.withPlugin(new RefuseInsideTransaction(this.#scope));
  }

  async transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    if (this.#closing !== null) throw new Error('Storage is closed');
    if (this.#scope.getStore()?.active === true) {
      // On SQLite the inner call would wait forever for the one connection the outer call
      // holds; on PostgreSQL it would commit on its own, outside the outer transaction.
      throw new Error(
        'storage.transaction() called inside a transaction: pass the open Transaction down instead',
      );
    }
    if (this.#groupCommit !== undefined) return this.#enqueue(fn);
    const marker: TransactionMarker = { active: true };
    const run = this.#scope.run(marker, async () => {
      try {
        return await this.#base.transaction().execute(async (trx) => {
          const tx = new BoundTransaction(trx, this.#log);
          const result = await fn(tx);
          await tx.settle();
          return result;
        });
      } finally {
        marker.active = false;
      }
    });
    this.#inFlight.add(run);
    try {
      return await run;
    } finally {
      this.#inFlight.delete(run);
    }
  }

  #enqueue<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({
        fn: fn,
        resolve: resolve as (value: unknown) => void,
        reject,
      });
      if (!this.#batchRunning) {
        this.#batchRunning = true;
        const batch = this.#runBatches();
        this.#inFlight.add(batch);
        void batch.finally(() => this.#inFlight.delete(batch));
      }
    });
  }

  /** Runs queued transactions, a batch at a time, until the queue is empty. */
  async #runBatches(): Promise<void> {
    const group = this.#groupCommit;
    if (group === undefined) return;
    try {
      // Each batch starts after the event loop has taken in the requests that arrived
      // meanwhile: the work of a batch runs without yielding to I/O, so without this pause
      // every batch would hold a single transaction.
      await new Promise((resolve) => setImmediate(resolve));
      while (this.#queue.length > 0) {
        const batch = this.#queue.splice(0, group.maxBatch);
        const outcomes: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
        try {
          const trx = await this.#base.startTransaction().execute();
          let broken: unknown = null;
          for (const [index, item] of batch.entries()) {
            if (broken !== null) {
              outcomes.push({ ok: false, error: broken });
              continue;
            }
            const name = `uc${index}`;
            const savepoint = await trx.savepoint(name).execute();
            const marker: TransactionMarker = { active: true };
            try {
              const value = await this.#scope.run(marker, async () => {
                const tx = new BoundTransaction(savepoint, this.#log);
                const result = await item.fn(tx);
                await tx.settle();
                return result;
              });
              await savepoint.releaseSavepoint(name).execute();
              outcomes.push({ ok: true, value });
            } catch (error) {
              outcomes.push({ ok: false, error });
              if (group.inTransaction()) await savepoint.rollbackToSavepoint(name).execute();
              // SQLite ended the transaction itself (disk full, I/O): the rest cannot run in it.
              else broken = error;
            } finally {
              marker.active = false;
            }
          }
          if (broken === null) await trx.commit().execute();
          else if (group.inTransaction()) await trx.rollback().execute();
        } catch (error) {
          // The commit failed (or BEGIN did): nothing of the batch is durable.
          batch.forEach((item, i) => {
            if (outcomes[i]?.ok !== false) outcomes[i] = { ok: false, error };
          });
        }
        batch.forEach((item, i) => {
          const outcome = outcomes[i];
          if (outcome?.ok === true) item.resolve(outcome.value);
          else item.reject(outcome?.error ?? new Error('transaction did not run'));
        });
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.#batchRunning = false;
    }
  }

  async ping(): Promise<boolean> {
    try {
      await sql`select 1`.execute(this.db);
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    // Let running transactions finish (commit or roll back) rather than cutting them off.
    this.#closing ??= (async () => {
      await Promise.allSettled(this.#inFlight);
      await this.#base.destroy();
      this.#afterClose?.();
    })();
    return this.#closing;
  }
}

class BoundTransaction implements Transaction {
  readonly db: Kysely<Database>;
  readonly #log: EventLog;
  #queue: Promise<unknown> = Promise.resolve();
  #failure: { readonly error: unknown } | null = null;

  constructor(trx: Kysely<Database>, log: EventLog) {
    this.db = trx;
    this.#log = log;
  }

  append<P>(draft: EventDraft<P>, context: AppendContext): Promise<StoredEvent<P>> {
    // Appends within one transaction run one after another in call order, even if the caller
    // starts them together: each reads the chain head the previous one wrote.
    const next = this.#queue.then(() => {
      if (this.#failure !== null) throw this.#failedError('an earlier append');
      return this.#log.append(this.db, draft, context);
    });
    this.#queue = next.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    return next;
  }

  ingest(event: StoredEvent): Promise<'stored' | 'duplicate'> {
    return this.#serial(() => this.#log.ingest(this.db, event));
  }

  ingestMany(events: readonly StoredEvent[]): Promise<{ stored: number; duplicates: number }> {
    return this.#serial(() => this.#log.ingestMany(this.db, events));
  }

  relay(event: StoredEvent): Promise<'stored' | 'duplicate'> {
    return this.#serial(() => this.#log.relay(this.db, event));
  }

  /** Runs log writes of one transaction one after another, in call order. */
  #serial<T>(write: () => Promise<T>): Promise<T> {
    const next = this.#queue.then(() => {
      if (this.#failure !== null) throw this.#failedError('an earlier append');
      return write();
    });
    this.#queue = next.catch((error: unknown) => {
      this.#failure ??= { error };
    });
    return next;
  }

  /**
   * Before commit: waits for appends the caller started but did not await, then fails the
   * whole transaction if any append failed. A failed append may have written its event but
   * not its projection (a projector that throws midway); if the caller caught the error and
   * carried on, committing would keep that half.
   */
  async settle(): Promise<void> {
    await this.#queue;
    if (this.#failure !== null) throw this.#failedError('an append');
  }

  #failedError(which: string): Error {
    return new Error(`Transaction rolled back: ${which} in it failed`, {
      cause: this.#failure?.error,
    });
  }
}

/**
 * Installed on `Storage.db`: a query through it from inside a transaction is a bug (it would
 * not see the transaction's writes; on SQLite it would wait forever for the connection the
 * transaction holds), so it fails at once with a message that says what to use instead.
 */
class RefuseInsideTransaction implements KyselyPlugin {
  readonly #scope: AsyncLocalStorage<TransactionMarker>;

  constructor(scope: AsyncLocalStorage<TransactionMarker>) {
    this.#scope = scope;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    if (this.#scope.getStore()?.active === true) {
      throw new Error('storage.db used inside storage.transaction(): use tx.db instead');
    }
    return args.node;
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
