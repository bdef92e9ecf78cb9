import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  beginChainVerification,
  canonicalJson,
  endChainVerification,
  hashEvent,
  verifyChain,
  verifyNextEvent,
  type ChainEvent,
  type ChainHead,
} from './event-chain.js';
import { GENESIS_HASH, type HashedEventFields } from './events.js';

const UNIT = '20242';

function buildFields(overrides: Partial<HashedEventFields> = {}): HashedEventFields {
  return {
    id: '0193f1a2-0000-7000-8000-000000000001',
    unitCode: UNIT,
    unitSeq: 1,
    type: 'account.created',
    entityType: 'account',
    entityId: 'acc-1',
    payload: { username: 'lan.nguyen', displayName: 'Nguyễn Thị Lan' },
    actorId: null,
    occurredAt: '2025-11-26T03:00:00.000Z',
    hlc: '001764126000000-0000-20242',
    prevHash: GENESIS_HASH,
    ...overrides,
  };
}

/** A valid chain of `n` events, each stored at local seq 10, 20, 30 … */
function buildChain(n: number): ChainEvent[] {
  const events: ChainEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const fields = buildFields({
      id: `0193f1a2-0000-7000-8000-${String(i).padStart(12, '0')}`,
      unitSeq: i,
      payload: { n: i },
      hlc: `001764126000000-${i.toString(16).padStart(4, '0')}-20242`,
      prevHash,
    });
    const hash = hashEvent(fields);
    events.push({ ...fields, hash, localSeq: i * 10 });
    prevHash = hash;
  }
  return events;
}

const headOf = (events: readonly ChainEvent[]): ChainHead => {
  const last = events.at(-1)!;
  return { unitSeq: last.unitSeq, hash: last.hash };
};

const summary = (problems: ReturnType<typeof verifyChain>) =>
  problems.map((p) => [p.kind, p.unitSeq ?? null]);

describe('hashEvent', () => {
  it('is SHA-256 of the canonical JSON of the hashed fields', () => {
    const fields = buildFields();
    const expected = createHash('sha256')
      .update(
        '{"actorId":null,"entityId":"acc-1","entityType":"account","hlc":"001764126000000-0000-20242",' +
          '"id":"0193f1a2-0000-7000-8000-000000000001","occurredAt":"2025-11-26T03:00:00.000Z",' +
          '"payload":{"displayName":"Nguyễn Thị Lan","username":"lan.nguyen"},' +
          `"prevHash":"${GENESIS_HASH}","type":"account.created","unitCode":"20242","unitSeq":1}`,
      )
      .digest('hex');
    expect(hashEvent(fields)).toBe(expected);
  });

  it('does not depend on key order or on extra properties', () => {
    const fields = buildFields({ payload: { b: 1, a: [1, { d: 2, c: 3 }] } });
    const reordered = { ...fields, payload: { a: [1, { c: 3, d: 2 }], b: 1 } };
    expect(hashEvent(reordered)).toBe(hashEvent(fields));
    expect(hashEvent({ ...fields, hash: 'x', seq: 9 } as HashedEventFields)).toBe(
      hashEvent(fields),
    );
  });

  it.each([
    ['id', { id: '0193f1a2-0000-7000-8000-000000000002' }],
    ['unitCode', { unitCode: '20243' }],
    ['unitSeq', { unitSeq: 2 }],
    ['type', { type: 'account.deleted' }],
    ['entityType', { entityType: 'dossier' }],
    ['entityId', { entityId: 'acc-2' }],
    ['payload', { payload: { username: 'lan.nguyen', displayName: 'Nguyen Thi Lan' } }],
    ['actorId', { actorId: 'acc-9' }],
    ['occurredAt', { occurredAt: '2025-11-26T03:00:00.001Z' }],
    ['hlc', { hlc: '001764126000000-0001-20242' }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ] as const)('changes when %s changes', (_field, change) => {
    expect(hashEvent(buildFields(change))).not.toBe(hashEvent(buildFields()));
  });

  it('refuses payloads JSON cannot carry', () => {
    expect(() => hashEvent(buildFields({ payload: undefined }))).toThrow(TypeError);
    expect(() => hashEvent(buildFields({ payload: { n: Number.NaN } }))).toThrow();
  });

  it('canonicalJson round-trips: the canonical text of parsed canonical text is itself', () => {
    const text = canonicalJson({ z: 1e21, a: 'Đà Nẵng', m: [0.1, -0, null, true] });
    expect(canonicalJson(JSON.parse(text))).toBe(text);
  });
});

describe('verifyChain', () => {
  it('accepts a valid chain and its head', () => {
    const events = buildChain(5);
    expect(verifyChain(UNIT, events, headOf(events))).toEqual([]);
  });

  it('accepts an empty chain with no head or a genesis head', () => {
    expect(verifyChain(UNIT, [], null)).toEqual([]);
    expect(verifyChain(UNIT, [], { unitSeq: 0, hash: GENESIS_HASH })).toEqual([]);
  });

  it('reports an altered field as a hash mismatch at that event only', () => {
    const events = buildChain(5);
    const head = headOf(events);
    events[2] = { ...events[2]!, payload: { n: 300 } };
    expect(summary(verifyChain(UNIT, events, head))).toEqual([['hash_mismatch', 3]]);
  });

  it('reports a re-hashed altered event as a broken link at the next event', () => {
    const events = buildChain(5);
    const head = headOf(events);
    const altered = { ...events[2]!, payload: { n: 300 } };
    events[2] = { ...altered, hash: hashEvent(altered) };
    expect(summary(verifyChain(UNIT, events, head))).toEqual([['broken_link', 4]]);
  });

  it('reports a removed middle event as a gap and a broken link', () => {
    const events = buildChain(5);
    const head = headOf(events);
    events.splice(2, 1);
    expect(summary(verifyChain(UNIT, events, head))).toEqual([
      ['sequence_gap', 4],
      ['broken_link', 4],
    ]);
  });

  it('reports a removed first event', () => {
    const events = buildChain(5);
    const head = headOf(events);
    events.shift();
    const problems = verifyChain(UNIT, events, head);
    expect(summary(problems)).toEqual([
      ['sequence_gap', 2],
      ['broken_link', 2],
    ]);
    expect(problems[1]!.detail).toMatch(/genesis/);
  });

  it('reports a removed last event through the head', () => {
    const events = buildChain(5);
    const head = headOf(events);
    events.pop();
    expect(summary(verifyChain(UNIT, events, head))).toEqual([['head_mismatch', 5]]);
  });

  it('reports events with no head', () => {
    expect(summary(verifyChain(UNIT, buildChain(2), null))).toEqual([['missing_head', null]]);
  });

  it('reports a head with no events', () => {
    expect(summary(verifyChain(UNIT, [], { unitSeq: 3, hash: 'a'.repeat(64) }))).toEqual([
      ['head_mismatch', 3],
    ]);
  });

  it('reports local storage order that disagrees with unitSeq', () => {
    const events = buildChain(5);
    const [e2, e3] = [events[1]!, events[2]!];
    events[1] = { ...e2, localSeq: e3.localSeq! };
    events[2] = { ...e3, localSeq: e2.localSeq! };
    expect(summary(verifyChain(UNIT, events, headOf(events)))).toEqual([['out_of_order', 3]]);
  });

  it('reports events given out of unitSeq order and repeated unitSeq', () => {
    const events = buildChain(3);
    const swapped = [events[0]!, events[2]!, events[1]!];
    expect(summary(verifyChain(UNIT, swapped, headOf(events)))).toEqual([
      ['sequence_gap', 3],
      ['broken_link', 3],
      ['out_of_order', 2],
      ['broken_link', 2],
      ['out_of_order', 2], // and stored before its predecessor
      ['head_mismatch', 3],
    ]);
    const repeated = [events[0]!, events[0]!];
    expect(summary(verifyChain(UNIT, repeated, headOf(events)))).toContainEqual([
      'out_of_order',
      1,
    ]);
  });

  it('reports an event of another unit', () => {
    const events = buildChain(1);
    expect(summary(verifyChain('20243', events, headOf(events)))).toEqual([['wrong_unit', 1]]);
  });

  it('gives the same answer one event at a time as over the whole array', () => {
    const events = buildChain(6);
    const head = headOf(events);
    events.splice(3, 1);
    let state = beginChainVerification(UNIT);
    const problems = [];
    for (const event of events) {
      const step = verifyNextEvent(state, event);
      state = step.state;
      problems.push(...step.problems);
    }
    problems.push(...endChainVerification(state, head));
    expect(problems).toEqual(verifyChain(UNIT, events, head));
    expect(state.events).toBe(5);
  });
});

describe('hashing with the payload text at hand', () => {
  it('gives exactly the hash of the general path, for any fields', async () => {
    const fc = (await import('fast-check')).default;
    const { hashEvent, hashEventWithPayloadText, canonicalJson } = await import('./event-chain.js');
    fc.assert(
      fc.property(
        fc.record({
          id: fc.uuid(),
          unitCode: fc.stringMatching(/^\d{5}$/),
          unitSeq: fc.integer({ min: 1, max: 2 ** 40 }),
          type: fc.string(),
          entityType: fc.string(),
          entityId: fc.string({ unit: 'binary' }),
          payload: fc.jsonValue(),
          actorId: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
          occurredAt: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          hlc: fc.string(),
          prevHash: fc.stringMatching(/^[0-9a-f]{64}$/),
        }),
        (fields) => {
          const { payload, ...rest } = fields;
          expect(hashEventWithPayloadText(rest, canonicalJson(payload))).toBe(hashEvent(fields));
        },
      ),
    );
  });
});
