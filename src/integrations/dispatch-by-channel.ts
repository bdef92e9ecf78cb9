// Several channel clients behind the one interface the notification loop uses.
import type { NotificationAdapter } from '../application/notifications.js';
import type { NotificationMessage } from '../domain/notifications.js';

/**
 * One adapter from one per channel: how a deployment combines an SMS gateway, a Zalo OA and a
 * mail server behind the single interface the delivery loop uses. A channel without its own
 * adapter goes to `fallback` (the recording adapter, say).
 */
export function dispatchByChannel(
  adapters: Partial<Record<NotificationMessage['channel'], NotificationAdapter>>,
  fallback: NotificationAdapter,
): NotificationAdapter {
  const names = Object.entries(adapters).map(([channel, a]) => `${channel}:${a.name}`);
  return {
    name: names.length === 0 ? fallback.name : `${names.join(',')};else:${fallback.name}`,
    send: (message) => (adapters[message.channel] ?? fallback).send(message),
  };
}
