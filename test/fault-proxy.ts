// An in-process HTTP proxy that puts a bad network between a node and the hub, for the sync tests
// of issue 4: it drops, delays, truncates, duplicates and reorders requests and responses, as a
// plan says, and counts what it did.
//
// Each request and each response is buffered whole before a fault is applied, so a fault can cut
// a body at an exact byte, forward the same bytes twice, or hold one request back until the next
// has reached the target. Bodies stay raw buffers (sync bodies are gzip) and end-to-end headers
// pass verbatim, in order and in case, because the hub verifies signatures over them. Only the
// hop-by-hop headers (RFC 9110 §7.6.1) are dropped: they describe one connection, and forwarding
// the target's `Connection: close` would break the client's keep-alive.
import fc from 'fast-check';
import {
  Agent,
  createServer,
  request,
  type IncomingMessage,
  type OutgoingMessage,
  type ServerResponse,
  type ClientRequest,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { readonly kind: 'pass' }
  /** Never forwarded; the client's connection is cut after `afterMs` (0 when absent). */
  | { readonly kind: 'drop_request'; readonly afterMs?: number }
  /** Forwarded and answered by the target, then the client's connection is cut. */
  | { readonly kind: 'drop_response' }
  | { readonly kind: 'delay'; readonly ms: number; readonly where: 'request' | 'response' }
  /** The target receives the headers and the first `keepBytes` of the body, then a cut. */
  | { readonly kind: 'truncate_request'; readonly keepBytes: number }
  /** The client receives the status, the headers and `keepBytes` of the body, then a cut. */
  | { readonly kind: 'truncate_response'; readonly keepBytes: number }
  /** Forwarded twice, one after the other; the client receives the second answer. */
  | { readonly kind: 'duplicate_request' }
  /** Held until the next request has been answered by the target, or for `holdMs` at most. */
  | { readonly kind: 'reorder'; readonly holdMs: number };

export type FaultKind = Fault['kind'];

/** The faults applied to one request; an empty list means `pass`. */
export type FaultStep = Fault | readonly Fault[];

/**
 * Steps for the requests in arrival order. A schedule is consumed once and every later request
 * passes: a sync client retries until it gets through, and a schedule that repeated forever
 * (every third request dropped, say) could keep it from ever finishing. Use `cycle` to repeat.
 */
export type FaultSchedule = readonly FaultStep[];

export interface RequestInfo {
  readonly method: string;
  /** Path and query string, as the client sent them. */
  readonly path: string;
}

/** A schedule, or a function of the request's index (from 0, since the proxy started). */
export type FaultPlan = FaultSchedule | ((requestIndex: number, request: RequestInfo) => FaultStep);

export interface FaultProxyOptions {
  /** The origin to forward to, `http://host:port`. */
  readonly target: string;
  readonly plan?: FaultPlan;
}

export interface FaultProxyStats {
  /** Client connections accepted; a keep-alive client sends many requests over one. */
  readonly connections: number;
  /** Requests whose head arrived from a client. */
  readonly received: number;
  /** Requests sent to the target, counting each copy of a duplicate and each truncated one. */
  readonly forwarded: number;
  /** Complete answers written to clients. */
  readonly answered: number;
  /** Requests the proxy is still working on (holding, delaying, forwarding, answering). */
  readonly inFlight: number;
  /** How many times each fault took effect; `pass` counts requests that went through clean. */
  readonly applied: Readonly<Record<FaultKind, number>>;
  /** Clients that went away before their request body was complete (never forwarded). */
  readonly clientAborts: number;
  /** Forwards that failed on the target's side: refused, reset, or cut mid-answer. */
  readonly upstreamErrors: number;
  /** Bugs in the proxy or its plan; a test should expect this to be empty. */
  readonly internalErrors: readonly string[];
  /** Body bytes (not headers) on each leg. */
  readonly bytes: {
    readonly clientToProxy: number;
    readonly proxyToTarget: number;
    readonly targetToProxy: number;
    readonly proxyToClient: number;
  };
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`; point the client here instead of at the target. */
  readonly url: string;
  /** Replaces the plan; a schedule starts again from its first step with the next request. */
  setPlan(plan: FaultPlan): void;
  stats(): FaultProxyStats;
  /** Stops listening, cuts every connection and pending wait; safe to call twice. */
  close(): Promise<void>;
}

/** Repeats a schedule: request i gets step i modulo its length. */
export function cycle(schedule: FaultSchedule): FaultPlan {
  return (requestIndex) =>
    schedule.length === 0 ? [] : (schedule[requestIndex % schedule.length] ?? []);
}

/** How a request will be treated, with several faults of one step folded together. */
interface Treatment {
  readonly requestDelays: readonly number[];
  readonly dropAfterMs: number | undefined;
  readonly holdMs: number | undefined;
  readonly truncateRequestTo: number | undefined;
  readonly duplicates: number;
  readonly dropResponse: boolean;
  readonly responseDelays: readonly number[];
  readonly truncateResponseTo: number | undefined;
}

/**
 * Folds a step into the order in which its faults can act on one exchange: request delays,
 * drop, hold, then the forward (truncated or duplicated), then drop response, response delays
 * and truncated answer. A fault that an earlier one makes moot (a response fault after a
 * dropped request) never takes effect and is not counted.
 */
function treatmentOf(step: FaultStep): Treatment {
  const faults: readonly Fault[] = 'kind' in step ? [step] : step;
  const requestDelays: number[] = [];
  const responseDelays: number[] = [];
  let dropAfterMs: number | undefined;
  let holdMs: number | undefined;
  let truncateRequestTo: number | undefined;
  let truncateResponseTo: number | undefined;
  let duplicates = 0;
  let dropResponse = false;
  for (const fault of faults) {
    switch (fault.kind) {
      case 'pass':
        break;
      case 'drop_request':
        dropAfterMs = Math.max(dropAfterMs ?? 0, duration(fault.afterMs ?? 0));
        break;
      case 'drop_response':
        dropResponse = true;
        break;
      case 'delay':
        (fault.where === 'request' ? requestDelays : responseDelays).push(duration(fault.ms));
        break;
      case 'truncate_request':
        truncateRequestTo = Math.min(truncateRequestTo ?? Infinity, byteCount(fault.keepBytes));
        break;
      case 'truncate_response':
        truncateResponseTo = Math.min(truncateResponseTo ?? Infinity, byteCount(fault.keepBytes));
        break;
      case 'duplicate_request':
        duplicates += 1;
        break;
      case 'reorder':
        holdMs = Math.max(holdMs ?? 0, duration(fault.holdMs));
        break;
    }
  }
  return {
    requestDelays,
    dropAfterMs,
    holdMs,
    truncateRequestTo,
    duplicates,
    dropResponse,
    responseDelays,
    truncateResponseTo,
  };
}

function duration(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`fault duration ${ms} ms`);
  return ms;
}

function byteCount(bytes: number): number {
  if (!Number.isInteger(bytes) || bytes < 0) throw new RangeError(`fault keepBytes ${bytes}`);
  return bytes;
}

/** The proxy is closing: whatever a request was waiting for will not happen. */
class ProxyClosed extends Error {}

/** The target refused, reset or cut the exchange; the client sees its connection cut too. */
class UpstreamFailure extends Error {}

interface Answer {
  readonly status: number;
  readonly statusMessage: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'transfer-encoding',
  'upgrade',
]);

/** Raw headers (name, value, name, value…) without the hop-by-hop ones. */
function endToEnd(rawHeaders: readonly string[]): string[] {
  const named = new Set(hopByHop);
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() !== 'connection') continue;
    for (const token of (rawHeaders[i + 1] ?? '').split(',')) named.add(token.trim().toLowerCase());
  }
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!named.has(name.toLowerCase())) kept.push(name, rawHeaders[i + 1] ?? '');
  }
  return kept;
}

function hasHeader(rawHeaders: readonly string[], name: string): boolean {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    if (rawHeaders[i]?.toLowerCase() === name) return true;
  }
  return false;
}

/**
 * A chunked body arrives here whole, so it is sent on with a Content-Length instead: then a
 * truncated copy is short of a declared length, which the target can detect.
 */
function framedHeaders(
  rawHeaders: readonly string[],
  bodyLength: number,
  mayHaveBody: boolean,
): string[] {
  const kept = endToEnd(rawHeaders);
  const wasChunked = hasHeader(rawHeaders, 'transfer-encoding');
  if (mayHaveBody && !hasHeader(kept, 'content-length') && (bodyLength > 0 || wasChunked)) {
    kept.push('Content-Length', String(bodyLength));
  }
  return kept;
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of message) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Resolves once everything written to the socket so far has been handed to the kernel. */
function flushed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) {
      resolve();
      return;
    }
    // A zero-length write's callback runs once the writes queued before it have been flushed.
    socket.write(Buffer.alloc(0), () => {
      resolve();
    });
  });
}

/** Sends the head and `part` of the body, then cuts the connection mid-message. */
async function writePartThenCut(
  message: OutgoingMessage,
  socket: Socket,
  part: Buffer,
): Promise<void> {
  // Without this an empty part would leave the head unsent, and the cut would look like a drop.
  message.flushHeaders();
  if (part.length > 0) message.write(part);
  await flushed(socket);
  socket.destroy();
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' || (target.pathname !== '/' && target.pathname !== '')) {
    throw new Error(`fault proxy target must be an http origin, got ${options.target}`);
  }
  const targetHost = target.hostname;
  const targetPort = target.port === '' ? 80 : Number(target.port);

  let plan: FaultPlan = options.plan ?? [];
  let planStart = 0;
  let nextIndex = 0;

  const counts = {
    connections: 0,
    received: 0,
    forwarded: 0,
    answered: 0,
    inFlight: 0,
    clientAborts: 0,
    upstreamErrors: 0,
  };
  const applied: Record<FaultKind, number> = {
    pass: 0,
    drop_request: 0,
    drop_response: 0,
    delay: 0,
    truncate_request: 0,
    truncate_response: 0,
    duplicate_request: 0,
    reorder: 0,
  };
  const bytes = { clientToProxy: 0, proxyToTarget: 0, targetToProxy: 0, proxyToClient: 0 };
  const internalErrors: string[] = [];

  // Everything close() must end: pending waits, client sockets, requests to the target. Each
  // wait is kept as the function that abandons it, in a plain set, because listeners on an
  // AbortSignal warn past ten and fifty parallel delayed requests are a normal test.
  const waits = new Set<() => void>();
  let closing = false;
  const clientSockets = new Set<Socket>();
  const upstreamRequests = new Set<ClientRequest>();
  let drained: (() => void) | undefined;

  // A fresh connection per forward: a reused one could be closed by the target while idle and
  // fail the next forward, which would be a fault nobody planned; and a truncation can cut its
  // own connection without touching another request's.
  const agent = new Agent({ keepAlive: false });

  // Reordering. Request i holds until request i+1 has finished with the target. `holders` are
  // the requests that will hold, `overtaken` the next requests that finished before their
  // predecessor began to hold, and `wakers` release a holder when its next request finishes.
  const holders = new Set<number>();
  const overtaken = new Set<number>();
  const wakers = new Map<number, () => void>();

  function doneWithTarget(index: number): void {
    const wake = wakers.get(index);
    if (wake !== undefined) wake();
    else if (holders.has(index - 1)) overtaken.add(index);
  }

  /** Resolves after `ms`, or earlier when request `wakeOn` has finished with the target. */
  function wait(ms: number, wakeOn?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (closing) {
        reject(new ProxyClosed());
        return;
      }
      const end = (): void => {
        clearTimeout(timer);
        waits.delete(abandon);
        if (wakeOn !== undefined) wakers.delete(wakeOn);
      };
      const wake = (): void => {
        end();
        resolve();
      };
      const abandon = (): void => {
        end();
        reject(new ProxyClosed());
      };
      const timer = setTimeout(wake, ms);
      waits.add(abandon);
      if (wakeOn !== undefined) wakers.set(wakeOn, wake);
    });
  }

  function holdUntilOvertaken(index: number, holdMs: number): Promise<void> {
    // The next request may have finished before this one was ready to hold.
    if (overtaken.delete(index + 1)) return Promise.resolve();
    return wait(holdMs, index + 1);
  }

  function stopIfClosing(): void {
    if (closing) throw new ProxyClosed();
  }

  function openUpstream(method: string, path: string, rawHeaders: readonly string[]) {
    stopIfClosing();
    const upstream = request({
      host: targetHost,
      port: targetPort,
      method,
      path,
      // An array is sent as is: names keep their case and order, and Host stays the client's.
      headers: [...rawHeaders],
      agent,
    });
    upstreamRequests.add(upstream);
    upstream.once('close', () => upstreamRequests.delete(upstream));
    counts.forwarded += 1;
    return upstream;
  }

  function forward(
    method: string,
    path: string,
    rawHeaders: readonly string[],
    body: Buffer,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const upstream = openUpstream(method, path, rawHeaders);
      const fail = (reason: string): void => {
        reject(new UpstreamFailure(reason));
      };
      upstream.on('error', (error) => {
        fail(error.message);
      });
      // After a complete answer this is a no-op; before one, the target went away.
      upstream.once('close', () => {
        fail('target closed the connection without a full answer');
      });
      upstream.once('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error) => {
          fail(error.message);
        });
        response.once('end', () => {
          const answerBody = Buffer.concat(chunks);
          bytes.targetToProxy += answerBody.length;
          resolve({
            status: response.statusCode ?? 502,
            statusMessage: response.statusMessage ?? '',
            rawHeaders: response.rawHeaders,
            body: answerBody,
          });
        });
      });
      bytes.proxyToTarget += body.length;
      upstream.end(body);
    });
  }

  function forwardTruncated(
    method: string,
    path: string,
    rawHeaders: readonly string[],
    part: Buffer,
  ): Promise<void> {
    return new Promise((resolve) => {
      const upstream = openUpstream(method, path, rawHeaders);
      // The cut is ours; what the target made of it is the point of the fault, not an error.
      upstream.on('error', () => undefined);
      upstream.on('response', (response) => response.resume());
      upstream.once('close', () => {
        resolve();
      });
      upstream.once('socket', (socket) => {
        const cut = (): void => {
          bytes.proxyToTarget += part.length;
          writePartThenCut(upstream, socket, part).then(
            () => undefined,
            () => socket.destroy(),
          );
        };
        if (socket.connecting) socket.once('connect', cut);
        else cut();
      });
    });
  }

  function cutClient(res: ServerResponse): void {
    res.socket?.destroy();
    res.destroy();
  }

  function clientGone(res: ServerResponse): boolean {
    return res.destroyed || res.socket === null || res.socket.destroyed;
  }

  /** Response headers for the client: the target's end-to-end ones, framed by length. */
  function answerHeaders(method: string, answer: Answer): string[] {
    const bodiless =
      method === 'HEAD' || answer.status === 204 || answer.status === 304 || answer.status < 200;
    return framedHeaders(answer.rawHeaders, answer.body.length, !bodiless);
  }

  async function answerFully(method: string, res: ServerResponse, answer: Answer): Promise<void> {
    if (clientGone(res)) return;
    const finished = new Promise<boolean>((resolve) => {
      res.once('finish', () => {
        resolve(true);
      });
      res.once('close', () => {
        resolve(false);
      });
    });
    res.writeHead(answer.status, answer.statusMessage, answerHeaders(method, answer));
    res.end(answer.body);
    if (await finished) {
      counts.answered += 1;
      bytes.proxyToClient += method === 'HEAD' ? 0 : answer.body.length;
    }
  }

  async function answerTruncated(
    method: string,
    res: ServerResponse,
    answer: Answer,
    keepBytes: number,
  ): Promise<void> {
    const socket = res.socket;
    if (clientGone(res) || socket === null) return;
    // An empty body cannot be cut short, and headers alone would be a complete answer, so the
    // client gets nothing at all, as with drop_response.
    if (answer.body.length === 0 || method === 'HEAD') {
      cutClient(res);
      return;
    }
    const part = answer.body.subarray(0, Math.min(keepBytes, answer.body.length - 1));
    res.writeHead(answer.status, answer.statusMessage, answerHeaders(method, answer));
    bytes.proxyToClient += part.length;
    await writePartThenCut(res, socket, part);
  }

  async function exchange(
    index: number,
    req: IncomingMessage,
    res: ServerResponse,
    step: FaultStep,
  ): Promise<void> {
    const treatment = treatmentOf(step);
    if (treatment.holdMs !== undefined) holders.add(index);
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    let faulted = false;
    let leftTarget = false;
    const finishWithTarget = (): void => {
      if (leftTarget) return;
      leftTarget = true;
      doneWithTarget(index);
    };
    try {
      let body: Buffer;
      try {
        body = await readBody(req);
      } catch {
        if (!closing) counts.clientAborts += 1;
        return;
      }
      bytes.clientToProxy += body.length;

      for (const ms of treatment.requestDelays) {
        await wait(ms);
        applied.delay += 1;
        faulted = true;
      }

      if (treatment.dropAfterMs !== undefined) {
        applied.drop_request += 1;
        finishWithTarget();
        await wait(treatment.dropAfterMs);
        cutClient(res);
        return;
      }

      if (treatment.holdMs !== undefined) {
        await holdUntilOvertaken(index, treatment.holdMs);
        holders.delete(index);
        applied.reorder += 1;
        faulted = true;
      }

      const headers = framedHeaders(req.rawHeaders, body.length, true);

      if (treatment.truncateRequestTo !== undefined) {
        applied.truncate_request += 1;
        // A request without a body cannot be cut short; it is dropped instead, so that the
        // target never sees it complete.
        if (body.length > 0) {
          const keep = Math.min(treatment.truncateRequestTo, body.length - 1);
          await forwardTruncated(method, path, headers, body.subarray(0, keep));
        }
        finishWithTarget();
        cutClient(res);
        return;
      }

      let answer = await forward(method, path, headers, body);
      for (let copy = 0; copy < treatment.duplicates; copy += 1) {
        answer = await forward(method, path, headers, body);
        applied.duplicate_request += 1;
        faulted = true;
      }
      finishWithTarget();

      if (treatment.dropResponse) {
        applied.drop_response += 1;
        cutClient(res);
        return;
      }

      for (const ms of treatment.responseDelays) {
        await wait(ms);
        applied.delay += 1;
        faulted = true;
      }

      if (treatment.truncateResponseTo !== undefined) {
        applied.truncate_response += 1;
        await answerTruncated(method, res, answer, treatment.truncateResponseTo);
        return;
      }

      if (!faulted) applied.pass += 1;
      await answerFully(method, res, answer);
    } catch (error) {
      if (error instanceof UpstreamFailure) counts.upstreamErrors += 1;
      else if (!(error instanceof ProxyClosed)) internalErrors.push(describe(error));
      cutClient(res);
    } finally {
      finishWithTarget();
      holders.delete(index);
      overtaken.delete(index + 1);
    }
  }

  const server = createServer((req, res) => {
    counts.received += 1;
    const index = nextIndex;
    nextIndex += 1;
    if (closing) {
      cutClient(res);
      return;
    }
    counts.inFlight += 1;
    const run = async (): Promise<void> => {
      try {
        const info: RequestInfo = { method: req.method ?? 'GET', path: req.url ?? '/' };
        // Chosen on arrival, before any await, so that a holder is registered before the
        // request that should overtake it can finish.
        const step =
          typeof plan === 'function' ? plan(index, info) : (plan[index - planStart] ?? []);
        await exchange(index, req, res, step);
      } finally {
        counts.inFlight -= 1;
        if (counts.inFlight === 0) drained?.();
      }
    };
    // exchange() handles its own failures; this catches a plan that throws or a bad fault.
    run().catch((error: unknown) => {
      internalErrors.push(describe(error));
      cutClient(res);
    });
  });
  server.on('connection', (socket: Socket) => {
    counts.connections += 1;
    clientSockets.add(socket);
    socket.once('close', () => clientSockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  let closed: Promise<void> | undefined;
  const close = async (): Promise<void> => {
    closing = true;
    for (const abandon of [...waits]) abandon();
    const serverClosed = new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
    for (const socket of clientSockets) socket.destroy();
    for (const upstream of upstreamRequests) upstream.destroy();
    agent.destroy();
    const idle =
      counts.inFlight === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            drained = resolve;
          });
    await Promise.all([serverClosed, idle]);
  };

  return {
    url: `http://127.0.0.1:${port}`,
    setPlan(next) {
      plan = next;
      planStart = nextIndex;
    },
    stats() {
      return {
        ...counts,
        applied: { ...applied },
        internalErrors: [...internalErrors],
        bytes: { ...bytes },
      };
    },
    close() {
      closed ??= close();
      return closed;
    },
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// ---- fast-check arbitraries -------------------------------------------------------------------

export interface FaultLimits {
  /** Longest delay, hold or wait before a drop, in ms (default 20: many runs stay fast). */
  readonly maxMs?: number;
  /** Largest keepBytes of a truncation (default 64). */
  readonly maxKeepBytes?: number;
  /** Most faults combined on one request (default 2). */
  readonly maxFaultsPerRequest?: number;
  /** Longest schedule (default 20). */
  readonly maxLength?: number;
}

/**
 * Any single fault. `pass` comes first so that fast-check shrinks a failing case towards fewer
 * faults, and weighs more so that a schedule still lets most requests through.
 */
export function faultArbitrary(limits: FaultLimits = {}): fc.Arbitrary<Fault> {
  const ms = fc.integer({ min: 0, max: limits.maxMs ?? 20 });
  const keepBytes = fc.integer({ min: 0, max: limits.maxKeepBytes ?? 64 });
  return fc.oneof(
    { arbitrary: fc.constant<Fault>({ kind: 'pass' }), weight: 4 },
    { arbitrary: ms.map((afterMs): Fault => ({ kind: 'drop_request', afterMs })), weight: 1 },
    { arbitrary: fc.constant<Fault>({ kind: 'drop_response' }), weight: 1 },
    {
      arbitrary: fc
        .tuple(ms, fc.constantFrom('request' as const, 'response' as const))
        .map(([delayMs, where]): Fault => ({ kind: 'delay', ms: delayMs, where })),
      weight: 1,
    },
    {
      arbitrary: keepBytes.map((keep): Fault => ({ kind: 'truncate_request', keepBytes: keep })),
      weight: 1,
    },
    {
      arbitrary: keepBytes.map((keep): Fault => ({ kind: 'truncate_response', keepBytes: keep })),
      weight: 1,
    },
    { arbitrary: fc.constant<Fault>({ kind: 'duplicate_request' }), weight: 1 },
    { arbitrary: ms.map((holdMs): Fault => ({ kind: 'reorder', holdMs })), weight: 1 },
  );
}

/** The faults for one request: one or a few combined (a delay and then a drop, say). */
export function stepArbitrary(limits: FaultLimits = {}): fc.Arbitrary<readonly Fault[]> {
  return fc.array(faultArbitrary(limits), {
    minLength: 1,
    maxLength: limits.maxFaultsPerRequest ?? 2,
  });
}

/** A schedule for `startFaultProxy({ plan })`: consumed in order, then every request passes. */
export function scheduleArbitrary(limits: FaultLimits = {}): fc.Arbitrary<FaultSchedule> {
  return fc.array(stepArbitrary(limits), { maxLength: limits.maxLength ?? 20 });
}
