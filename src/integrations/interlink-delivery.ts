// The loop that delivers the inter-linked messages (application/interlink.ts) on a commune node.
// One round at a time: a round starts only after the previous one has finished (the next is
// scheduled from its end), and `runOnce` called during a round waits for that round instead of
// starting another, so one message is never sent twice at once. A round that found a full batch
// is followed at once by the next; otherwise the loop waits `intervalMs`.
import {
  deliverDue,
  type DeliveryReport,
  type InterlinkAdapter,
} from '../application/interlink.js';
import type { Services } from '../application/services.js';

export interface InterlinkDeliveryOptions {
  readonly services: Services;
  readonly adapter: InterlinkAdapter;
  /** Pause between rounds (default 5 s). */
  readonly intervalMs?: number;
  /** Messages per round (default 20). */
  readonly batch?: number;
  /** How long one message may wait for the adapter's answer (default 30 s). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface InterlinkDelivery {
  start(): void;
  /** Stops the loop; resolves after the round under way has finished. */
  stop(): Promise<void>;
  /** One round now, or the round already under way. */
  runOnce(): Promise<DeliveryReport>;
}

export function createInterlinkDelivery(options: InterlinkDeliveryOptions): InterlinkDelivery {
  const { services, adapter } = options;
  const intervalMs = options.intervalMs ?? 5_000;
  const batch = options.batch ?? 20;
  const log = options.log ?? (() => undefined);
  let round: Promise<DeliveryReport> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let running = false;

  function runOnce(): Promise<DeliveryReport> {
    round ??= deliverDue(services, adapter, services.clock(), batch, {
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    }).finally(() => {
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
        log(
          `interlink: ${report.attempted} sent via ${adapter.name} (accepted ${report.accepted}, ` +
            `rejected ${report.rejected}, awaiting answer ${report.sent}, failed ${report.failed})`,
        );
      if (report.attempted >= batch) wait = 0;
    } catch (error) {
      // The database, not a recipient, failed: try again after the pause.
      log(`interlink: ${error instanceof Error ? error.message : String(error)}`);
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
