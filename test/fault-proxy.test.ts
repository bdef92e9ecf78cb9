// The fault proxy's own contract: for each fault, what the client sees and what the target
// received, then keep-alive, concurrency, disconnects, and a close() that leaves nothing open.
// Timings are asserted as lower bounds (a delay of ms took at least ms), which a busy machine
// cannot break; the one upper bound, that a 15 s hold was released early, has seconds to spare.
import fc from 'fast-check';
import { Agent, createServer, request, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cycle,
  faultArbitrary,
  scheduleArbitrary,
  startFaultProxy,
  stepArbitrary,
  type Fault,
  type FaultPlan,
  type FaultProxy,
} from './fault-proxy.js';

// ---- a target that records what reached it ----------------------------------------------------

interface Arrival {
  readonly method: string;
  readonly path: string;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  /** False when the connection was cut before the declared body had arrived. */
  readonly complete: boolean;
  readonly declaredLength: number | undefined;
  /** performance.now() when the head arrived. */
  readonly at: number;
}

interface Target {
  readonly url: string;
  readonly arrivals: Arrival[];
  /** Resolves once `count` requests have finished arriving, complete or cut. */
  arrived(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Echoes the body with status 200 and `X-Arrival: <n>` (its 1-based arrival number), except:
 * `/chunked` answers without a Content-Length, `/no-content` answers 204, `/hangup` cuts the
 * connection instead of answering.
 */
async function startTarget(): Promise<Target> {
  const arrivals: Arrival[] = [];
  const waiting: { count: number; resolve: () => void }[] = [];
  const record = (arrival: Arrival): void => {
    arrivals.push(arrival);
    for (const waiter of waiting.filter((w) => arrivals.length >= w.count)) {
      waiting.splice(waiting.indexOf(waiter), 1);
      waiter.resolve();
    }
  };
  const server = createServer((req, res) => {
    const at = performance.now();
    const chunks: Buffer[] = [];
    const declared = req.headers['content-length'];
    const base = {
      method: req.method ?? '',
      path: req.url ?? '',
      rawHeaders: req.rawHeaders,
      declaredLength: declared === undefined ? undefined : Number(declared),
      at,
    };
    let ended = false;
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('error', () => undefined);
    req.on('close', () => {
      if (!ended) record({ ...base, body: Buffer.concat(chunks), complete: false });
    });
    req.on('end', () => {
      ended = true;
      const body = Buffer.concat(chunks);
      record({ ...base, body, complete: true });
      const arrival = String(arrivals.length);
      if (req.url === '/hangup') {
        req.socket.destroy();
      } else if (req.url === '/no-content') {
        res.writeHead(204, { 'X-Arrival': arrival }).end();
      } else if (req.url === '/chunked') {
        res.writeHead(200, { 'X-Arrival': arrival, 'Content-Type': 'application/octet-stream' });
        res.write(body.subarray(0, 1));
        res.end(body.subarray(1));
      } else {
        res.writeHead(200, { 'X-Arrival': arrival, 'Content-Type': 'application/octet-stream' });
        res.end(body);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    arrivals,
    arrived: (count) =>
      arrivals.length >= count
        ? Promise.resolve()
        : new Promise((resolve) => waiting.push({ count, resolve })),
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

// ---- clients ----------------------------------------------------------------------------------

interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** Node's http client; rejects on a connection error or an answer cut short. */
function httpRequest(
  url: string,
  options: {
    readonly method?: string;
    readonly headers?: readonly string[];
    readonly body?: Buffer;
    readonly agent?: Agent;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const client = request(url, {
      method: options.method ?? 'POST',
      // An array is sent exactly as given (no Host added), which the header tests rely on.
      ...(options.headers === undefined ? {} : { headers: [...options.headers] }),
      agent: options.agent ?? false,
    });
    client.on('error', reject);
    client.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('close', () => {
        if (!response.complete) reject(new Error('answer cut short'));
      });
      response.on('end', () => {
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(chunks),
        });
      });
    });
    client.end(options.body);
  });
}

/** Node's fetch (undici, keep-alive); rejects on a connection error or an answer cut short. */
async function fetchReply(url: string, init: RequestInit = {}): Promise<Reply> {
  const response = await fetch(url, { method: 'POST', ...init });
  const body = Buffer.from(await response.arrayBuffer());
  const headers: IncomingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { status: response.status, headers, body };
}

type Outcome = { readonly ok: true; readonly reply: Reply } | { readonly ok: false };

async function outcome(reply: Promise<Reply>): Promise<Outcome> {
  try {
    return { ok: true, reply: await reply };
  } catch {
    return { ok: false };
  }
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await sleep(2);
}

// ---- fixtures ---------------------------------------------------------------------------------

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((resource) => resource.close()));
});

async function setup(plan: FaultPlan = []): Promise<{ target: Target; proxy: FaultProxy }> {
  const target = await startTarget();
  const proxy = await startFaultProxy({ target: target.url, plan });
  open.push(proxy, target);
  return { target, proxy };
}

const payload = Buffer.from('0123456789');
const one = (fault: Fault): FaultPlan => [fault];

const faultKinds: readonly Fault['kind'][] = [
  'pass',
  'drop_request',
  'drop_response',
  'delay',
  'truncate_request',
  'truncate_response',
  'duplicate_request',
  'reorder',
];

// ---- tests ------------------------------------------------------------------------------------

describe('fault proxy: pass', () => {
  it('forwards the raw body and the end-to-end headers verbatim, and answers verbatim', async () => {
    const { target, proxy } = await setup();
    const body = gzipSync(JSON.stringify({ events: [1, 2, 3] }));
    const host = new URL(proxy.url).host;
    const sent = [
      'Host',
      host,
      'X-Signature',
      'ed25519=AbC+/=',
      'content-encoding',
      'gzip',
      'X-Repeated',
      'a',
      'X-Repeated',
      'b',
      'Content-Length',
      String(body.length),
    ];

    const reply = await httpRequest(`${proxy.url}/api/sync/push?since=7`, {
      headers: [...sent, 'Connection', 'keep-alive', 'Keep-Alive', 'timeout=5'],
      body,
    });

    expect(reply.status).toBe(200);
    expect(reply.body.equals(body)).toBe(true);
    expect(reply.headers['x-arrival']).toBe('1');
    const [arrival] = target.arrivals;
    expect(arrival?.method).toBe('POST');
    expect(arrival?.path).toBe('/api/sync/push?since=7');
    expect(arrival?.body.equals(body)).toBe(true);
    // Hop-by-hop headers belong to the proxy's own connection; everything else is the client's.
    expect(withoutConnectionHeaders(arrival?.rawHeaders ?? [])).toEqual(sent);
    expect(proxy.stats()).toMatchObject({
      received: 1,
      forwarded: 1,
      answered: 1,
      applied: { pass: 1 },
      internalErrors: [],
      bytes: {
        clientToProxy: body.length,
        proxyToTarget: body.length,
        targetToProxy: body.length,
        proxyToClient: body.length,
      },
    });
  });

  it('sends a chunked body on with its length, and a chunked answer back with its length', async () => {
    const { target, proxy } = await setup();
    const reply = await new Promise<Reply>((resolve, reject) => {
      const client = request(`${proxy.url}/chunked`, { method: 'POST', agent: false });
      client.on('error', reject);
      client.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          resolve({ status: 200, headers: response.headers, body: Buffer.concat(chunks) });
        });
      });
      // Two writes without a Content-Length make Node send the body chunked.
      client.write(payload.subarray(0, 4));
      client.end(payload.subarray(4));
    });

    expect(reply.body.equals(payload)).toBe(true);
    expect(reply.headers['content-length']).toBe(String(payload.length));
    expect(reply.headers['transfer-encoding']).toBeUndefined();
    expect(target.arrivals[0]?.declaredLength).toBe(payload.length);
    expect(target.arrivals[0]?.body.equals(payload)).toBe(true);
  });
});

describe('fault proxy: drop_request', () => {
  it('never forwards, and cuts the client', async () => {
    const { target, proxy } = await setup(one({ kind: 'drop_request' }));

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();

    expect(target.arrivals).toHaveLength(0);
    expect(proxy.stats()).toMatchObject({
      forwarded: 0,
      answered: 0,
      applied: { drop_request: 1 },
    });
  });

  it('cuts the client only after afterMs', async () => {
    const { proxy } = await setup(one({ kind: 'drop_request', afterMs: 80 }));
    const started = performance.now();

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();

    // Timers may fire up to 1 ms early against performance.now().
    expect(performance.now() - started).toBeGreaterThanOrEqual(79);
  });

  it('leaves the client waiting until it gives up', async () => {
    const { target, proxy } = await setup(one({ kind: 'drop_request', afterMs: 60_000 }));
    const giveUp = new AbortController();

    const reply = fetchReply(proxy.url, { body: payload, signal: giveUp.signal });
    // Gives up once the proxy holds the whole request, not on a timer a slow machine could beat.
    await until(() => proxy.stats().bytes.clientToProxy === payload.length);
    giveUp.abort();

    await expect(reply).rejects.toThrow(/abort/i);
    expect(target.arrivals).toHaveLength(0);
    expect(proxy.stats().inFlight).toBe(1);
  });
});

describe('fault proxy: drop_response', () => {
  it('lets the target apply the request but cuts the client before any answer', async () => {
    const { target, proxy } = await setup(one({ kind: 'drop_response' }));

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();

    expect(target.arrivals).toHaveLength(1);
    expect(target.arrivals[0]?.complete).toBe(true);
    expect(target.arrivals[0]?.body.equals(payload)).toBe(true);
    expect(proxy.stats()).toMatchObject({
      forwarded: 1,
      answered: 0,
      applied: { drop_response: 1 },
    });
  });

  it('does so with Node http too, whose keep-alive agent then recovers on a new connection', async () => {
    const { target, proxy } = await setup(one({ kind: 'drop_response' }));
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await expect(httpRequest(proxy.url, { body: payload, agent })).rejects.toThrow();
      const reply = await httpRequest(proxy.url, { body: payload, agent });

      expect(reply.headers['x-arrival']).toBe('2');
      expect(target.arrivals).toHaveLength(2);
      expect(proxy.stats().connections).toBe(2);
    } finally {
      agent.destroy();
    }
  });
});

describe('fault proxy: delay', () => {
  it('delays the request: the target sees it at least ms later', async () => {
    const { target, proxy } = await setup(one({ kind: 'delay', ms: 100, where: 'request' }));
    const started = performance.now();

    const reply = await fetchReply(proxy.url, { body: payload });

    expect(reply.body.equals(payload)).toBe(true);
    expect((target.arrivals[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(99);
    expect(proxy.stats().applied).toMatchObject({ delay: 1, pass: 0 });
  });

  it('delays the response: the client hears at least ms after the target answered', async () => {
    const { target, proxy } = await setup(one({ kind: 'delay', ms: 100, where: 'response' }));

    const reply = await fetchReply(proxy.url, { body: payload });

    expect(reply.body.equals(payload)).toBe(true);
    expect(performance.now() - (target.arrivals[0]?.at ?? Infinity)).toBeGreaterThanOrEqual(99);
  });
});

describe('fault proxy: truncate_request', () => {
  it('sends the original length but only keepBytes of the body, then cuts', async () => {
    const { target, proxy } = await setup(one({ kind: 'truncate_request', keepBytes: 4 }));

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();
    await target.arrived(1);

    expect(target.arrivals[0]).toMatchObject({ complete: false, declaredLength: payload.length });
    expect(target.arrivals[0]?.body.toString()).toBe('0123');
    expect(proxy.stats()).toMatchObject({ forwarded: 1, applied: { truncate_request: 1 } });
  });

  it('keeps the body short even when keepBytes is larger than the body', async () => {
    const { target, proxy } = await setup(one({ kind: 'truncate_request', keepBytes: 1000 }));

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();
    await target.arrived(1);

    expect(target.arrivals[0]?.complete).toBe(false);
    expect(target.arrivals[0]?.body.toString()).toBe('012345678');
  });

  it('drops a request that has no body to cut', async () => {
    const { target, proxy } = await setup(one({ kind: 'truncate_request', keepBytes: 0 }));

    await expect(fetchReply(proxy.url, { method: 'GET' })).rejects.toThrow();

    expect(target.arrivals).toHaveLength(0);
  });
});

describe('fault proxy: truncate_response', () => {
  it('sends the status and headers and keepBytes of the body, then cuts', async () => {
    const { target, proxy } = await setup(one({ kind: 'truncate_response', keepBytes: 3 }));

    const response = await fetch(proxy.url, { method: 'POST', body: payload });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-length')).toBe(String(payload.length));
    await expect(response.arrayBuffer()).rejects.toThrow();

    expect(target.arrivals).toHaveLength(1);
    expect(target.arrivals[0]?.complete).toBe(true);
    expect(proxy.stats()).toMatchObject({
      answered: 0,
      applied: { truncate_response: 1 },
      bytes: { proxyToClient: 3 },
    });
  });

  it('cuts a chunked answer short too, for Node http', async () => {
    const { proxy } = await setup(one({ kind: 'truncate_response', keepBytes: 0 }));

    await expect(httpRequest(`${proxy.url}/chunked`, { body: payload })).rejects.toThrow();
  });

  it('gives no answer at all when there is no body to cut', async () => {
    const { target, proxy } = await setup(one({ kind: 'truncate_response', keepBytes: 0 }));

    await expect(fetchReply(`${proxy.url}/no-content`, { body: payload })).rejects.toThrow();

    expect(target.arrivals).toHaveLength(1);
  });
});

describe('fault proxy: duplicate_request', () => {
  it('forwards the same bytes twice and answers with the second answer', async () => {
    const { target, proxy } = await setup(one({ kind: 'duplicate_request' }));

    const reply = await httpRequest(proxy.url, {
      headers: [
        'Host',
        new URL(proxy.url).host,
        'X-Signature',
        'sig',
        'Content-Length',
        String(payload.length),
      ],
      body: payload,
    });

    expect(reply.headers['x-arrival']).toBe('2');
    expect(target.arrivals).toHaveLength(2);
    const [first, second] = target.arrivals;
    expect(second?.rawHeaders).toEqual(first?.rawHeaders);
    expect(first?.body.equals(payload)).toBe(true);
    expect(second?.body.equals(payload)).toBe(true);
    expect(proxy.stats()).toMatchObject({
      forwarded: 2,
      answered: 1,
      applied: { duplicate_request: 1 },
    });
  });
});

describe('fault proxy: reorder', () => {
  it('holds a request until the next one has reached the target', async () => {
    const holdMs = 15_000;
    const { target, proxy } = await setup([{ kind: 'reorder', holdMs }]);
    const started = performance.now();

    const first = fetchReply(`${proxy.url}/first`, { body: Buffer.from('first') });
    await until(() => proxy.stats().received === 1);
    const second = await fetchReply(`${proxy.url}/second`, { body: Buffer.from('second') });
    const firstReply = await first;

    expect(target.arrivals.map((arrival) => arrival.path)).toEqual(['/second', '/first']);
    expect(second.headers['x-arrival']).toBe('1');
    expect(firstReply.headers['x-arrival']).toBe('2');
    expect(firstReply.body.toString()).toBe('first');
    // Released by the overtaking request, not by the timer.
    expect(performance.now() - started).toBeLessThan(holdMs);
    expect(proxy.stats().applied).toMatchObject({ reorder: 1, pass: 1 });
  });

  it('forwards after holdMs when no request comes to overtake it', async () => {
    const { target, proxy } = await setup(one({ kind: 'reorder', holdMs: 80 }));
    const started = performance.now();

    await fetchReply(proxy.url, { body: payload });

    expect((target.arrivals[0]?.at ?? 0) - started).toBeGreaterThanOrEqual(79);
  });
});

describe('fault proxy: plans', () => {
  it('consumes a schedule in order, then lets every request pass', async () => {
    const { target, proxy } = await setup([
      [{ kind: 'drop_response' }],
      [{ kind: 'duplicate_request' }, { kind: 'delay', ms: 1, where: 'response' }],
    ]);

    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await outcome(fetchReply(proxy.url)));

    expect(results.map((result) => result.ok)).toEqual([false, true, true, true]);
    expect(target.arrivals).toHaveLength(5);
    expect(proxy.stats().applied).toMatchObject({
      drop_response: 1,
      duplicate_request: 1,
      delay: 1,
      pass: 2,
    });
  });

  it('repeats a schedule with cycle()', async () => {
    const { proxy } = await setup(cycle([{ kind: 'pass' }, { kind: 'drop_request' }]));

    const results = [];
    for (let i = 0; i < 4; i += 1) results.push(await outcome(fetchReply(proxy.url)));

    expect(results.map((result) => result.ok)).toEqual([true, false, true, false]);
  });

  it('starts a new schedule from its first step after setPlan', async () => {
    const { proxy } = await setup();
    await fetchReply(proxy.url);

    proxy.setPlan([{ kind: 'drop_request' }]);

    expect((await outcome(fetchReply(proxy.url))).ok).toBe(false);
    expect((await outcome(fetchReply(proxy.url))).ok).toBe(true);
  });

  it('asks a function plan with the request index, method and path', async () => {
    const asked: string[] = [];
    const { proxy } = await setup((index, { method, path }) => {
      asked.push(`${index} ${method} ${path}`);
      return path === '/drop' ? { kind: 'drop_request' } : [];
    });

    await fetchReply(`${proxy.url}/a?x=1`, { method: 'GET' });
    expect((await outcome(fetchReply(`${proxy.url}/drop`))).ok).toBe(false);

    expect(asked).toEqual(['0 GET /a?x=1', '1 POST /drop']);
  });

  it('reports a fault it cannot apply instead of crashing', async () => {
    const { target, proxy } = await setup(one({ kind: 'delay', ms: -1, where: 'request' }));

    expect((await outcome(fetchReply(proxy.url))).ok).toBe(false);

    expect(target.arrivals).toHaveLength(0);
    expect(proxy.stats().internalErrors).toHaveLength(1);
  });
});

describe('fault proxy: any single step', () => {
  it('does to the target and the client what its faults say', async () => {
    const { target, proxy } = await setup();
    await fc.assert(
      fc.asyncProperty(stepArbitrary({ maxMs: 5, maxKeepBytes: 16 }), async (step) => {
        target.arrivals.length = 0;
        proxy.setPlan([step]);
        const has = (kind: Fault['kind']): boolean => step.some((fault) => fault.kind === kind);
        const duplicates = step.filter((fault) => fault.kind === 'duplicate_request').length;

        const result = await outcome(fetchReply(proxy.url, { body: payload }));

        const reachesTarget = !has('drop_request');
        const forwardedWhole = reachesTarget && !has('truncate_request');
        const answered = forwardedWhole && !has('drop_response') && !has('truncate_response');
        await target.arrived(reachesTarget ? (forwardedWhole ? 1 + duplicates : 1) : 0);
        expect(result.ok).toBe(answered);
        if (result.ok) expect(result.reply.body.equals(payload)).toBe(true);
        expect(target.arrivals.filter((arrival) => arrival.complete)).toHaveLength(
          forwardedWhole ? 1 + duplicates : 0,
        );
        expect(target.arrivals.filter((arrival) => !arrival.complete)).toHaveLength(
          reachesTarget && !forwardedWhole ? 1 : 0,
        );
        await until(() => proxy.stats().inFlight === 0);
      }),
      { numRuns: 60 },
    );
    expect(proxy.stats().internalErrors).toEqual([]);
    expect(proxy.stats().upstreamErrors).toBe(0);
  });

  it('generates schedules of valid faults', () => {
    fc.assert(
      fc.property(scheduleArbitrary(), (schedule) => {
        for (const fault of schedule.flat()) {
          expect(faultKinds).toContain(fault.kind);
        }
      }),
    );
    const kinds = new Set(fc.sample(faultArbitrary(), 500).map((fault) => fault.kind));
    expect([...kinds].sort()).toEqual([...faultKinds].sort());
  });
});

describe('fault proxy: connections', () => {
  it('keeps one connection alive for sequential requests from a Node agent', async () => {
    const { target, proxy } = await setup();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; i < 5; i += 1) await httpRequest(proxy.url, { body: payload, agent });
    } finally {
      agent.destroy();
    }

    expect(target.arrivals).toHaveLength(5);
    expect(proxy.stats().connections).toBe(1);
  });

  it('reuses connections for sequential requests from fetch', async () => {
    const { proxy } = await setup();

    for (let i = 0; i < 10; i += 1) await fetchReply(proxy.url, { body: payload });

    // undici opens a second connection for its second request even to a plain Node server,
    // then keeps reusing them; a proxy that broke keep-alive would show 10.
    expect(proxy.stats().connections).toBeLessThanOrEqual(2);
  });

  it('carries 50 requests in parallel, each with its own answer', async () => {
    const { target, proxy } = await setup();
    const bodies = Array.from({ length: 50 }, (_, i) => Buffer.from(`request ${i}`));

    const replies = await Promise.all(bodies.map((body) => fetchReply(proxy.url, { body })));

    replies.forEach((reply, i) => {
      expect(reply.body.toString()).toBe(`request ${i}`);
    });
    expect(target.arrivals).toHaveLength(50);
    expect(proxy.stats()).toMatchObject({
      received: 50,
      forwarded: 50,
      answered: 50,
      inFlight: 0,
      internalErrors: [],
    });
  });

  it('applies a cycle of faults to 50 parallel requests', async () => {
    const { target, proxy } = await setup(
      cycle([{ kind: 'pass' }, { kind: 'drop_response' }, { kind: 'duplicate_request' }]),
    );

    const results = await Promise.all(
      Array.from({ length: 50 }, () => outcome(fetchReply(proxy.url, { body: payload }))),
    );

    // Requests 0, 3, … 48 pass (17); 1, 4, … 49 lose their answer (17); 2, 5, … 47 go twice (16).
    expect(results.filter((result) => result.ok)).toHaveLength(33);
    expect(target.arrivals).toHaveLength(17 + 17 + 2 * 16);
    expect(proxy.stats().internalErrors).toEqual([]);
  });
});

describe('fault proxy: disconnects', () => {
  it('cuts the client when the target hangs up, and carries on', async () => {
    const { proxy } = await setup();

    await expect(fetchReply(`${proxy.url}/hangup`, { body: payload })).rejects.toThrow();
    const reply = await fetchReply(proxy.url, { body: payload });

    expect(reply.status).toBe(200);
    expect(proxy.stats()).toMatchObject({ upstreamErrors: 1, internalErrors: [] });
  });

  it('cuts the client when the target is down', async () => {
    const { target, proxy } = await setup();
    await target.close();

    await expect(fetchReply(proxy.url, { body: payload })).rejects.toThrow();

    expect(proxy.stats()).toMatchObject({ upstreamErrors: 1, internalErrors: [] });
  });

  it('still forwards a request whose client gave up waiting, and answers no one', async () => {
    // Long enough for the client to give up first even on a busy machine.
    const { target, proxy } = await setup(one({ kind: 'delay', ms: 500, where: 'response' }));
    const giveUp = new AbortController();

    const reply = fetchReply(proxy.url, { body: payload, signal: giveUp.signal });
    await target.arrived(1);
    giveUp.abort();

    await expect(reply).rejects.toThrow(/abort/i);
    await until(() => proxy.stats().inFlight === 0);
    expect(target.arrivals).toHaveLength(1);
    expect(proxy.stats()).toMatchObject({ answered: 0, internalErrors: [] });
  });

  it('never forwards a request whose client left in the middle of its body', async () => {
    const { target, proxy } = await setup();
    const url = new URL(proxy.url);

    const client = request({
      host: url.hostname,
      port: url.port,
      method: 'POST',
      headers: { 'Content-Length': '100' },
      agent: false,
    });
    client.on('error', () => undefined);
    client.write(payload);
    await until(() => proxy.stats().received === 1);
    client.destroy();
    await until(() => proxy.stats().inFlight === 0);

    expect(target.arrivals).toHaveLength(0);
    expect(proxy.stats()).toMatchObject({ forwarded: 0, clientAborts: 1, internalErrors: [] });
  });
});

describe('fault proxy: close', () => {
  it('ends pending waits and connections at once, and leaves nothing open', async () => {
    const before = await quietResources();
    expect(before).toMatchObject({ TCPServerWrap: 0, TCPSocketWrap: 0 });
    const target = await startTarget();
    open.push(target);
    const proxy = await startFaultProxy({
      target: target.url,
      plan: [
        { kind: 'drop_request', afterMs: 60_000 },
        { kind: 'delay', ms: 60_000, where: 'response' },
        { kind: 'reorder', holdMs: 60_000 },
      ],
    });
    const keepAlive = new Agent({ keepAlive: true });
    // Arrival order decides which client gets which fault; each one is left waiting a minute.
    const pending = [
      outcome(fetchReply(proxy.url, { body: payload })),
      outcome(httpRequest(proxy.url, { body: payload })),
      outcome(httpRequest(proxy.url, { body: payload, agent: keepAlive })),
    ];
    await until(() => proxy.stats().received === 3);
    await target.arrived(1);

    await proxy.close();
    await proxy.close();

    expect((await Promise.all(pending)).map((result) => result.ok)).toEqual([false, false, false]);
    expect(proxy.stats()).toMatchObject({ inFlight: 0, internalErrors: [] });
    await expect(httpRequest(proxy.url)).rejects.toThrow(/ECONNREFUSED/);
    keepAlive.destroy();
    await target.close();
    const after = await quietResources();
    expect(after).toMatchObject({ TCPServerWrap: 0, TCPSocketWrap: 0 });
    // The minute-long waits were cleared, not left to fire into a closed proxy.
    expect(after.Timeout).toBeLessThanOrEqual(before.Timeout);
  });
});

interface Resources {
  readonly TCPServerWrap: number;
  readonly TCPSocketWrap: number;
  readonly Timeout: number;
}

/**
 * The process's open servers, sockets and timers, once the TCP handles are all closed or 5 s
 * have passed: a closed handle stays listed until the event loop has run its close callback,
 * and the client's end of a connection the proxy cut closes a moment later.
 */
async function quietResources(): Promise<Resources> {
  const giveUpAt = performance.now() + 5000;
  for (;;) {
    const resources = process.getActiveResourcesInfo();
    const count = (name: string): number => resources.filter((kind) => kind === name).length;
    const counts = {
      TCPServerWrap: count('TCPServerWrap'),
      TCPSocketWrap: count('TCPSocketWrap'),
      Timeout: count('Timeout'),
    };
    const tcp = counts.TCPServerWrap + counts.TCPSocketWrap;
    if (tcp === 0 || performance.now() > giveUpAt) return counts;
    await sleep(5);
  }
}

function withoutConnectionHeaders(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] ?? '';
    if (!['connection', 'keep-alive'].includes(name.toLowerCase())) {
      kept.push(name, rawHeaders[i + 1] ?? '');
    }
  }
  return kept;
}
