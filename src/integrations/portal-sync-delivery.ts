// The loop that sends the dossiers' updates to the national public-service portal
// (application/portal-sync.ts). The province hub runs it; a commune node never talks to the
// national portal (its events reach the portal through the hub).
import {
  deliverDuePortalUpdates,
  type PortalDeliveryReport,
  type PortalSyncAdapter,
} from '../application/portal-sync.js';
import type { Services } from '../application/services.js';
import { createOutboxLoop, type OutboxLoop } from './outbox-loop.js';

export interface PortalSyncDeliveryOptions {
  readonly services: Services;
  readonly adapter: PortalSyncAdapter;
  /** Pause between rounds (default 5 s). */
  readonly intervalMs?: number;
  /** Updates per round (default 20). */
  readonly batch?: number;
  /** How long one update may wait for the portal's answer (default 30 s). */
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

export function createPortalSyncDelivery(
  options: PortalSyncDeliveryOptions,
): OutboxLoop<PortalDeliveryReport> {
  const { services, adapter } = options;
  return createOutboxLoop({
    name: 'portal-sync',
    clock: services.clock,
    round: (now, batch) =>
      deliverDuePortalUpdates(services, adapter, now, batch, {
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      }),
    describe: (r) =>
      `${r.attempted} tried via ${adapter.name} (sent ${r.sent}, failed ${r.failed}, ` +
      `rejected ${r.rejected})`,
    ...(options.intervalMs === undefined ? {} : { intervalMs: options.intervalMs }),
    ...(options.batch === undefined ? {} : { batch: options.batch }),
    ...(options.log === undefined ? {} : { log: options.log }),
  });
}
