// The asset register and the province's overview as CSV files: the same rows as the pages,
// with Vietnamese headings and labels (the province's reports are Vietnamese), areas in m²
// with a dot as the decimal mark and dates as YYYY-MM-DD (machine-readable, sortable).
import { csvText } from '../documents/csv.js';
import { formatDateTime } from '../i18n/format-time.js';
import { translator } from '../i18n/messages.js';
import type { AssetOverview, AssetRegister, AssetView, NeedWithCandidates } from './assets.js';

const vi = translator('vi');

export const overviewTables = ['assets', 'needs'] as const;
export type OverviewTable = (typeof overviewTables)[number];

const areaText = (m2: number | null) => (m2 === null ? '' : String(m2));

const ASSET_COLUMNS = [
  'Mã đơn vị',
  'Đơn vị quản lý',
  'Tên tài sản',
  'Loại',
  'Địa chỉ',
  'Đơn vị trước sắp xếp',
  'Diện tích đất (m²)',
  'Diện tích sàn (m²)',
  'Tình trạng',
  'Hiện trạng sử dụng',
  'Bỏ trống từ ngày',
  'Số ngày bỏ trống',
  'Ghi chú',
  'Cập nhật lần cuối',
] as const;

function assetRow(a: AssetView): string[] {
  return [
    a.unitCode,
    a.unitName,
    a.name,
    vi(`assets.kind.${a.kind}`),
    a.address,
    a.formerUnit,
    areaText(a.landAreaM2),
    areaText(a.floorAreaM2),
    vi(`assets.condition.${a.condition}`),
    vi(`assets.use.${a.use}`),
    a.vacantSince ?? '',
    a.vacancy === null ? '' : String(a.vacancy.days),
    a.notes,
    formatDateTime('vi', a.updatedAt),
  ];
}

const NEED_COLUMNS = [
  'Mã đơn vị',
  'Đơn vị',
  'Nhu cầu',
  'Diện tích cần (m²)',
  'Lý do',
  'Ngày báo cáo',
  'Số tài sản có thể đáp ứng',
  'Tài sản có thể đáp ứng',
] as const;

function needRow(n: NeedWithCandidates): string[] {
  return [
    n.unitCode,
    n.unitName,
    vi(`assets.needKind.${n.kind}`),
    String(n.areaNeededM2),
    n.explanation,
    n.reportedOn,
    String(n.candidates.length),
    n.candidates.map((c) => `${c.name} (${c.unitName}, ${areaText(c.floorAreaM2)} m²)`).join('; '),
  ];
}

/** The unit's register, one line per asset (UTF-8 with BOM, CRLF). */
export function assetRegisterCsv(register: AssetRegister): string {
  return csvText([[...ASSET_COLUMNS], ...register.assets.map(assetRow)]);
}

/** One of the overview's two tables: the assets that need attention, or the open needs. */
export function assetOverviewCsv(overview: AssetOverview, table: OverviewTable): string {
  switch (table) {
    case 'assets':
      return csvText([[...ASSET_COLUMNS], ...overview.assets.map(assetRow)]);
    case 'needs':
      return csvText([[...NEED_COLUMNS], ...overview.needs.map(needRow)]);
  }
}
