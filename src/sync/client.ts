// The node's HTTP client to the hub: Brotli-compressed JSON bodies, every request signed with
// the node's key and a fresh counter, an explicit timeout on every request, answers checked
// against the protocol schemas. Failures come back as SyncTransportError: a timeout or a
// broken connection (retry with a smaller batch), or a refusal with its kind.
import type { z } from 'zod';
import {
  attachmentChunkResponseSchema,
  attachmentOfferResponseSchema,
  attachmentFetchResponseSchema,
  type attachmentChunkSchema,
  type attachmentFetchSchema,
  type attachmentOfferSchema,
  encodeSyncBody,
  enrolResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  restoreResponseSchema,
  statusResponseSchema,
  syncRefusals,
  type SyncRefusalKind,
  type WireEvent,
} from '../domain/sync-protocol.js';
import { signRequest, type NodeKey } from './keys.js';

export class SyncTransportError extends Error {
  readonly kind: 'timeout' | 'network' | 'refused' | 'protocol';
  readonly refusal: SyncRefusalKind | undefined;
  readonly ack: number | undefined;
  constructor(
    kind: 'timeout' | 'network' | 'refused' | 'protocol',
    message: string,
    refusal?: { kind: SyncRefusalKind; ack?: number },
  ) {
    super(message);
    this.name = 'SyncTransportError';
    this.kind = kind;
    this.refusal = refusal?.kind;
    this.ack = refusal?.ack;
  }
}

export interface HubClientOptions {
  readonly hubUrl: string;
  readonly key: NodeKey;
  /** The next request counter (strictly increasing, persisted by the caller). */
  readonly nextCounter: () => Promise<number>;
  readonly clock: () => Date;
  readonly timeoutMs: number;
}

export interface HubClient {
  enrol(input: { token: string; unitCode: string }): Promise<z.output<typeof enrolResponseSchema>>;
  push(events: readonly WireEvent[], backlog: number): Promise<z.output<typeof pushResponseSchema>>;
  /** A push encoded now (so that it can be made ready while another is in flight), signed
   * and sent when called. */
  preparePush(
    events: readonly WireEvent[],
    pull?: { after: number; limit: number },
  ): (backlog: number) => Promise<z.output<typeof pushResponseSchema>>;
  /** `backlog`: the node's events still waiting to be pushed, shown on the hub's node page. */
  pull(after: number, limit: number, backlog: number): Promise<z.output<typeof pullResponseSchema>>;
  restore(after: number, limit: number): Promise<z.output<typeof restoreResponseSchema>>;
  status(): Promise<z.output<typeof statusResponseSchema>>;
  offerAttachments(
    input: z.input<typeof attachmentOfferSchema>,
  ): Promise<z.output<typeof attachmentOfferResponseSchema>>;
  sendAttachmentChunk(
    input: z.input<typeof attachmentChunkSchema>,
  ): Promise<z.output<typeof attachmentChunkResponseSchema>>;
  fetchAttachmentChunk(
    input: z.input<typeof attachmentFetchSchema>,
  ): Promise<z.output<typeof attachmentFetchResponseSchema>>;
}

export function createHubClient(options: HubClientOptions): HubClient {
  const base = options.hubUrl.replace(/\/$/, '');

  async function call<S extends z.ZodType>(
    path: string,
    body: unknown,
    schema: S,
    extra: { signed: boolean; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<z.output<S>> {
    return send(path, encodeSyncBody(JSON.stringify(body)), schema, extra);
  }

  async function send<S extends z.ZodType>(
    path: string,
    encoded: ReturnType<typeof encodeSyncBody>,
    schema: S,
    extra: { signed: boolean; headers?: Record<string, string>; timeoutMs?: number },
  ): Promise<z.output<S>> {
    const { body: compressed, encoding } = encoded;
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'content-encoding': encoding,
      'accept-encoding': 'br, gzip',
      ...extra.headers,
    };
    if (extra.signed)
      Object.assign(
        headers,
        signRequest(options.key, {
          method: 'POST',
          path,
          counter: await options.nextCounter(),
          time: options.clock().toISOString(),
          body: compressed,
        }),
      );
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, {
        method: 'POST',
        headers,
        body: compressed,
        signal: AbortSignal.timeout(extra.timeoutMs ?? options.timeoutMs),
      });
    } catch (error) {
      const timeout =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      throw new SyncTransportError(
        timeout ? 'timeout' : 'network',
        error instanceof Error ? error.message : String(error),
      );
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      throw new SyncTransportError(
        'network',
        `the answer broke off: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new SyncTransportError(
        'network',
        `the answer is not JSON (${response.status}); cut short?`,
      );
    }
    if (!response.ok) {
      const error = (json as { error?: { kind?: string; message?: string; ack?: number } }).error;
      const kind = error?.kind;
      if (kind !== undefined && Object.hasOwn(syncRefusals, kind))
        throw new SyncTransportError('refused', error?.message ?? kind, {
          kind: kind as SyncRefusalKind,
          ...(typeof error?.ack === 'number' ? { ack: error.ack } : {}),
        });
      throw new SyncTransportError(
        response.status >= 500 ? 'network' : 'protocol',
        `HTTP ${response.status}: ${error?.message ?? text.slice(0, 200)}`,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new SyncTransportError(
        'protocol',
        'the hub answered something the protocol does not allow',
      );
    return parsed.data;
  }

  return {
    enrol: (input) =>
      call('/sync/v1/enrol', { ...input, publicKey: options.key.publicKey }, enrolResponseSchema, {
        signed: false,
      }),
    push: (events, backlog) =>
      call('/sync/v1/push', { events }, pushResponseSchema, {
        signed: true,
        headers: { 'x-motcua-backlog': String(backlog) },
      }),
    preparePush: (events, pull) => {
      const encoded = encodeSyncBody(
        JSON.stringify(pull === undefined ? { events } : { events, pull }),
      );
      return (backlog) =>
        send('/sync/v1/push', encoded, pushResponseSchema, {
          signed: true,
          headers: { 'x-motcua-backlog': String(backlog) },
        });
    },
    pull: (after, limit, backlog) =>
      call('/sync/v1/pull', { after, limit }, pullResponseSchema, {
        signed: true,
        headers: { 'x-motcua-backlog': String(backlog) },
      }),
    restore: (after, limit) =>
      call('/sync/v1/restore', { after, limit }, restoreResponseSchema, { signed: true }),
    status: () => call('/sync/v1/status', {}, statusResponseSchema, { signed: true }),
    offerAttachments: (input) =>
      call('/sync/v1/attachments/offer', input, attachmentOfferResponseSchema, { signed: true }),
    sendAttachmentChunk: (input) =>
      call('/sync/v1/attachments/chunk', input, attachmentChunkResponseSchema, { signed: true }),
    fetchAttachmentChunk: (input) =>
      call('/sync/v1/attachments/fetch', input, attachmentFetchResponseSchema, { signed: true }),
  };
}
