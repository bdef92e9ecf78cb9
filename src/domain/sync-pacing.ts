// How a node paces its sync over a link it cannot trust: batch size that grows while the link
// carries it and shrinks when it does not, and retries that wait longer each time (never
// giving up), with jitter so that hundreds of communes coming back after an outage do not
// knock on the hub at the same second. Pure: the random source is passed in.

export interface BatchSizing {
  readonly min: number;
  readonly max: number;
  readonly start: number;
}

// Starting at 1,000 events (about 100 KB compressed, four seconds on a 256 kbit/s link) saves round
// trips on a slow, distant link; a timeout shrinks it to a quarter at once.
export const defaultBatchSizing: BatchSizing = { min: 10, max: 2_000, start: 1_000 };

/** After a batch went through quickly: grow. */
export function grow(size: number, sizing: BatchSizing = defaultBatchSizing): number {
  return Math.min(sizing.max, Math.max(sizing.min, Math.ceil(size * 2)));
}

/** After a timeout or a broken transfer: shrink, so the next attempt fits the link. */
export function shrink(size: number, sizing: BatchSizing = defaultBatchSizing): number {
  return Math.max(sizing.min, Math.floor(size / 4));
}

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

export const defaultBackoff: Backoff = { baseMs: 500, maxMs: 60_000 };

/**
 * The wait before retry number `attempt` (1, 2, 3 …): exponential up to a ceiling, with "full
 * jitter" (a uniform draw between 0 and the exponential value), which spreads retries best.
 */
export function retryDelayMs(
  attempt: number,
  random: () => number,
  backoff: Backoff = defaultBackoff,
): number {
  const exponential = Math.min(
    backoff.maxMs,
    backoff.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)),
  );
  return Math.floor(random() * exponential);
}

/** Clock skew of a node: hub time minus device time (positive: the node's clock is behind). */
export interface SkewReading {
  readonly at: string;
  readonly skewMs: number;
}

export const skewLimits = {
  /** A clock this far off is flagged: its on-time figures cannot be taken at face value. */
  farOffMs: 5 * 60_000,
  /** A change of skew this large between two syncs is a jump (someone set the clock). */
  jumpMs: 5 * 60_000,
} as const;

export type SkewFlag = 'far_off' | 'jumped';

/**
 * Flags from the latest reading and the previous one. The round trip blurs a reading by its
 * duration, which on the weakest link stays well under a minute.
 */
export function skewFlags(latest: SkewReading, previous: SkewReading | null): SkewFlag[] {
  const flags: SkewFlag[] = [];
  if (Math.abs(latest.skewMs) > skewLimits.farOffMs) flags.push('far_off');
  if (previous !== null && Math.abs(latest.skewMs - previous.skewMs) > skewLimits.jumpMs)
    flags.push('jumped');
  return flags;
}
