// A delivery loop for an outbox (the applicant's notifications, the national portal's updates),
// built like the liên thông one (interlink-delivery.ts). One round at a time: a round starts
// only after the previous one has finished (the next is scheduled from its end), and `runOnce`
// called during a round waits for that round instead of starting another, so one message is
// never sent twice at once by this process. A round that found a full batch is followed at once
// by the next; otherwise the loop waits `intervalMs`.

/** What a round reports: how many messages it tried, and a line for the log. */
export interface RoundReport {
  readonly attempted: number;
}

export interface OutboxLoopOptions<R extends RoundReport> {
  /** Names the loop in the log, e.g. `notifications`. */
  readonly name: string;
  /** One round: send up to `batch` due messages as of `now`. */
  readonly round: (now: Date, batch: number) => Promise<R>;
  readonly clock: () => Date;
  /** Pause between rounds (default 5 s). */
  readonly intervalMs?: number;
  /** Messages per round (default 20). */
  readonly batch?: number;
  readonly describe?: (report: R) => string;
  readonly log?: (line: string) => void;
}

export interface OutboxLoop<R extends RoundReport> {
  start(): void;
  /** Stops the loop; resolves after the round under way has finished. */
  stop(): Promise<void>;
  /** One round now, or the round already under way. */
  runOnce(): Promise<R>;
}

export function createOutboxLoop<R extends RoundReport>(
  options: OutboxLoopOptions<R>,
): OutboxLoop<R> {
  const intervalMs = options.intervalMs ?? 5_000;
  const batch = options.batch ?? 20;
  const log = options.log ?? (() => undefined);
  let round: Promise<R> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  function runOnce(): Promise<R> {
    round ??= options.round(options.clock(), batch).finally(() => {
      round = null;
    });
    return round;
  }

  async function tick(): Promise<void> {
    timer = null;
    let wait = intervalMs;
    try {
      const report = await runOnce();
      if (report.attempted > 0)
        log(`${options.name}: ${options.describe?.(report) ?? `${report.attempted} attempted`}`);
      if (report.attempted >= batch) wait = 0;
    } catch (error) {
      // The database, not a recipient, failed: try again after the pause.
      log(`${options.name}: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (running) timer = setTimeout(() => void tick(), wait);
  }

  return {
    start() {
      if (running) return;
      running = true;
      timer = setTimeout(() => void tick(), 0);
    },
    async stop() {
      running = false;
      if (timer !== null) clearTimeout(timer);
      timer = null;
      await round?.catch(() => undefined);
    },
    runOnce,
  };
}
