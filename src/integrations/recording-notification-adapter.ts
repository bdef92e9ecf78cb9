// The adapter shipped while no SMS gateway, Zalo Official Account or mail server is configured:
// it writes each message it would send, whatever its channel, as one JSON line to
// `notifications-outbox.jsonl` in the node's data folder, and answers `sent`. The file holds
// personal data (phone numbers, addresses): it is created readable by the node's user only, and
// each line is flushed to disk before the answer. A real adapter replaces it
// (docs/notifications.md).
import { join } from 'node:path';
import type { NotificationAdapter, NotificationAnswer } from '../application/notifications.js';
import type { NotificationMessage } from '../domain/notifications.js';
import { appendJsonLine } from './json-lines-file.js';

export const notificationRecordingFileName = 'notifications-outbox.jsonl';

export class RecordingNotificationAdapter implements NotificationAdapter {
  readonly name = 'recording';
  readonly file: string;

  /** `dataDir`: the node's data folder, which already exists. */
  constructor(dataDir: string) {
    this.file = join(dataDir, notificationRecordingFileName);
  }

  async send(message: NotificationMessage): Promise<NotificationAnswer> {
    await appendJsonLine(this.file, message);
    return { outcome: 'sent', reference: `recorded:${message.messageId}` };
  }
}
