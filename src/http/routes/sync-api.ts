// The hub's sync endpoints (/sync/v1/*). Bodies are JSON, Brotli- or gzip-compressed, read raw
// so that the signature is checked over exactly the bytes sent; every request but enrolment
// is signed by the node's key. Refusals answer `{ error: { code: 'sync_refused', kind, … } }`
// with the status of the kind (domain/sync-protocol.ts), and change nothing.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Services } from '../../application/services.js';
import {
  authenticateSyncRequest,
  enrolNode,
  handlePull,
  handlePush,
  handleRestore,
  nodeAck,
  SyncRefusedError,
} from '../../application/sync-hub.js';
import {
  handleAttachmentChunk,
  handleAttachmentFetch,
  handleAttachmentOffer,
} from '../../application/attachment-sync.js';
import {
  decodeSyncBody,
  encodeSyncBody,
  attachmentChunkSchema,
  attachmentFetchSchema,
  attachmentOfferSchema,
  enrolRequestSchema,
  pullRequestSchema,
  pushRequestSchema,
  restoreRequestSchema,
} from '../../domain/sync-protocol.js';
import { requestMeta } from '../context.js';

/** Largest body accepted as sent (compressed), and once decompressed. */
export const syncLimits = { wireBytes: 8 * 1024 * 1024, jsonBytes: 64 * 1024 * 1024 } as const;

function decode<S extends z.ZodType>(request: FastifyRequest, schema: S): z.output<S> {
  const raw = request.body;
  if (!Buffer.isBuffer(raw)) throw new SyncRefusedError('malformed', 'the body must be JSON');
  let text: string;
  try {
    const encoding = request.headers['content-encoding'];
    if (encoding !== undefined && encoding !== 'br' && encoding !== 'gzip')
      throw new SyncRefusedError('malformed', 'send the body as br, gzip or plain JSON');
    text = decodeSyncBody(raw, encoding, syncLimits.jsonBytes);
  } catch (error) {
    if (error instanceof SyncRefusedError) throw error;
    if (error instanceof RangeError)
      throw new SyncRefusedError('too_large', 'the body is too large once decompressed');
    throw new SyncRefusedError('malformed', 'the body cannot be decompressed (truncated?)');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new SyncRefusedError('malformed', 'the body is not valid JSON (truncated?)');
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SyncRefusedError(
      'malformed',
      `the body does not follow the protocol at ${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''}`,
    );
  }
  return parsed.data;
}

function refuse(reply: FastifyReply, error: SyncRefusedError): FastifyReply {
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({
      error: {
        code: 'sync_refused',
        kind: error.kind,
        message: error.message,
        ...(error.ack === undefined ? {} : { ack: error.ack }),
      },
    });
}

/**
 * Sends a JSON answer, Brotli-compressed when the node accepts it and it is worth it (a pull
 * that brings the catalogue or a transferred dossier down a weak link).
 */
function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown): FastifyReply {
  const json = JSON.stringify(value);
  const accepts = request.headers['accept-encoding'] ?? '';
  void reply.type('application/json; charset=utf-8');
  if (json.length < 1024 || !/\bbr\b/.test(accepts)) return reply.send(json);
  const { body, encoding } = encodeSyncBody(json);
  return reply.header('content-encoding', encoding).send(body);
}

function backlogOf(request: FastifyRequest): number | undefined {
  const value = Number(request.headers['x-motcua-backlog']);
  return Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export async function registerSyncRoutes(app: FastifyInstance, services: Services): Promise<void> {
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      'application/json',
      { parseAs: 'buffer', bodyLimit: syncLimits.wireBytes },
      (_request, body, done) => {
        done(null, body);
      },
    );
    scope.setErrorHandler((error, request, reply) => {
      if (error instanceof SyncRefusedError) return refuse(reply, error);
      const code = (error as { code?: string }).code;
      if (code === 'FST_ERR_CTP_BODY_TOO_LARGE')
        return refuse(reply, new SyncRefusedError('too_large', 'the body is over the limit'));
      if (code?.startsWith('FST_ERR_CTP') === true)
        return refuse(reply, new SyncRefusedError('malformed', 'send application/json'));
      request.log.error({ err: error }, 'sync request failed');
      return reply.code(500).send({ error: { code: 'internal', message: 'unexpected error' } });
    });

    const signed =
      (kind: 'push' | 'pull' | 'restore' | 'status' | 'attachment') =>
      async (request: FastifyRequest) =>
        authenticateSyncRequest(services, {
          method: request.method,
          path: request.url.split('?')[0] ?? request.url,
          headers: request.headers,
          body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
          kind,
          backlog: backlogOf(request),
        });
    const hubTime = () => services.clock().toISOString();

    scope.post('/sync/v1/enrol', async (request, reply) => {
      const input = decode(request, enrolRequestSchema);
      const result = await enrolNode(services, requestMeta(request), input);
      return reply.code(201).send(result);
    });

    scope.post('/sync/v1/push', async (request, reply) => {
      const node = await signed('push')(request);
      const { events, pull } = decode(request, pushRequestSchema);
      const result = await handlePush(services, node, events);
      const pulled = pull === undefined ? {} : { pull: await handlePull(services, node, pull) };
      return sendJson(request, reply, { ...result, ...pulled, hubTime: hubTime() });
    });

    scope.post('/sync/v1/pull', async (request, reply) => {
      const node = await signed('pull')(request);
      const input = decode(request, pullRequestSchema);
      const result = await handlePull(services, node, input);
      return sendJson(request, reply, { ...result, hubTime: hubTime() });
    });

    scope.post('/sync/v1/restore', async (request, reply) => {
      const node = await signed('restore')(request);
      const input = decode(request, restoreRequestSchema);
      return sendJson(request, reply, await handleRestore(services, node, input));
    });

    scope.post('/sync/v1/attachments/offer', async (request, reply) => {
      const node = await signed('attachment')(request);
      const input = decode(request, attachmentOfferSchema);
      return sendJson(request, reply, await handleAttachmentOffer(services, node, input));
    });

    scope.post('/sync/v1/attachments/chunk', async (request, reply) => {
      const node = await signed('attachment')(request);
      const input = decode(request, attachmentChunkSchema);
      return sendJson(request, reply, await handleAttachmentChunk(services, node, input));
    });

    scope.post('/sync/v1/attachments/fetch', async (request, reply) => {
      const node = await signed('attachment')(request);
      const input = decode(request, attachmentFetchSchema);
      return sendJson(request, reply, await handleAttachmentFetch(services, node, input));
    });

    scope.post('/sync/v1/status', async (request, reply) => {
      const node = await signed('status')(request);
      return sendJson(request, reply, { ack: await nodeAck(services, node), hubTime: hubTime() });
    });
  });
}
