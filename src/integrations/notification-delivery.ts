// The loop that sends the applicant's notifications (application/notifications.ts), on every
// node: a commune's desk and the hub (online filings are made at the hub) alike.
import {
  deliverDueNotifications,
  type NotificationAdapter,
  type NotificationDeliveryReport,
} from '../application/notifications.js';
import type { Services } from '../application/services.js';
import { createOutboxLoop, type OutboxLoop } from './outbox-loop.js';

export interface NotificationDeliveryOptions {
  readonly services: Services;
  readonly adapter: NotificationAdapter;
  /** Pause between rounds (default 5 s). */
  readonly intervalMs?: number;
  /** Messages per round (default 20). */
  readonly batch?: number;
  /** How long one message may wait for the gateway's answer (default 30 s). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export function createNotificationDelivery(
  options: NotificationDeliveryOptions,
): OutboxLoop<NotificationDeliveryReport> {
  const { services, adapter } = options;
  return createOutboxLoop({
    name: 'notifications',
    clock: services.clock,
    round: (now, batch) =>
      deliverDueNotifications(services, adapter, now, batch, {
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      }),
    describe: (r) =>
      `${r.attempted} tried via ${adapter.name} (sent ${r.sent}, failed ${r.failed}, ` +
      `undeliverable ${r.undeliverable})`,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.batch === undefined ? {} : { batch: options.batch }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}
