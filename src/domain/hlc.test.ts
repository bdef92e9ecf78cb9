import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compareHlc,
  formatHlc,
  HLC_ZERO,
  MAX_HLC_COUNTER,
  parseHlc,
  receiveHlc,
  tickHlc,
  type Hlc,
  type HlcState,
} from './hlc.js';

// Around 2025, with room for clocks that are hours off in either direction.
const nowArb = fc.integer({ min: 1_700_000_000_000, max: 1_800_000_000_000 });
const stateArb = fc.record({
  wallMs: nowArb,
  counter: fc.integer({ min: 0, max: MAX_HLC_COUNTER }),
});
const nodeArb = fc.stringMatching(/^[0-9A-Za-z._]{1,8}$/);
const hlcArb = fc.record({
  wallMs: nowArb,
  counter: stateArb.map((s) => s.counter),
  node: nodeArb,
});

const on = (state: HlcState, node = '20242'): Hlc => ({ ...state, node });
const sign = (n: number): number => Math.sign(n);

describe('tickHlc', () => {
  it('follows the wall clock when it moves forward', () => {
    expect(tickHlc({ wallMs: 1000, counter: 7 }, 1001)).toEqual({ wallMs: 1001, counter: 0 });
  });

  it('counts within a millisecond and when the wall clock goes back', () => {
    expect(tickHlc({ wallMs: 1000, counter: 7 }, 1000)).toEqual({ wallMs: 1000, counter: 8 });
    expect(tickHlc({ wallMs: 1000, counter: 7 }, 400)).toEqual({ wallMs: 1000, counter: 8 });
  });

  it('borrows the next millisecond when the counter is exhausted', () => {
    expect(tickHlc({ wallMs: 1000, counter: MAX_HLC_COUNTER }, 1000)).toEqual({
      wallMs: 1001,
      counter: 0,
    });
  });

  it('rejects clock readings that are not whole milliseconds', () => {
    expect(() => tickHlc(HLC_ZERO, 1.5)).toThrow(RangeError);
    expect(() => tickHlc(HLC_ZERO, -1)).toThrow(RangeError);
    expect(() => tickHlc(HLC_ZERO, Number.NaN)).toThrow(RangeError);
  });

  it('is strictly monotonic under any sequence of clock readings, including backward jumps', () => {
    fc.assert(
      fc.property(fc.array(nowArb, { minLength: 1, maxLength: 200 }), (readings) => {
        let state = HLC_ZERO;
        let previous = formatHlc(on(state));
        for (const now of readings) {
          state = tickHlc(state, now);
          const current = formatHlc(on(state));
          expect(current > previous).toBe(true);
          // Never behind the wall clock it was given.
          expect(state.wallMs).toBeGreaterThanOrEqual(now);
          previous = current;
        }
      }),
    );
  });

  it('lands on the largest reading seen while the counter has room', () => {
    fc.assert(
      fc.property(fc.array(nowArb, { minLength: 1, maxLength: 200 }), (readings) => {
        let state = HLC_ZERO;
        for (const now of readings) state = tickHlc(state, now);
        expect(state.wallMs).toBe(Math.max(...readings));
      }),
    );
  });
});

describe('receiveHlc', () => {
  it('moves past a remote value from the future', () => {
    expect(receiveHlc({ wallMs: 1000, counter: 0 }, { wallMs: 5000, counter: 3 }, 1001)).toEqual({
      wallMs: 5000,
      counter: 4,
    });
  });

  it('takes the larger counter when all three wall times agree', () => {
    expect(receiveHlc({ wallMs: 1000, counter: 2 }, { wallMs: 1000, counter: 9 }, 1000)).toEqual({
      wallMs: 1000,
      counter: 10,
    });
  });

  it('is greater than both inputs and not behind the wall clock', () => {
    fc.assert(
      fc.property(stateArb, stateArb, nowArb, (local, remote, now) => {
        const merged = receiveHlc(local, remote, now);
        expect(compareHlc(on(merged), on(local))).toBe(1);
        expect(compareHlc(on(merged), on(remote))).toBe(1);
        expect(merged.wallMs).toBeGreaterThanOrEqual(now);
      }),
    );
  });

  it('keeps a clock monotonic when local ticks and remote merges interleave', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('tick' as const), now: nowArb }),
      fc.record({ kind: fc.constant('receive' as const), now: nowArb, remote: stateArb }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 100 }), (steps) => {
        let state = HLC_ZERO;
        for (const s of steps) {
          const next =
            s.kind === 'tick' ? tickHlc(state, s.now) : receiveHlc(state, s.remote, s.now);
          expect(compareHlc(on(next), on(state))).toBe(1);
          state = next;
        }
      }),
    );
  });
});

describe('string form', () => {
  it('formats fixed-width fields', () => {
    expect(formatHlc({ wallMs: 1_764_140_000_123, counter: 10, node: '20242' })).toBe(
      '001764140000123-000a-20242',
    );
  });

  it('round-trips', () => {
    fc.assert(
      fc.property(hlcArb, (hlc) => {
        expect(parseHlc(formatHlc(hlc))).toEqual(hlc);
      }),
    );
  });

  it('sorts as text exactly as compareHlc orders', () => {
    fc.assert(
      fc.property(hlcArb, hlcArb, (a, b) => {
        const text = formatHlc(a) < formatHlc(b) ? -1 : formatHlc(a) > formatHlc(b) ? 1 : 0;
        expect(sign(compareHlc(a, b))).toBe(text);
      }),
    );
  });

  it.each([
    '',
    '1764140000123-000a-20242', // wall not padded
    '001764140000123-000A-20242', // upper-case hex would sort before digits' successors
    '001764140000123-00a-20242', // short counter
    '001764140000123-000a-', // no node
    '001764140000123-000a-202-42', // separator in node
    '001764140000123-000a-20242 ', // trailing space
    '0017641400001230-000a-20242', // 16-digit wall
  ])('rejects malformed %j', (text) => {
    expect(() => parseHlc(text)).toThrow(SyntaxError);
  });

  it('refuses to format a node id that would break parsing', () => {
    expect(() => formatHlc({ wallMs: 1, counter: 0, node: 'a-b' })).toThrow(RangeError);
  });
});
