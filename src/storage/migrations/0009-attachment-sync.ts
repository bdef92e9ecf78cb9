// Attachments moving between a node and the hub in chunks (issue 4 §3). On whichever side
// receives: the chunks of an attachment not yet complete, kept so that a transfer broken off
// resumes where it stopped; once every byte is there and hashes to the attachment's name, it
// joins `attachments` and its chunks go. On a node: the attachments the hub has acknowledged
// in full, so that none is ever sent again.
import type { Kysely } from 'kysely';
import type { Dialect } from '../storage.js';

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('attachment_chunks')
    .addColumn('hash', 'text', (c) => c.notNull())
    .addColumn('byte_offset', 'integer', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('media_type', 'text', (c) => c.notNull())
    .addColumn('content', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('attachment_chunks_pk', ['hash', 'byte_offset'])
    .execute();

  await db.schema
    .createTable('attachments_acked')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('acked_at', 'text', (c) => c.notNull())
    .execute();
}
