// Hybrid logical clock (Kulkarni et al., "Logical Physical Clocks", 2014).
//
// Device clocks in commune offices are wrong in both directions, and a node can be offline for
// days. An HLC stays close to the wall clock but never goes backwards and always moves past every
// value it has seen, so sorting events by HLC respects causality across nodes even when a clock
// jumps back (NTP correction, dead CMOS battery, someone fixing the date by hand).
//
// Pure: the caller passes the wall-clock reading in, as milliseconds since the epoch.
//
// String form: `{wallMs}-{counter}-{node}`, e.g. `001764140000123-000a-20242`
//   wallMs   15 decimal digits, zero-padded (enough until the year 33658);
//   counter  4 lowercase hexadecimal digits (0000–ffff): 65,536 values per millisecond before the
//            clock borrows the next millisecond (see `normalise`);
//   node     the unit code (or another node id) of [0-9A-Za-z._], only a tie-break.
// Both numeric fields are fixed-width and lowercase hex sorts after digits in ASCII, so comparing
// two strings as plain text gives the same order as `compareHlc`.

export interface HlcState {
  /** Milliseconds since the epoch; the largest wall time this clock has seen. */
  readonly wallMs: number;
  /** Distinguishes values that share `wallMs`. */
  readonly counter: number;
}

export interface Hlc extends HlcState {
  /** Which node issued the value: makes values from different nodes distinct. */
  readonly node: string;
}

/** The value before any event: every real reading is above it. */
export const HLC_ZERO: HlcState = { wallMs: 0, counter: 0 };

const WALL_DIGITS = 15;
const COUNTER_DIGITS = 4;
export const MAX_HLC_WALL_MS = 10 ** WALL_DIGITS - 1;
export const MAX_HLC_COUNTER = 16 ** COUNTER_DIGITS - 1;
const NODE_PATTERN = /^[0-9A-Za-z._]{1,64}$/;
const HLC_PATTERN = /^(\d{15})-([0-9a-f]{4})-([0-9A-Za-z._]{1,64})$/;

/** Advances the clock for an event that happens on this node. */
export function tickHlc(state: HlcState, nowMs: number): HlcState {
  checkWall(nowMs, 'nowMs');
  checkState(state, 'state');
  if (nowMs > state.wallMs) return { wallMs: nowMs, counter: 0 };
  return normalise(state.wallMs, state.counter + 1);
}

/**
 * Merges a value received from another node (or read back from the log) and advances past it:
 * the result is greater than both `state` and `remote`, and not behind `nowMs`.
 */
export function receiveHlc(state: HlcState, remote: HlcState, nowMs: number): HlcState {
  checkWall(nowMs, 'nowMs');
  checkState(state, 'state');
  checkState(remote, 'remote');
  const wallMs = Math.max(state.wallMs, remote.wallMs, nowMs);
  const fromState = wallMs === state.wallMs ? state.counter + 1 : 0;
  const fromRemote = wallMs === remote.wallMs ? remote.counter + 1 : 0;
  return normalise(wallMs, Math.max(fromState, fromRemote));
}

export function formatHlc(hlc: Hlc): string {
  checkState(hlc, 'hlc');
  checkNode(hlc.node);
  const wall = String(hlc.wallMs).padStart(WALL_DIGITS, '0');
  const counter = hlc.counter.toString(16).padStart(COUNTER_DIGITS, '0');
  return `${wall}-${counter}-${hlc.node}`;
}

/** Parses the string form; throws on anything that `formatHlc` would not produce. */
export function parseHlc(text: string): Hlc {
  const match = HLC_PATTERN.exec(text);
  if (match === null) {
    throw new SyntaxError(`Malformed HLC value ${JSON.stringify(text)}`);
  }
  const [, wall = '', counter = '', node = ''] = match;
  return { wallMs: Number(wall), counter: Number.parseInt(counter, 16), node };
}

/** Total order: wall time, then counter, then node id (by UTF-16 code unit, like string sort). */
export function compareHlc(a: Hlc, b: Hlc): -1 | 0 | 1 {
  if (a.wallMs !== b.wallMs) return a.wallMs < b.wallMs ? -1 : 1;
  if (a.counter !== b.counter) return a.counter < b.counter ? -1 : 1;
  if (a.node === b.node) return 0;
  return a.node < b.node ? -1 : 1;
}

export function isValidHlcNode(node: string): boolean {
  return NODE_PATTERN.test(node);
}

// A burst of more than 65,536 events in one millisecond (or a long run of events while the
// clock is held back by a remote value from the future) borrows the next millisecond rather
// than widening the string form. The clock then runs slightly ahead of the wall, which is the
// lesser harm: order is preserved and the string stays sortable.
function normalise(wallMs: number, counter: number): HlcState {
  if (counter <= MAX_HLC_COUNTER) return { wallMs, counter };
  if (wallMs >= MAX_HLC_WALL_MS) throw new RangeError('HLC wall time overflow');
  return { wallMs: wallMs + 1, counter: 0 };
}

function checkWall(ms: number, name: string): void {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_HLC_WALL_MS) {
    throw new RangeError(`${name} must be an integer number of milliseconds, got ${ms}`);
  }
}

function checkState(state: HlcState, name: string): void {
  checkWall(state.wallMs, `${name}.wallMs`);
  if (!Number.isInteger(state.counter) || state.counter < 0 || state.counter > MAX_HLC_COUNTER) {
    throw new RangeError(`${name}.counter must be an integer 0..${MAX_HLC_COUNTER}`);
  }
}

function checkNode(node: string): void {
  if (!isValidHlcNode(node)) {
    throw new RangeError(
      `HLC node id must match ${String(NODE_PATTERN)}, got ${JSON.stringify(node)}`,
    );
  }
}
