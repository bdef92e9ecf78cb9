// Every report template (domain/reports.ts) is filled into one shape: a report sheet — a title,
// a period, and tables (sections) whose columns name their headings by message key. The page
// shows a sheet in the reader's language; this module prints it as a landscape A4 PDF in
// Vietnamese (Noto Serif, the national header, the place-and-date line, the signatures of the
// person who drew it up and of the head of the unit) and exports a table as CSV. A template
// only says what goes in the cells; nothing here knows one template from another.
import type { Month } from '../domain/civil-statistics.js';
import { dossierStatusLabelsVi, type DossierStatus } from '../domain/dossier-status.js';
import { formatDateTime as formatDateTimeIn } from '../i18n/format-time.js';
import { formatNumber, translate, type PlainMessageKey } from '../i18n/messages.js';
import { csvText } from './csv.js';
import { SIGN_HINT, Sheet, type Column } from './layout.js';
import type { DocumentHeader } from './types.js';
import { formatDate, formatIsoDate } from './vietnam-time.js';

/** How a column's cells are written: as given, a count, a moment, or a dossier status. */
/** `label`: the cell is a message key, written in the reader's language (Vietnamese on paper). */
export type CellKind = 'text' | 'count' | 'instant' | 'status' | 'label';

/** A cell: text, a count, an ISO instant, a status code; null when there is nothing to say. */
export type Cell = string | number | null;

export interface ReportColumn {
  readonly label: PlainMessageKey;
  /** The heading over several columns ("Đã giải quyết" over "Trước hạn", "Đúng hạn" …). */
  readonly group?: PlainMessageKey;
  readonly kind: CellKind;
  /** Share of the printed width (1 by default). */
  readonly weight?: number;
}

export interface ReportSection {
  /** Stable name: the page's anchor and the CSV's `section`. */
  readonly id: string;
  readonly heading: PlainMessageKey;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly Cell[])[];
  /** The "Tổng cộng" row; its first cell is left null for the label, written in the reader's language. */
  readonly total?: readonly Cell[];
  /** Said instead of the table when there are no rows (and no total). */
  readonly empty: PlainMessageKey;
  /** Rows in all, when the sheet holds only the first of them. */
  readonly count?: number;
}

/** When the hub last received a commune's data (its node's last push), and last heard from it. */
export interface UnitSource {
  readonly unitCode: string;
  readonly unitName: string;
  readonly lastPushAt: string | null;
  readonly lastSeenAt: string | null;
}

export interface ReportSheet {
  readonly template: string;
  /** The printed title, in Vietnamese as the form reads. */
  readonly titleVi: string;
  readonly month: Month;
  readonly scope: { readonly unitCode: string; readonly unitName: string };
  /** The period's first and last local dates. */
  readonly firstDay: string;
  readonly lastDay: string;
  /** The moment the figures are taken at: the month's end, or when the report was drawn. */
  readonly asOf: string;
  /** True while the month runs: the figures stop at `asOf`. */
  readonly running: boolean;
  readonly sections: readonly ReportSection[];
  /** How the figures are counted, under the tables. */
  readonly notes: readonly PlainMessageKey[];
  /** At the hub: where each commune's data stands. Null on a commune's own node. */
  readonly sources: readonly UnitSource[] | null;
}

/** What the printed report adds to the sheet: who issues it, when, and who drew it up. */
export interface ReportDocument extends DocumentHeader {
  readonly sheet: ReportSheet;
  /** Người lập biểu. */
  readonly preparedBy: string;
}

/** "2026-11" → "11/2026". */
export const reportMonthLabel = (month: Month): string =>
  `${month.slice(5, 7)}/${month.slice(0, 4)}`;

const vi = (key: PlainMessageKey): string => translate('vi', key);

/** A cell as the printed report and the CSV write it (Vietnamese). */
function cellText(cell: Cell, kind: CellKind, csv: boolean): string {
  if (cell === null) return csv ? '' : '—';
  switch (kind) {
    case 'count':
      return typeof cell === 'number' ? (csv ? String(cell) : formatNumber('vi', cell)) : cell;
    case 'instant':
      return formatDateTimeIn('vi', String(cell));
    case 'status':
      return String(cell) in dossierStatusLabelsVi
        ? dossierStatusLabelsVi[cell as DossierStatus]
        : String(cell);
    case 'label':
      return vi(String(cell) as PlainMessageKey);
    case 'text':
      return String(cell);
  }
}

const TOTAL_LABEL = 'Tổng cộng';
const totalCells = (cells: readonly Cell[]): Cell[] => [cells[0] ?? TOTAL_LABEL, ...cells.slice(1)];

const heading = (column: ReportColumn, separator: string): string =>
  column.group === undefined
    ? vi(column.label)
    : `${vi(column.group)}${separator}${vi(column.label)}`;

/** The section's table as CSV: one heading line, the rows, then the total. */
export function reportSectionCsv(section: ReportSection): string {
  const line = (cells: readonly Cell[]) =>
    section.columns.map((c, i) => cellText(cells[i] ?? null, c.kind, true));
  return csvText([
    section.columns.map((c) => heading(c, ' - ')),
    ...section.rows.map(line),
    ...(section.total === undefined ? [] : [line(totalCells(section.total))]),
  ]);
}

/** The period as the report states it under its title. */
export function periodLineVi(sheet: ReportSheet): string {
  const from = formatIsoDate(sheet.firstDay);
  return sheet.running
    ? `Số liệu từ ngày ${from} đến ${formatDateTimeIn('vi', sheet.asOf)} (tháng chưa kết thúc)`
    : `Số liệu từ ngày ${from} đến ngày ${formatIsoDate(sheet.lastDay)}`;
}

/** Where the commune's data stands, as one sentence (the hub only). */
function sourcesLineVi(sources: readonly UnitSource[]): string | null {
  if (sources.length === 0) return null;
  if (sources.length === 1) {
    const s = sources[0];
    if (s === undefined) return null;
    return s.lastPushAt === null
      ? `${s.unitName} chưa gửi dữ liệu lên tỉnh.`
      : `Dữ liệu của ${s.unitName} nhận lần cuối lúc ${formatDateTimeIn('vi', s.lastPushAt)}.`;
  }
  const never = sources.filter((s) => s.lastPushAt === null).length;
  return (
    'Số liệu của mỗi xã tính đến lần xã gửi dữ liệu lên tỉnh gần nhất' +
    (never > 0 ? `; ${formatNumber('vi', never)} xã chưa gửi dữ liệu.` : '.')
  );
}

export async function renderReport(document: ReportDocument): Promise<Buffer> {
  const { sheet } = document;
  const title = `${sheet.titleVi} tháng ${reportMonthLabel(sheet.month)}`;
  return Sheet.render(
    {
      title: `${title} - ${sheet.scope.unitName}`,
      subject: title,
      author: document.issuer.fullName,
      issuedAt: document.issuedAt,
      landscape: true,
    },
    (pdf) => {
      pdf.header(document);
      pdf.title(title, sheet.scope.unitName);
      pdf.paragraph(`(${periodLineVi(sheet)})`, { align: 'center', size: 10, gapAfter: 4 });
      const sources = sheet.sources === null ? null : sourcesLineVi(sheet.sources);
      if (sources !== null) pdf.paragraph(sources, { align: 'center', size: 10, gapAfter: 4 });
      pdf.moveDown(4);
      for (const section of sheet.sections) {
        pdf.paragraph([{ text: vi(section.heading), style: 'bold' }], {
          align: 'left',
          gapAfter: 4,
        });
        if (section.rows.length === 0 && section.total === undefined) {
          pdf.paragraph(vi(section.empty), { align: 'left', size: 10, gapAfter: 8 });
          continue;
        }
        const columns: Column[] = [
          { header: 'STT', weight: 0.6, align: 'center' },
          ...section.columns.map((c): Column => ({
            header: heading(c, '\n'),
            weight: c.weight ?? 1,
            align: c.kind === 'count' ? 'center' : 'left',
          })),
        ];
        const line = (cells: readonly Cell[]) =>
          section.columns.map((c, i) => cellText(cells[i] ?? null, c.kind, false));
        const rows = section.rows.map((cells, i) => [String(i + 1), ...line(cells)]);
        if (section.total !== undefined) rows.push(['', ...line(totalCells(section.total))]);
        pdf.table(columns, rows, { size: 8.5 });
        if (section.count !== undefined && section.count > section.rows.length)
          pdf.paragraph(
            `Danh sách in ${formatNumber('vi', section.rows.length)} trên tổng số ` +
              `${formatNumber('vi', section.count)} dòng.`,
            { align: 'left', size: 10, gapAfter: 6 },
          );
      }
      for (const note of sheet.notes)
        pdf.paragraph(vi(note), { align: 'left', size: 9.5, gapAfter: 2 });
      pdf.paragraph(`Báo cáo lập ngày ${formatDate(document.issuedAt)} từ dữ liệu của hệ thống.`, {
        align: 'left',
        size: 9.5,
        gapAfter: 10,
      });
      pdf.signatures([
        { title: ['NGƯỜI LẬP BIỂU'], hint: SIGN_HINT, name: document.preparedBy },
        { title: ['THỦ TRƯỞNG ĐƠN VỊ'], hint: '(Ký, ghi rõ họ tên và đóng dấu)' },
      ]);
    },
  );
}
