// How long a procedure may take (thời hạn giải quyết), as the catalogue states it.
// Working days and hours skip weekends and holidays; calendar days do not (but a deadline that
// lands on a day off moves to the next working day); same-day procedures follow the 15:00 rule.
export const processingTimeUnits = [
  'working_days', // ngày làm việc
  'working_hours', // giờ làm việc
  'calendar_days', // ngày (theo lịch)
  'same_day', // trong ngày: received after 15:00 → next working day
] as const;
export type ProcessingTimeUnit = (typeof processingTimeUnits)[number];

export interface ProcessingTime {
  /** Ignored (0) for same_day. */
  readonly value: number;
  readonly unit: ProcessingTimeUnit;
}
