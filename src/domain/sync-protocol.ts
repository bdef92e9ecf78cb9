// The sync protocol between a commune node and the province hub (DESIGN §3.3), as data: what a
// request carries, what is signed, what the answers say, and why a request can be refused.
// Transport (HTTP, keys on disk) lives in src/sync and src/http; this is the contract.
import { createHash } from 'node:crypto';
import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync } from 'node:zlib';
import { z } from 'zod';

/** Headers of a signed sync request. */
export const syncHeaders = {
  /** Identifier of the node's Ed25519 key, given at enrolment. */
  key: 'x-motcua-key',
  /** Strictly increasing per key: a request with a counter already seen is a replay. */
  counter: 'x-motcua-counter',
  /** The node's device time when it sent the request (ISO-8601): the hub measures skew. */
  time: 'x-motcua-time',
  /** Base64 Ed25519 signature of `signedText(...)`. */
  signature: 'x-motcua-signature',
} as const;

/**
 * What the node signs: the method, the path, the counter, its device time and the SHA-256 of
 * the body exactly as sent (compressed). Any change to any of them breaks the signature.
 */
export function signedText(input: {
  method: string;
  path: string;
  counter: number;
  time: string;
  body: Uint8Array;
}): string {
  const bodyHash = createHash('sha256').update(input.body).digest('hex');
  return `motcua-sync-v1\n${input.method.toUpperCase()}\n${input.path}\n${input.counter}\n${input.time}\n${bodyHash}`;
}

/** Key identifier: the first 32 hex digits of the SHA-256 of the public key (SPKI DER). */
export function keyIdOf(publicKeyDer: Uint8Array): string {
  return createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32);
}

/**
 * Bodies travel as JSON compressed with Brotli (`content-encoding: br`) at quality 5: about a
 * fifth smaller than gzip on event batches, for little more time. gzip is still accepted.
 */
export function encodeSyncBody(json: string): {
  body: ReturnType<typeof brotliCompressSync>;
  encoding: 'br';
} {
  const text = Buffer.from(json, 'utf8');
  return {
    body: brotliCompressSync(text, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
      },
    }),
    encoding: 'br',
  };
}

/**
 * The JSON text of a body as sent, decompressed according to its content-encoding, never
 * beyond `maxBytes` (a RangeError then). Throws on a truncated or damaged body.
 */
export function decodeSyncBody(
  raw: Buffer,
  encoding: string | undefined,
  maxBytes: number,
): string {
  const text =
    encoding === 'br'
      ? brotliDecompressSync(raw, { maxOutputLength: maxBytes })
      : encoding === 'gzip'
        ? gunzipSync(raw, { maxOutputLength: maxBytes })
        : raw;
  if (text.length > maxBytes) throw new RangeError('body too large');
  return text.toString('utf8');
}

/** Why the hub refused a sync request. Stable kinds: the node decides what to do by them. */
export const syncRefusals = {
  malformed: { status: 400, retry: false }, // the body is not what the protocol says
  too_large: { status: 413, retry: false }, // over the size limit: send smaller batches
  unknown_key: { status: 401, retry: false }, // not enrolled (or enrolled on another hub)
  revoked: { status: 403, retry: false }, // the province revoked this node
  bad_signature: { status: 401, retry: false },
  replay: { status: 409, retry: true }, // counter not above the last one seen: resend with a new counter
  wrong_unit: { status: 403, retry: false }, // a node pushes only its own unit's chain
  chain_gap: { status: 409, retry: true }, // events do not continue the chain the hub holds: resend from the ack
  hash_mismatch: { status: 422, retry: false }, // an event's hash does not match its content
  token_invalid: { status: 401, retry: false },
  token_expired: { status: 401, retry: false },
  token_used: { status: 409, retry: false },
  // Attachments: not cited by a dossier of the node's unit (yet: its metadata comes first).
  attachment_unknown: { status: 404, retry: true },
  // A chunk that does not start where the hub's copy ends: resend from `ack` (bytes held).
  attachment_offset: { status: 409, retry: true },
  // The assembled bytes do not hash to the attachment's name, or are not an accepted type.
  attachment_corrupt: { status: 422, retry: false },
} as const;
export type SyncRefusalKind = keyof typeof syncRefusals;

export interface SyncRefusal {
  readonly kind: SyncRefusalKind;
  readonly message: string;
  /** For chain_gap: the hub's head for the unit, so the node resends from there; for
   * attachment_offset: the bytes of the attachment the hub holds. */
  readonly ack?: number;
}

const isoInstant = z.iso.datetime({ offset: false, precision: 3 });

/** An event on the wire: exactly the stored fields. */
export const wireEventSchema = z.strictObject({
  id: z.uuid(),
  unitCode: z.string().regex(/^(\d{2}|\d{5})$/),
  unitSeq: z.number().int().min(1),
  type: z.string().min(1).max(100),
  entityType: z.string().min(1).max(100),
  entityId: z.string().min(1).max(200),
  payload: z.unknown(),
  actorId: z.string().max(100).nullable(),
  occurredAt: isoInstant,
  hlc: z.string().min(1).max(100),
  prevHash: z.string().regex(/^[0-9a-f]{64}$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/),
});
export type WireEvent = z.infer<typeof wireEventSchema>;

export const enrolRequestSchema = z.strictObject({
  token: z.string().min(10).max(200),
  unitCode: z.string().regex(/^\d{5}$/),
  /** Base64 of the Ed25519 public key, SPKI DER. */
  publicKey: z.string().min(40).max(200),
});

export const enrolResponseSchema = z.strictObject({
  keyId: z.string(),
  hubUnitCode: z.string(),
  enrolledAt: isoInstant,
  /** The hub's head of the unit's chain: the node's first push starts after it, unasked. */
  ack: z.number().int().min(0).optional(),
});

export const pullRequestSchema = z.strictObject({
  /** The hub's local sequence after which to send (0 at first). */
  after: z.number().int().min(0),
  limit: z.number().int().min(1).max(5_000),
});

const pulledSchema = z.strictObject({
  events: z.array(wireEventSchema),
  /** Where the next pull continues: past the events sent and those skipped as not relevant. */
  cursor: z.number().int().min(0),
  /** More is waiting at the hub. */
  more: z.boolean(),
});

export const pullResponseSchema = pulledSchema.extend({ hubTime: isoInstant });

export const pushRequestSchema = z.strictObject({
  events: z.array(wireEventSchema).max(10_000),
  /** The last batch of a round may ask for the pull too: one round trip instead of two. */
  pull: pullRequestSchema.optional(),
});

export const pushResponseSchema = z.strictObject({
  /** The hub's head of the node's chain after this push: the node resends only what follows. */
  ack: z.number().int().min(0),
  stored: z.number().int().min(0),
  duplicates: z.number().int().min(0),
  /** What a pull asked for with the push would have answered. */
  pull: pulledSchema.optional(),
  hubTime: isoInstant,
});

/** A node restored on a new PC takes back its own chain, from `after` (its local head). */
export const restoreRequestSchema = z.strictObject({
  after: z.number().int().min(0),
  limit: z.number().int().min(1).max(5_000),
});

export const restoreResponseSchema = z.strictObject({
  events: z.array(wireEventSchema),
  more: z.boolean(),
});

export const statusResponseSchema = z.strictObject({
  /** The hub's head of the node's chain. */
  ack: z.number().int().min(0),
  hubTime: isoInstant,
});

// Attachments move after the events that cite them, in content-addressed chunks: the node offers
// what it has, the hub says how much of each it already holds, the node sends the rest from
// there. Chunk bytes travel base64 inside the usual compressed JSON body (compression takes
// back almost all of base64's third), so that every request is signed the same way.

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const mediaType = z.enum(['application/pdf', 'image/jpeg', 'image/png']);

/** Largest chunk, before base64. */
export const attachmentChunkBytes = 256 * 1024;

export const attachmentOfferSchema = z.strictObject({
  attachments: z
    .array(z.strictObject({ hash: sha256Hex, size: z.number().int().min(1), mediaType }))
    .min(1)
    .max(100),
});

export const attachmentOfferResponseSchema = z.strictObject({
  attachments: z.array(
    z.strictObject({
      hash: sha256Hex,
      /** complete: held in full (never send it again); partial: send from `received`;
       * unknown: not cited by a dossier of this unit at the hub yet. */
      state: z.enum(['complete', 'partial', 'unknown']),
      received: z.number().int().min(0),
    }),
  ),
});

export const attachmentChunkSchema = z.strictObject({
  hash: sha256Hex,
  size: z.number().int().min(1),
  mediaType,
  offset: z.number().int().min(0),
  content: z.base64().max(Math.ceil(attachmentChunkBytes / 3) * 4),
});

export const attachmentChunkResponseSchema = z.strictObject({
  received: z.number().int().min(0),
  complete: z.boolean(),
});

export const attachmentFetchSchema = z.strictObject({
  hash: sha256Hex,
  offset: z.number().int().min(0),
  length: z.number().int().min(1).max(attachmentChunkBytes),
});

export const attachmentFetchResponseSchema = z.strictObject({
  hash: sha256Hex,
  size: z.number().int().min(1),
  mediaType,
  offset: z.number().int().min(0),
  content: z.base64(),
});

/** What a node's pages show about its sync (issue 4 §2: events waiting, last success, progress). */
export interface SyncStatus {
  readonly enrolled: boolean;
  /** The last attempt reached the hub. */
  readonly online: boolean;
  /** Own events the hub does not hold yet. */
  readonly waiting: number;
  readonly lastSuccessAt: string | null;
  readonly lastError: string | null;
  /** The push under way, if any. */
  readonly progress: { readonly done: number; readonly total: number } | null;
  /** Scans and photos of this unit's dossiers the hub does not hold in full yet. */
  readonly filesWaiting: number;
}
