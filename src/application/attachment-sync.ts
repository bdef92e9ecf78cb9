// Attachments between a node and the hub (issue 4 §3), after the events that cite them and at a
// lower priority: content-addressed, in chunks, resumable. The receiving side (the hub for an
// upload, a node for a download) keeps the chunks of an attachment until every byte is there
// and hashes to its name; a chunk that does not continue what is held is refused with the
// position to resume from, so no acknowledged byte is sent twice.
//
// Who may move what: a node uploads and downloads only attachments cited by a dossier its unit
// received, holds or is competent for (the hub knows from the events already pushed). Every chunk stored or
// handed out is audited: scans are personal data.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { checkAttachment } from '../domain/attachments.js';
import type { z } from 'zod';
import type {
  attachmentChunkSchema,
  attachmentFetchSchema,
  attachmentOfferSchema,
} from '../domain/sync-protocol.js';
import type { Database } from '../storage/schema.js';
import { recordAudit } from './audit.js';
import type { Services } from './services.js';
import { SyncRefusedError, type SyncNode } from './sync-hub.js';

export interface IncomingChunk {
  readonly hash: string;
  readonly size: number;
  readonly mediaType: string;
  readonly offset: number;
  readonly content: Buffer;
}

export type ChunkOutcome =
  | {
      readonly kind: 'stored';
      readonly received: number;
      readonly complete: boolean;
      /** This chunk was the last one missing. */
      readonly completedNow: boolean;
    }
  /** The chunk does not start where the held bytes end: resume from `held`. */
  | { readonly kind: 'offset'; readonly held: number }
  /** The bytes cannot be this attachment: the chunks held are dropped. */
  | { readonly kind: 'corrupt'; readonly reason: string };

/** Bytes of `hash` held: its full size once complete, else what its chunks add up to. */
export async function heldBytes(
  db: Kysely<Database>,
  hash: string,
): Promise<{ held: number; complete: boolean }> {
  const done = await db
    .selectFrom('attachments')
    .select('size')
    .where('hash', '=', hash)
    .executeTakeFirst();
  if (done !== undefined) return { held: done.size, complete: true };
  const row = await db
    .selectFrom('attachment_chunks')
    .select((eb) =>
      // A bigint comes back from PostgreSQL as a string.
      eb.fn.coalesce(eb.fn.sum<number | string>(eb.fn('length', ['content'])), eb.val(0)).as('n'),
    )
    .where('hash', '=', hash)
    .executeTakeFirst();
  return { held: Number(row?.n ?? 0), complete: false };
}

/**
 * Stores one chunk in `db` (inside the caller's transaction); when it completes the attachment,
 * checks the whole against its hash and accepted types and moves it into `attachments`.
 */
export async function storeChunk(
  db: Kysely<Database>,
  chunk: IncomingChunk,
  now: Date,
): Promise<ChunkOutcome> {
  const { held, complete } = await heldBytes(db, chunk.hash);
  if (complete) return { kind: 'stored', received: held, complete: true, completedNow: false };
  if (chunk.offset !== held) return { kind: 'offset', held };
  if (chunk.content.length === 0 || chunk.offset + chunk.content.length > chunk.size)
    return { kind: 'corrupt', reason: 'the chunk runs past the attachment’s size' };
  const first = await db
    .selectFrom('attachment_chunks')
    .select(['size', 'media_type'])
    .where('hash', '=', chunk.hash)
    .executeTakeFirst();
  if (first !== undefined && (first.size !== chunk.size || first.media_type !== chunk.mediaType)) {
    await db.deleteFrom('attachment_chunks').where('hash', '=', chunk.hash).execute();
    return { kind: 'corrupt', reason: 'the chunks disagree on the attachment’s size or type' };
  }
  await db
    .insertInto('attachment_chunks')
    .values({
      hash: chunk.hash,
      byte_offset: chunk.offset,
      size: chunk.size,
      media_type: chunk.mediaType,
      content: chunk.content,
      received_at: now.toISOString(),
    })
    .execute();
  const received = held + chunk.content.length;
  if (received < chunk.size)
    return { kind: 'stored', received, complete: false, completedNow: false };

  const parts = await db
    .selectFrom('attachment_chunks')
    .select('content')
    .where('hash', '=', chunk.hash)
    .orderBy('byte_offset')
    .execute();
  const whole = Buffer.concat(parts.map((p) => Buffer.from(p.content)));
  await db.deleteFrom('attachment_chunks').where('hash', '=', chunk.hash).execute();
  const digest = createHash('sha256').update(whole).digest('hex');
  if (digest !== chunk.hash)
    return { kind: 'corrupt', reason: `the bytes hash to ${digest}, not to the attachment’s name` };
  const check = checkAttachment(whole);
  if (!check.ok || check.mediaType !== chunk.mediaType)
    return { kind: 'corrupt', reason: 'the bytes are not the type the attachment claims' };
  await db
    .insertInto('attachments')
    .values({
      hash: chunk.hash,
      media_type: check.mediaType,
      size: whole.length,
      created_at: now.toISOString(),
      content: whole,
    })
    .onConflict((oc) => oc.column('hash').doNothing())
    .execute();
  return { kind: 'stored', received, complete: true, completedNow: true };
}

/** Whether a dossier the unit received, holds, or is to decide (a transfer on its way) cites
 * the attachment, at the hub, or a directive to the unit or the unit's report on one does. */
async function citedFor(db: Kysely<Database>, unitCode: string, hash: string): Promise<boolean> {
  // A directive's papers go to the communes it names; a commune's report papers come up.
  const paper = await db
    .selectFrom('directive_attachments')
    .select('directive_attachments.hash')
    .where('directive_attachments.hash', '=', hash)
    .where((eb) =>
      eb.or([
        eb('directive_attachments.unit_code', '=', unitCode),
        eb.and([
          eb('directive_attachments.kind', '=', 'directive'),
          eb.exists(
            eb
              .selectFrom('directive_targets')
              .select('directive_targets.unit_code')
              .whereRef('directive_targets.directive_id', '=', 'directive_attachments.directive_id')
              .where('directive_targets.unit_code', '=', unitCode),
          ),
        ]),
      ]),
    )
    .executeTakeFirst();
  if (paper !== undefined) return true;
  const row = await db
    .selectFrom('dossier_attachments')
    .innerJoin('dossiers', 'dossiers.id', 'dossier_attachments.dossier_id')
    .select('dossiers.id')
    .where('dossier_attachments.hash', '=', hash)
    .where((eb) =>
      eb.or([
        eb('dossiers.unit_code', '=', unitCode),
        eb('dossiers.receiving_unit_code', '=', unitCode),
        eb('dossiers.competent_unit_code', '=', unitCode),
      ]),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** The hub's answer to a node's offer: how much of each attachment it already holds. */
export async function handleAttachmentOffer(
  services: Services,
  node: SyncNode,
  input: z.output<typeof attachmentOfferSchema>,
): Promise<{
  attachments: { hash: string; state: 'complete' | 'partial' | 'unknown'; received: number }[];
}> {
  const db = services.storage.db;
  const attachments = [];
  for (const offer of input.attachments) {
    if (!(await citedFor(db, node.unitCode, offer.hash))) {
      attachments.push({ hash: offer.hash, state: 'unknown' as const, received: 0 });
      continue;
    }
    const { held, complete } = await heldBytes(db, offer.hash);
    attachments.push({
      hash: offer.hash,
      state: complete ? ('complete' as const) : ('partial' as const),
      received: held,
    });
  }
  return { attachments };
}

/** Stores a chunk a node uploads; audited when the attachment is complete. */
export async function handleAttachmentChunk(
  services: Services,
  node: SyncNode,
  input: z.output<typeof attachmentChunkSchema>,
): Promise<{ received: number; complete: boolean }> {
  const now = services.clock();
  const outcome = await services.storage.transaction(async (tx) => {
    if (!(await citedFor(tx.db, node.unitCode, input.hash))) return null;
    const result = await storeChunk(
      tx.db,
      { ...input, content: Buffer.from(input.content, 'base64') },
      now,
    );
    if (result.kind === 'stored' && result.completedNow)
      await recordAudit(
        tx.db,
        services.node.unitCode,
        now,
        null,
        { ip: null },
        {
          kind: 'write',
          action: 'attachment.sync_receive',
          subjectType: 'attachment',
          subjectId: input.hash,
          outcome: 'ok',
          actorIdOverride: `node:${node.keyId}`,
        },
      );
    return result;
  });
  if (outcome === null)
    throw new SyncRefusedError(
      'attachment_unknown',
      `no dossier of ${node.unitCode} cites attachment ${input.hash} at the hub (yet)`,
    );
  if (outcome.kind === 'offset')
    throw new SyncRefusedError(
      'attachment_offset',
      `the hub holds ${outcome.held} bytes of ${input.hash}; send from there`,
      outcome.held,
    );
  if (outcome.kind === 'corrupt') throw new SyncRefusedError('attachment_corrupt', outcome.reason);
  return { received: outcome.received, complete: outcome.complete };
}

/** A chunk of an attachment the hub holds in full, for a node whose dossier cites it. */
export async function handleAttachmentFetch(
  services: Services,
  node: SyncNode,
  input: z.output<typeof attachmentFetchSchema>,
): Promise<{ hash: string; size: number; mediaType: string; offset: number; content: string }> {
  const now = services.clock();
  return services.storage.transaction(async (tx) => {
    const found = (await citedFor(tx.db, node.unitCode, input.hash))
      ? await tx.db
          .selectFrom('attachments')
          .select(['size', 'media_type', 'content'])
          .where('hash', '=', input.hash)
          .executeTakeFirst()
      : undefined;
    if (found === undefined)
      throw new SyncRefusedError(
        'attachment_unknown',
        `the hub holds no attachment ${input.hash} for a dossier of ${node.unitCode} (yet)`,
      );
    if (input.offset >= found.size)
      throw new SyncRefusedError(
        'attachment_offset',
        `attachment ${input.hash} has ${found.size} bytes`,
        found.size,
      );
    const content = Buffer.from(found.content).subarray(input.offset, input.offset + input.length);
    await recordAudit(
      tx.db,
      services.node.unitCode,
      now,
      null,
      { ip: null },
      {
        kind: 'read',
        action: 'attachment.sync_send',
        subjectType: 'attachment',
        subjectId: input.hash,
        outcome: 'ok',
        actorIdOverride: `node:${node.keyId}`,
      },
    );
    return {
      hash: input.hash,
      size: found.size,
      mediaType: found.media_type,
      offset: input.offset,
      content: content.toString('base64'),
    };
  });
}
