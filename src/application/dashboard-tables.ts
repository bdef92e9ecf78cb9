// The dashboard's tables as CSV files, one per table the page shows: the same rows, with
// Vietnamese headings (the province's reports are Vietnamese), times in Vietnam time, rates in
// per cent and points with two decimals, a dot as the decimal mark (machine-readable).
import { bucketLabel } from '../domain/dashboard.js';
import { dossierStatusLabelsVi } from '../domain/dossier-status.js';
import { serviceIndexGroups, type IndicatorResult } from '../domain/service-index.js';
import { csvText } from '../documents/csv.js';
import { formatDateTime } from '../i18n/format-time.js';
import type { Dashboard, NodeHealth, UnitFigures } from './dashboard.js';

export const dashboardTables = [
  'indicators',
  'units',
  'late',
  'workload',
  'officers',
  'nodes',
] as const;
export type DashboardTable = (typeof dashboardTables)[number];

const percent = (fraction: number | null): string =>
  fraction === null ? '' : (fraction * 100).toFixed(1);
const decimal = (value: number | null, digits = 2): string =>
  value === null ? '' : value.toFixed(digits);
const time = (iso: string | null): string => (iso === null ? '' : formatDateTime('vi', iso));

const groupName = (id: IndicatorResult['group']) => {
  const group = serviceIndexGroups.find((g) => g.id === id);
  return group === undefined ? id : `${group.number}. ${group.name}`;
};

function indicatorRows(dashboard: Dashboard): string[][] {
  return [
    [
      'Nhóm chỉ số',
      'Mã',
      'Chỉ số',
      'Tử số',
      'Mẫu số',
      'Tỷ lệ (%)',
      'Số ngày',
      'Chỉ tiêu (%)',
      'Điểm',
      'Điểm tối đa',
      'Cách tính hoặc lý do chưa tính',
    ],
    ...dashboard.total.index.indicators.map((i) => {
      const head = [groupName(i.group), i.code, i.name];
      const target = i.target === null ? '' : percent(i.target);
      const max = decimal(i.maxPoints);
      switch (i.support) {
        case 'scored':
          return [
            ...head,
            String(i.numerator),
            String(i.denominator),
            percent(i.rate),
            '',
            target,
            decimal(i.points),
            max,
            i.formula,
          ];
        case 'measured':
          return [...head, '', '', '', decimal(i.value, 1), target, '', max, i.formula];
        case 'unsupported':
          return [...head, '', '', '', '', target, '', max, `Chưa tính được: ${i.reason}`];
      }
    }),
  ];
}

const indicator = (u: UnitFigures, id: string) => u.index.indicators.find((i) => i.id === id);
const rateOf = (u: UnitFigures, id: string): string => {
  const i = indicator(u, id);
  return i?.support === 'scored' ? percent(i.rate) : '';
};
const daysOf = (u: UnitFigures): string => {
  const i = indicator(u, 'processing_days');
  return i?.support === 'measured' ? decimal(i.value, 1) : '';
};

function unitRows(dashboard: Dashboard): string[][] {
  const row = (u: UnitFigures, code: string, name: string) => [
    code,
    name,
    String(u.counts.handled),
    String(u.counts.late),
    rateOf(u, 'on_time'),
    String(u.counts.received),
    rateOf(u, 'online_dossiers'),
    rateOf(u, 'reused_data'),
    rateOf(u, 'paid_online'),
    rateOf(u, 'satisfaction'),
    daysOf(u),
    decimal(u.index.points),
    decimal(u.index.maxPoints),
  ];
  const province = dashboard.scope.unitCode.length === 2;
  return [
    [
      'Mã đơn vị',
      'Đơn vị',
      'Hồ sơ giải quyết trong kỳ',
      'Trễ hạn',
      'Đúng hạn (%)',
      'Tiếp nhận trong kỳ',
      'Trực tuyến (%)',
      'Sử dụng lại dữ liệu (%)',
      'Thanh toán trực tuyến (%)',
      'Hài lòng (%)',
      'Thời gian giải quyết trung bình (ngày)',
      'Điểm',
      'Điểm tối đa đo được',
    ],
    ...dashboard.units.map((u) => row(u, u.unitCode, u.unitName)),
    ...(province ? [row(dashboard.total, '', 'Toàn tỉnh')] : []),
  ];
}

function lateRows(dashboard: Dashboard): string[][] {
  return [
    [
      'Mã hồ sơ',
      'Mã đơn vị',
      'Đơn vị giải quyết',
      'Mã thủ tục',
      'Thủ tục',
      'Trạng thái',
      'Tiếp nhận lúc',
      'Hạn giải quyết',
      'Giải quyết xong lúc',
      'Số ngày trễ',
      'Người xử lý',
    ],
    ...dashboard.late.rows.map((r) => [
      r.code,
      r.unitCode,
      r.unitName,
      r.procedureCode,
      r.procedureName,
      dossierStatusLabelsVi[r.status],
      time(r.receivedAt),
      time(r.dueAt),
      time(r.completedAt),
      String(r.daysLate),
      r.assigneeName ?? '',
    ]),
  ];
}

function workloadRows(dashboard: Dashboard): string[][] {
  const labels = dashboard.buckets.map(bucketLabel);
  const row = (u: UnitFigures, code: string, name: string) => [
    code,
    name,
    ...u.receivedBy.map(String),
    ...u.completedBy.map(String),
    String(u.counts.received),
    String(u.counts.completed),
    String(u.open),
    String(u.specialists),
    decimal(u.completedPerSpecialist, 1),
  ];
  const province = dashboard.scope.unitCode.length === 2;
  return [
    [
      'Mã đơn vị',
      'Đơn vị',
      ...labels.map((l) => `Tiếp nhận ${l}`),
      ...labels.map((l) => `Giải quyết xong ${l}`),
      'Tổng tiếp nhận',
      'Tổng giải quyết xong',
      'Chưa xong cuối kỳ',
      'Công chức chuyên môn',
      'Giải quyết xong trên một công chức',
    ],
    ...dashboard.units.map((u) => row(u, u.unitCode, u.unitName)),
    ...(province ? [row(dashboard.total, '', 'Toàn tỉnh')] : []),
  ];
}

const roleNames: Readonly<Record<string, string>> = {
  receiving_officer: 'Công chức tiếp nhận',
  specialist: 'Công chức chuyên môn',
  leader: 'Lãnh đạo',
};

function officerRows(dashboard: Dashboard): string[][] {
  return [
    [
      'Công chức',
      'Vai trò',
      'Mã đơn vị',
      'Đơn vị',
      ...dashboard.buckets.map((b) => `Giải quyết xong ${bucketLabel(b)}`),
      'Tổng giải quyết xong',
      'Đang giữ cuối kỳ',
      'Trễ hạn',
    ],
    ...dashboard.officers.map((o) => [
      o.name,
      roleNames[o.role] ?? o.role,
      o.unitCode,
      o.unitName,
      ...o.completedBy.map(String),
      String(o.completed),
      String(o.open),
      String(o.late),
    ]),
  ];
}

const contactNames: Readonly<Record<NodeHealth['contact'], string>> = {
  recent: 'Có liên lạc',
  silent: 'Mất liên lạc quá 24 giờ',
  never: 'Chưa từng đồng bộ',
};
const flagNames: Readonly<Record<string, string>> = {
  far_off: 'Đồng hồ lệch nhiều',
  jumped: 'Đồng hồ bị chỉnh đột ngột',
};

function nodeRows(dashboard: Dashboard, unitName: (code: string) => string): string[][] {
  return [
    [
      'Mã đơn vị',
      'Đơn vị',
      'Khóa',
      'Liên lạc gần nhất',
      'Tình trạng',
      'Gửi dữ liệu gần nhất',
      'Nhận dữ liệu gần nhất',
      'Sự kiện chờ gửi',
      'Lệch đồng hồ (giây)',
      'Cảnh báo',
      'Thu hồi lúc',
    ],
    ...dashboard.nodes.map((n) => [
      n.unitCode,
      unitName(n.unitCode),
      n.keyId,
      time(n.lastSeenAt),
      contactNames[n.contact],
      time(n.lastPushAt),
      time(n.lastPullAt),
      n.backlog === null ? '' : String(n.backlog),
      n.skewMs === null ? '' : String(Math.round(n.skewMs / 1000)),
      n.flags.map((f) => flagNames[f] ?? f).join('; '),
      time(n.revokedAt),
    ]),
  ];
}

/** One of the dashboard's tables as a CSV file (UTF-8 with BOM, CRLF). */
export function dashboardCsv(
  dashboard: Dashboard,
  table: DashboardTable,
  unitName: (code: string) => string,
): string {
  switch (table) {
    case 'indicators':
      return csvText(indicatorRows(dashboard));
    case 'units':
      return csvText(unitRows(dashboard));
    case 'late':
      return csvText(lateRows(dashboard));
    case 'workload':
      return csvText(workloadRows(dashboard));
    case 'officers':
      return csvText(officerRows(dashboard));
    case 'nodes':
      return csvText(nodeRows(dashboard, unitName));
  }
}
