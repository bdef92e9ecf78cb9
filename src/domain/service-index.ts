// Bộ chỉ số phục vụ người dân, doanh nghiệp (Decision 766/QĐ-TTg of 23/06/2022): six groups,
// 100 points, computed from dossier data. The groups, indicators and targets are data with
// their source, because the annex's exact wording is unconfirmed (domain-notes §6, §9.7); the
// indicators this system's data cannot support are listed as such, never estimated. Pure: the
// application counts dossiers in the database and hands the counts here.

/** Where the indicator definitions come from, shown with the figures. */
export const serviceIndexSource =
  'Quyết định 766/QĐ-TTg ngày 23/6/2022 của Thủ tướng Chính phủ. Nhóm, chỉ số và chỉ tiêu như ' +
  'Cổng Dịch vụ công quốc gia đang tính (tài liệu công thức 10/2026), có thể khác phụ lục của ' +
  'Quyết định.';

/**
 * The decision gives each group's points; our sources do not give each indicator's share, so
 * the group's points are divided equally between its indicators until the annex is checked.
 */
export const maxPointsNote =
  'Điểm tối đa của nhóm theo Quyết định; điểm tối đa của từng chỉ số là phần chia đều trong ' +
  'nhóm (giả định, chưa đối chiếu phụ lục).';

export const serviceIndexGroups = [
  { id: 'transparency', number: 1, name: 'Công khai, minh bạch', maxPoints: 18 },
  { id: 'progress', number: 2, name: 'Tiến độ giải quyết', maxPoints: 20 },
  { id: 'online_service', number: 3, name: 'Dịch vụ công trực tuyến', maxPoints: 12 },
  { id: 'online_payment', number: 4, name: 'Thanh toán trực tuyến', maxPoints: 10 },
  { id: 'digitisation', number: 5, name: 'Số hóa hồ sơ', maxPoints: 22 },
  { id: 'satisfaction', number: 6, name: 'Mức độ hài lòng', maxPoints: 18 },
] as const;
export type ServiceIndexGroupId = (typeof serviceIndexGroups)[number]['id'];

/**
 * Counts of one unit (or the province) over a period, from the dossiers projection. A dossier
 * counts for its competent unit (đơn vị giải quyết).
 */
export interface ServiceCounts {
  /** In hand during the period (received before its end, not finished before its start), not withdrawn. */
  readonly handled: number;
  /** Of those: finished after the due date, or still open past it at the period's end. */
  readonly late: number;
  /** Received in the period (tiếp nhận; refusals at intake are not receptions). */
  readonly received: number;
  /** Of those: filed online (channel 2). */
  readonly online: number;
  /** Of those: with at least one component taken from existing data instead of paper. */
  readonly reused: number;
  /** Of those: with at least one fee payment recorded. */
  readonly paid: number;
  /** Of those paid: with a payment by bank transfer. */
  readonly paidOnline: number;
  /** Handled dossiers the applicant rated "dissatisfied". */
  readonly dissatisfied: number;
  /** Finished in the period (processed, result ready or returned, or stopped). */
  readonly completed: number;
  /** Sum over the finished ones of the days from reception to finishing. */
  readonly completedDays: number;
}

export const noCounts: ServiceCounts = {
  handled: 0,
  late: 0,
  received: 0,
  online: 0,
  reused: 0,
  paid: 0,
  paidOnline: 0,
  dissatisfied: 0,
  completed: 0,
  completedDays: 0,
};

export function addCounts(a: ServiceCounts, b: ServiceCounts): ServiceCounts {
  return {
    handled: a.handled + b.handled,
    late: a.late + b.late,
    received: a.received + b.received,
    online: a.online + b.online,
    reused: a.reused + b.reused,
    paid: a.paid + b.paid,
    paidOnline: a.paidOnline + b.paidOnline,
    dissatisfied: a.dissatisfied + b.dissatisfied,
    completed: a.completed + b.completed,
    completedDays: a.completedDays + b.completedDays,
  };
}

/** A ratio the data gives: numerator and denominator taken from the counts. */
type Ratio = (c: ServiceCounts) => { numerator: number; denominator: number };

interface IndicatorBase {
  readonly id: string;
  readonly group: ServiceIndexGroupId;
  /** The indicator's number within its group, as in the formula document. */
  readonly code: string;
  readonly name: string;
}

export type IndicatorDefinition = IndicatorBase &
  (
    | {
        /** Scored by the rule: a rate, a target (or none), points. */
        readonly support: 'scored';
        /** As a fraction (0.5 = 50 %); null: the portal scores it as R × Pmax. */
        readonly target: number | null;
        readonly ratio: Ratio;
        /** How the rate is computed here, and where it departs from the portal's formula. */
        readonly formula: string;
      }
    | {
        /** Shown as a value; the portal's conversion into points is not in our sources. */
        readonly support: 'measured';
        readonly target: null;
        readonly value: (c: ServiceCounts) => number | null;
        readonly formula: string;
      }
    | {
        readonly support: 'unsupported';
        readonly target: number | null;
        /** What the data would need. */
        readonly reason: string;
      }
  );

const nationalPortal = 'Cần dữ liệu của Cổng Dịch vụ công quốc gia, hệ thống này không có.';

export const serviceIndicators: readonly IndicatorDefinition[] = [
  {
    id: 'published_on_time',
    group: 'transparency',
    code: '1.1',
    name: 'Tỷ lệ TTHC được công bố đúng hạn',
    support: 'unsupported',
    target: null,
    reason: 'Cần ngày ban hành quyết định công bố TTHC, hệ thống này không lưu.',
  },
  {
    id: 'disclosed_on_time',
    group: 'transparency',
    code: '1.2',
    name: 'Tỷ lệ TTHC được công khai đúng hạn trên Cơ sở dữ liệu quốc gia về TTHC',
    support: 'unsupported',
    target: null,
    reason: nationalPortal,
  },
  {
    id: 'complete_components',
    group: 'transparency',
    code: '1.3',
    name: 'Tỷ lệ TTHC công khai đầy đủ thành phần',
    support: 'unsupported',
    target: null,
    reason: nationalPortal,
  },
  {
    id: 'synced_to_portal',
    group: 'transparency',
    code: '1.4',
    name: 'Tỷ lệ hồ sơ đồng bộ lên Cổng Dịch vụ công quốc gia',
    support: 'unsupported',
    target: null,
    reason: 'Hệ thống chưa đồng bộ hồ sơ với Cổng Dịch vụ công quốc gia.',
  },
  {
    id: 'on_time',
    group: 'progress',
    code: '2.1',
    name: 'Tỷ lệ hồ sơ giải quyết đúng hạn',
    support: 'scored',
    target: null,
    formula:
      'Hồ sơ giải quyết đúng hạn hoặc còn trong hạn ÷ hồ sơ tiếp nhận hoặc đang giải quyết trong ' +
      'kỳ (không tính hồ sơ bị từ chối tiếp nhận hoặc công dân rút); thời gian theo giờ tại xã.',
    ratio: (c) => ({ numerator: c.handled - c.late, denominator: c.handled }),
  },
  {
    id: 'processing_days',
    group: 'progress',
    code: '2.2',
    name: 'Thời gian giải quyết trung bình (ngày)',
    support: 'measured',
    target: null,
    formula:
      'Trung bình số ngày từ khi tiếp nhận đến khi giải quyết xong, của hồ sơ giải quyết xong ' +
      'trong kỳ (kể cả thời gian tạm dừng); chưa quy đổi ra điểm.',
    value: (c) => (c.completed === 0 ? null : c.completedDays / c.completed),
  },
  {
    id: 'online_services',
    group: 'online_service',
    code: '3.1',
    name: 'Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến (toàn trình, một phần)',
    support: 'unsupported',
    target: 0.8,
    reason: nationalPortal,
  },
  {
    id: 'services_with_online_dossiers',
    group: 'online_service',
    code: '3.2',
    name: 'Tỷ lệ dịch vụ công trực tuyến có phát sinh hồ sơ trực tuyến',
    support: 'unsupported',
    target: null,
    reason: nationalPortal,
  },
  {
    id: 'online_dossiers',
    group: 'online_service',
    code: '3.3',
    name: 'Tỷ lệ hồ sơ trực tuyến',
    support: 'scored',
    target: 0.5,
    formula:
      'Hồ sơ nộp trực tuyến ÷ hồ sơ tiếp nhận trong kỳ (chưa xét điều kiện trả kết quả điện tử ' +
      'và hệ số đồng bộ của Cổng).',
    ratio: (c) => ({ numerator: c.online, denominator: c.received }),
  },
  {
    id: 'fees_on_portal',
    group: 'online_payment',
    code: '4.1',
    name: 'Tỷ lệ TTHC có phí được cung cấp thanh toán trực tuyến trên Cổng Dịch vụ công quốc gia',
    support: 'unsupported',
    target: 0.8,
    reason: nationalPortal,
  },
  {
    id: 'fees_paid_on_portal',
    group: 'online_payment',
    code: '4.2',
    name: 'Tỷ lệ TTHC có phát sinh giao dịch thanh toán trực tuyến',
    support: 'unsupported',
    target: 0.8,
    reason: nationalPortal,
  },
  {
    id: 'paid_online',
    group: 'online_payment',
    code: '4.3',
    name: 'Tỷ lệ hồ sơ thanh toán trực tuyến',
    support: 'scored',
    target: null,
    formula:
      'Hồ sơ có khoản nộp bằng chuyển khoản ÷ hồ sơ đã nộp phí, lệ phí, trong các hồ sơ tiếp ' +
      'nhận trong kỳ (chuyển khoản VietQR được tính là thanh toán trực tuyến).',
    ratio: (c) => ({ numerator: c.paidOnline, denominator: c.paid }),
  },
  {
    id: 'e_results',
    group: 'digitisation',
    code: '5.1',
    name: 'Tỷ lệ hồ sơ có kết quả điện tử hợp lệ',
    support: 'unsupported',
    target: null,
    reason: 'Hệ thống chưa cấp kết quả điện tử có ký số.',
  },
  {
    id: 'digitised_with_e_result',
    group: 'digitisation',
    code: '5.2',
    name: 'Tỷ lệ số hóa hồ sơ, kết quả giải quyết TTHC',
    support: 'unsupported',
    target: 0.8,
    reason: 'Hệ thống chưa cấp kết quả điện tử có ký số.',
  },
  {
    id: 'reused_data',
    group: 'digitisation',
    code: '5.3',
    name: 'Tỷ lệ khai thác, sử dụng lại thông tin, dữ liệu số hóa',
    support: 'scored',
    target: 0.8,
    formula:
      'Hồ sơ có ít nhất một thành phần lấy từ dữ liệu sẵn có thay cho giấy tờ ÷ hồ sơ tiếp nhận ' +
      'trong kỳ.',
    ratio: (c) => ({ numerator: c.reused, denominator: c.received }),
  },
  {
    id: 'personal_data_store',
    group: 'digitisation',
    code: '5.4',
    name: 'Tỷ lệ sử dụng lại dữ liệu từ Kho quản lý dữ liệu điện tử của tổ chức, cá nhân',
    support: 'unsupported',
    target: null,
    reason: 'Thành phần hồ sơ chỉ ghi “lấy từ dữ liệu”, chưa ghi lấy từ kho nào.',
  },
  {
    id: 'population_db',
    group: 'digitisation',
    code: '5.5',
    name: 'Tỷ lệ khai thác Cơ sở dữ liệu quốc gia về dân cư',
    support: 'unsupported',
    target: null,
    reason: 'Hệ thống chưa kết nối Cơ sở dữ liệu quốc gia về dân cư.',
  },
  {
    id: 'feedback_on_time',
    group: 'satisfaction',
    code: '6.1',
    name: 'Tỷ lệ phản ánh, kiến nghị được xử lý đúng hạn',
    support: 'unsupported',
    target: null,
    reason: 'Hệ thống chưa có phân hệ tiếp nhận phản ánh, kiến nghị.',
  },
  {
    id: 'feedback_satisfied',
    group: 'satisfaction',
    code: '6.2',
    name: 'Tỷ lệ phản ánh, kiến nghị không bị đánh giá không hài lòng',
    support: 'unsupported',
    target: null,
    reason: 'Hệ thống chưa có phân hệ tiếp nhận phản ánh, kiến nghị.',
  },
  {
    id: 'satisfaction',
    group: 'satisfaction',
    code: '6.3',
    name: 'Mức độ hài lòng trong tiếp nhận, giải quyết TTHC',
    support: 'scored',
    target: 0.9,
    formula:
      '100% − (tỷ lệ hồ sơ trễ hạn + tỷ lệ hồ sơ bị đánh giá không hài lòng), trên hồ sơ tiếp ' +
      'nhận hoặc đang giải quyết trong kỳ (chưa có phản ánh, kiến nghị).',
    // As a ratio over the handled dossiers, so that the numerator is what is left of 100 %.
    ratio: (c) => ({
      numerator: Math.max(0, c.handled - c.late - c.dissatisfied),
      denominator: c.handled,
    }),
  },
];

/** An indicator's maximum points: its equal share of the group's (see maxPointsNote). */
export function indicatorMaxPoints(indicator: Pick<IndicatorDefinition, 'group'>): number {
  const group = serviceIndexGroups.find((g) => g.id === indicator.group);
  const members = serviceIndicators.filter((i) => i.group === indicator.group).length;
  return group === undefined || members === 0 ? 0 : group.maxPoints / members;
}

/**
 * The portal's scoring rule (domain-notes §6): Pmax when the rate reaches the target, else in
 * proportion, R / target × Pmax; without a target, R × Pmax. Rates are fractions (0.93).
 */
export function indicatorPoints(rate: number, target: number | null, maxPoints: number): number {
  const r = Math.min(1, Math.max(0, rate));
  if (target === null) return r * maxPoints;
  return r >= target ? maxPoints : (r / target) * maxPoints;
}

export type IndicatorResult = IndicatorBase & {
  readonly target: number | null;
  readonly maxPoints: number;
} & (
    | {
        readonly support: 'scored';
        readonly formula: string;
        readonly numerator: number;
        readonly denominator: number;
        /** Null when nothing was counted (no dossier in the denominator). */
        readonly rate: number | null;
        readonly points: number | null;
      }
    | { readonly support: 'measured'; readonly formula: string; readonly value: number | null }
    | { readonly support: 'unsupported'; readonly reason: string }
  );

export interface ServiceIndex {
  readonly indicators: readonly IndicatorResult[];
  /** Points of the scored indicators that had data. */
  readonly points: number;
  /** What those indicators could have given: the measured part of the 100 points. */
  readonly maxPoints: number;
}

/** Every indicator for one unit's (or the province's) counts, with its points. */
export function serviceIndex(counts: ServiceCounts): ServiceIndex {
  const indicators = serviceIndicators.map((d): IndicatorResult => {
    const base = {
      id: d.id,
      group: d.group,
      code: d.code,
      name: d.name,
      target: d.target,
      maxPoints: indicatorMaxPoints(d),
    };
    switch (d.support) {
      case 'scored': {
        const { numerator, denominator } = d.ratio(counts);
        const rate = denominator === 0 ? null : numerator / denominator;
        return {
          ...base,
          support: 'scored',
          formula: d.formula,
          numerator,
          denominator,
          rate,
          points: rate === null ? null : indicatorPoints(rate, d.target, base.maxPoints),
        };
      }
      case 'measured':
        return { ...base, support: 'measured', formula: d.formula, value: d.value(counts) };
      case 'unsupported':
        return { ...base, support: 'unsupported', reason: d.reason };
    }
  });
  let points = 0;
  let maxPoints = 0;
  for (const i of indicators)
    if (i.support === 'scored' && i.points !== null) {
      points += i.points;
      maxPoints += i.maxPoints;
    }
  return { indicators, points, maxPoints };
}
