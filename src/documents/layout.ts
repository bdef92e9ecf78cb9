// The page furniture every desk document shares, drawn with pdfkit: the national header
// (issuing body left, national motto right), the title, body text, ruled tables that continue
// across pages, signature blocks and QR codes.
//
// Layout follows the administrative-document rules of Decree 30/2020/NĐ-CP where they apply
// (A4, margins 20/20/30/15 mm, motto and its rule, the place-and-date line) so that an officer
// recognises the form at a glance; the forms themselves are those of Circular 03/2025/TT-VPCP.
//
// Fonts: pdfkit's built-in fonts have no Vietnamese glyphs (DESIGN §5), so we embed Noto Serif
// (a serif, as official papers are set in Times New Roman) from an npm package that ships full
// TrueType files; pdfkit subsets them, so a one-page document stays small.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatNumber } from '../i18n/messages.js';
import type { DocumentHeader, Signer } from './types.js';
import { epochMs, formatDateLine, type Instant } from './vietnam-time.js';

export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-serif/400Regular/NotoSerif_400Regular.ttf',
  bold: '@expo-google-fonts/noto-serif/700Bold/NotoSerif_700Bold.ttf',
  italic: '@expo-google-fonts/noto-serif/400Regular_Italic/NotoSerif_400Regular_Italic.ttf',
  boldItalic: '@expo-google-fonts/noto-serif/700Bold_Italic/NotoSerif_700Bold_Italic.ttf',
} as const;
export type FontStyle = keyof typeof FONT_FILES;

type FontSet = Readonly<Record<FontStyle, Buffer>>;
let fontsLoading: Promise<FontSet> | undefined;

/** Reads the four font files once per process (about 2 MB); every render reuses them. */
function loadFonts(): Promise<FontSet> {
  fontsLoading ??= (async () => {
    const require = createRequire(import.meta.url);
    const entries = await Promise.all(
      (Object.keys(FONT_FILES) as FontStyle[]).map(
        async (style) => [style, await readFile(require.resolve(FONT_FILES[style]))] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<FontStyle, Buffer>;
  })();
  // A failed read (package missing) must not poison every later render with the same promise.
  fontsLoading.catch(() => {
    fontsLoading = undefined;
  });
  return fontsLoading;
}

const mm = (n: number): number => (n * 72) / 25.4;

/** Decree 30/2020 margins: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const PORTRAIT_MARGINS = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** Landscape tables need width more than a binding edge. */
const LANDSCAPE_MARGINS = { top: mm(15), bottom: mm(15), left: mm(20), right: mm(15) };

// Noto Serif is larger on the body than Times New Roman, so 11 pt reads like the 13 pt that
// Decree 30/2020 asks for and keeps the receipt on one page.
export const BODY_SIZE = 11;
const LINE_GAP = 2;
const HEADER_SIZE = 11.5;
const TITLE_SIZE = 13.5;
const RULE_WIDTH = 0.6;

export interface SheetOptions {
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  /** The PDF's creation date: the document's issue time, so that renders are repeatable. */
  readonly issuedAt: Instant;
  readonly landscape?: boolean;
  /**
   * "Trang 1/2" at the foot of each page when there is more than one (the default). Off where
   * every page is a paper of its own: a spouse's original, one certified copy among several.
   */
  readonly pageNumbers?: boolean;
}

/** A run of text in one style, for paragraphs that mix regular and bold words. */
export interface Run {
  readonly text: string;
  readonly style?: FontStyle;
}

export interface ParagraphOptions {
  readonly size?: number;
  readonly align?: 'left' | 'center' | 'right' | 'justify';
  /** First-line indent in points. */
  readonly indent?: number;
  /** Space after the paragraph in points. */
  readonly gapAfter?: number;
  /** Left offset of every line, for nested items. */
  readonly inset?: number;
}

export interface Column {
  readonly header: string;
  /** Relative weight: the columns share the content width in proportion. */
  readonly weight: number;
  readonly align?: 'left' | 'center' | 'right';
}

export interface TableOptions {
  readonly size?: number;
  /** At least this tall, e.g. to leave room for a signature. */
  readonly minRowHeight?: number;
}

export interface SignatureBlock {
  /** Capacity lines, bold capitals: ["NGƯỜI TIẾP NHẬN"] or ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]. */
  readonly title: readonly string[];
  /** "(Ký và ghi rõ họ tên)" under the title. */
  readonly hint?: string;
  readonly name?: string;
}

export const SIGN_HINT = '(Ký và ghi rõ họ tên)';
const SIGNATURE_SPACE = 56;

/**
 * Text is printed in NFC: decomposed input (some keyboards, text pasted from PDFs) would
 * otherwise be shaped as base letter plus floating marks and extract back as two characters.
 */
const nfc = (text: string): string => text.normalize('NFC');

/** One document being drawn. Methods flow top to bottom and add pages when they must. */
export class Sheet {
  private constructor(readonly doc: PDFKit.PDFDocument) {}

  static async render(options: SheetOptions, draw: (sheet: Sheet) => void): Promise<Buffer> {
    const fonts = await loadFonts();
    const landscape = options.landscape === true;
    const doc = new PDFDocument({
      size: 'A4',
      layout: landscape ? 'landscape' : 'portrait',
      margins: landscape ? LANDSCAPE_MARGINS : PORTRAIT_MARGINS,
      // Kept so that page numbers can be written once the page count is known.
      bufferPages: true,
      lang: 'vi-VN',
      displayTitle: true,
      info: {
        Title: nfc(options.title),
        Subject: nfc(options.subject),
        Author: nfc(options.author),
        Creator: 'Một Cửa',
        Producer: 'Một Cửa (PDFKit)',
        CreationDate: new Date(epochMs(options.issuedAt)),
      },
    });
    for (const style of Object.keys(fonts) as FontStyle[]) doc.registerFont(style, fonts[style]);

    const chunks: Buffer[] = [];
    const finished = new Promise<Buffer>((resolve, reject) => {
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => {
        resolve(Buffer.concat(chunks));
      });
      doc.on('error', reject);
    });

    const sheet = new Sheet(doc);
    sheet.use('regular', BODY_SIZE);
    try {
      draw(sheet);
      if (options.pageNumbers !== false) sheet.numberPages();
    } finally {
      // Always end the stream, so that a drawing error does not leave it open.
      doc.end();
    }
    return finished;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }
  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }
  private get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  get y(): number {
    return this.doc.y;
  }

  use(style: FontStyle, size: number): this {
    this.doc.font(style).fontSize(size);
    return this;
  }

  moveDown(points: number): void {
    this.doc.y += points;
  }

  /** Starts a new page unless `height` points still fit on this one. */
  ensureSpace(height: number): void {
    if (this.doc.y + height > this.bottom) {
      this.doc.addPage();
    }
  }

  /**
   * The national header: issuing body and number on the left; national name, motto and the
   * place-and-date line on the right, each block centred in its column (Decree 30/2020).
   */
  header(header: DocumentHeader): void {
    const { doc } = this;
    const top = doc.y;
    const leftWidth = this.width * 0.42;
    const rightX = this.left + leftWidth;
    const rightWidth = this.width - leftWidth;

    // Left: governing body, then the unit in bold with a short rule under it.
    let y = top;
    if (header.issuer.parentName !== undefined) {
      y = this.centred(nfc(header.issuer.parentName.toUpperCase()), this.left, y, leftWidth, {
        style: 'regular',
        size: HEADER_SIZE,
      });
    }
    y = this.centred(nfc(header.issuer.name.toUpperCase()), this.left, y, leftWidth, {
      style: 'bold',
      size: HEADER_SIZE,
    });
    const ruleLeft = leftWidth / 3;
    this.rule(this.left + (leftWidth - ruleLeft) / 2, y + 2, ruleLeft);
    const leftEnd = y + 8;

    // Right: national name and motto; the rule under the motto is as long as the motto.
    let ry = top;
    ry = this.centred('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', rightX, ry, rightWidth, {
      style: 'bold',
      size: HEADER_SIZE,
      fit: true,
    });
    const motto = 'Độc lập - Tự do - Hạnh phúc';
    ry = this.centred(motto, rightX, ry, rightWidth, { style: 'bold', size: HEADER_SIZE + 1 });
    this.use('bold', HEADER_SIZE + 1);
    const mottoWidth = doc.widthOfString(motto);
    this.rule(rightX + (rightWidth - mottoWidth) / 2, ry + 2, mottoWidth);
    const rightEnd = ry + 8;

    // The number and the date line stand on one line, under their blocks.
    const lineY = Math.max(leftEnd, rightEnd) + 4;
    let end = lineY;
    if (header.number !== undefined) {
      end = this.centred(`Số: ${header.number}`, this.left, lineY, leftWidth, {
        style: 'regular',
        size: HEADER_SIZE,
      });
    }
    const dateLine = formatDateLine(header.issuer.placeName, header.issuedAt);
    end = Math.max(
      end,
      this.centred(nfc(dateLine), rightX, lineY, rightWidth, {
        style: 'italic',
        size: HEADER_SIZE,
      }),
    );
    doc.x = this.left;
    doc.y = end + 10;
    this.use('regular', BODY_SIZE);
  }

  /** The document's name, bold capitals, centred; an optional line under it. */
  title(text: string, subtitle?: string): void {
    this.ensureSpace(60);
    const y = this.centred(nfc(text.toUpperCase()), this.left, this.doc.y, this.width, {
      style: 'bold',
      size: TITLE_SIZE,
    });
    let end = y;
    if (subtitle !== undefined) {
      end = this.centred(nfc(subtitle), this.left, y + 1, this.width, {
        style: 'bold',
        size: BODY_SIZE + 1,
      });
    }
    this.doc.x = this.left;
    this.doc.y = end + 8;
    this.use('regular', BODY_SIZE);
  }

  /** A paragraph of one or more runs; wraps and flows onto the next page as needed. */
  paragraph(content: string | readonly Run[], options: ParagraphOptions = {}): void {
    const runs: readonly Run[] = typeof content === 'string' ? [{ text: content }] : content;
    const size = options.size ?? BODY_SIZE;
    const inset = options.inset ?? 0;
    const { doc } = this;
    runs.forEach((run, index) => {
      this.use(run.style ?? 'regular', size);
      const textOptions: PDFKit.Mixins.TextOptions = {
        width: this.width - inset,
        align: options.align ?? 'justify',
        lineGap: LINE_GAP,
        continued: index < runs.length - 1,
        ...(options.indent === undefined ? {} : { indent: options.indent }),
      };
      if (index === 0) doc.text(nfc(run.text), this.left + inset, doc.y, textOptions);
      else doc.text(nfc(run.text), textOptions);
    });
    doc.x = this.left;
    this.moveDown(options.gapAfter ?? 2);
    this.use('regular', BODY_SIZE);
  }

  /** "Label: value", the value in bold, as the forms' fill-in lines read. */
  field(label: string, value: string, options: ParagraphOptions = {}): void {
    this.paragraph([{ text: `${label}: ` }, { text: value, style: 'bold' }], {
      align: 'left',
      ...options,
    });
  }

  /**
   * A ruled table. Rows never split across pages; when one does not fit, a new page starts
   * and the header row is drawn again, so that every page of a long book reads on its own.
   */
  table(
    columns: readonly Column[],
    rows: readonly (readonly string[])[],
    options: TableOptions = {},
  ): void {
    const { doc } = this;
    const size = options.size ?? BODY_SIZE - 1;
    const padX = 3;
    const padY = 2;
    const total = columns.reduce((sum, c) => sum + c.weight, 0);
    const widths = columns.map((c) => (this.width * c.weight) / total);

    const measure = (cells: readonly string[], style: FontStyle): number => {
      this.use(style, size);
      const heights = cells.map(
        (cell, i) =>
          this.linesHeight(nfc(cell), { width: (widths[i] ?? 0) - 2 * padX, lineGap: 1 }) +
          2 * padY,
      );
      return Math.max(size + 2 * padY, ...heights);
    };

    const drawRow = (
      cells: readonly string[],
      style: FontStyle,
      height: number,
      align: (i: number) => 'left' | 'center' | 'right',
    ): void => {
      const y = doc.y;
      let x = this.left;
      cells.forEach((cell, i) => {
        const w = widths[i] ?? 0;
        doc.lineWidth(0.5).rect(x, y, w, height).stroke();
        this.use(style, size);
        const textHeight = this.linesHeight(nfc(cell), { width: w - 2 * padX, lineGap: 1 });
        // Header cells are centred vertically; body cells start at the top, like a ledger.
        const offset = style === 'bold' ? Math.max(padY, (height - textHeight) / 2) : padY;
        this.lines(nfc(cell), x + padX, y + offset, {
          width: w - 2 * padX,
          align: align(i),
          lineGap: 1,
        });
        x += w;
      });
      doc.x = this.left;
      doc.y = y + height;
    };

    const headers = columns.map((c) => c.header);
    const headerHeight = measure(headers, 'bold');
    const drawHeader = (): void => {
      drawRow(headers, 'bold', headerHeight, () => 'center');
    };

    const firstHeight = rows[0] === undefined ? 0 : measure(rows[0], 'regular');
    this.ensureSpace(headerHeight + Math.max(firstHeight, options.minRowHeight ?? 0));
    drawHeader();
    for (const row of rows) {
      const height = Math.max(measure(row, 'regular'), options.minRowHeight ?? 0);
      if (doc.y + height > this.bottom) {
        doc.addPage();
        drawHeader();
      }
      drawRow(row, 'regular', height, (i) => columns[i]?.align ?? 'left');
    }
    this.moveDown(6);
    this.use('regular', BODY_SIZE);
  }

  /** Height a signature block takes, to keep it whole on one page. */
  signatureHeight(block: SignatureBlock): number {
    return (block.title.length + (block.hint === undefined ? 0 : 1) + 1) * 17 + SIGNATURE_SPACE;
  }

  /** A signature block centred in the band [x, x + width), starting at y; returns its end. */
  signature(block: SignatureBlock, x: number, y: number, width: number): number {
    let end = y;
    for (const line of block.title) {
      end = this.centred(nfc(line), x, end, width, { style: 'bold', size: BODY_SIZE });
    }
    if (block.hint !== undefined) {
      end = this.centred(nfc(block.hint), x, end, width, { style: 'italic', size: BODY_SIZE - 1 });
    }
    end += SIGNATURE_SPACE;
    if (block.name !== undefined) {
      end = this.centred(nfc(block.name), x, end, width, { style: 'bold', size: BODY_SIZE });
    }
    return end;
  }

  /**
   * Signature blocks side by side, sharing the width equally; a single block stands in the
   * right half, where Vietnamese forms put the signer.
   */
  signatures(blocks: readonly SignatureBlock[]): void {
    const height = Math.max(...blocks.map((b) => this.signatureHeight(b)));
    this.ensureSpace(height);
    const y = this.doc.y;
    const columns = Math.max(2, blocks.length);
    const width = this.width / columns;
    const first = columns - blocks.length;
    const end = Math.max(
      ...blocks.map((b, i) => this.signature(b, this.left + (first + i) * width, y, width)),
    );
    this.doc.x = this.left;
    this.doc.y = end + 10;
  }

  /** The closing of a letter: "Nơi nhận" on the left, the signer on the right. */
  recipientsAndSigner(recipients: readonly string[], signer: Signer): void {
    const block: SignatureBlock = { title: signer.title, name: signer.name };
    this.ensureSpace(Math.max(this.signatureHeight(block), 20 + recipients.length * 14));
    const y = this.doc.y;
    const half = this.width / 2;
    this.use('boldItalic', BODY_SIZE);
    this.doc.text('Nơi nhận:', this.left, y, { width: half });
    this.use('regular', BODY_SIZE - 1);
    recipients.forEach((line, i) => {
      const last = i === recipients.length - 1;
      this.doc.text(nfc(`- ${line}${last ? '.' : ';'}`), this.left, this.doc.y, { width: half });
    });
    const leftEnd = this.doc.y;
    const rightEnd = this.signature(block, this.left + half, y, half);
    this.doc.x = this.left;
    this.doc.y = Math.max(leftEnd, rightEnd) + 10;
    this.use('regular', BODY_SIZE);
  }

  /**
   * A QR code drawn as vector squares (sharp at any print resolution, and no image to embed).
   * Each row's dark run is one rectangle, slightly overlapping the next row so that viewers
   * do not show hairline seams between modules. A two-module quiet zone is included in `size`;
   * the page around it is blank, which gives scanners the rest.
   */
  qrCode(text: string, x: number, y: number, size: number): void {
    const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
    const quiet = 2;
    const unit = size / (modules.size + 2 * quiet);
    const overlap = unit * 0.05;
    const { doc } = this;
    doc.save();
    for (let row = 0; row < modules.size; row++) {
      let col = 0;
      while (col < modules.size) {
        if (!modules.get(row, col)) {
          col++;
          continue;
        }
        const start = col;
        while (col < modules.size && modules.get(row, col)) col++;
        doc.rect(
          x + (quiet + start) * unit,
          y + (quiet + row) * unit,
          (col - start) * unit,
          unit + overlap,
        );
      }
    }
    doc.fillColor('black').fill();
    doc.restore();
  }

  /** Text centred in a band; returns the y below it. */
  centred(
    text: string,
    x: number,
    y: number,
    width: number,
    options: { readonly style: FontStyle; readonly size: number; readonly fit?: boolean },
  ): number {
    const { doc } = this;
    text = nfc(text);
    let size = options.size;
    this.use(options.style, size);
    // The national name must stay on one line; a narrow column shrinks it instead of wrapping.
    while (options.fit === true && size > 8 && doc.widthOfString(text) > width - 2) {
      size -= 0.25;
      this.use(options.style, size);
    }
    this.lines(text, x, y, { width, align: 'center', lineGap: 1 });
    const end = doc.y;
    this.use('regular', BODY_SIZE);
    return end;
  }

  /** Height of `text` wrapped to `width` in the given style, as `centred` would draw it. */
  textHeight(text: string, width: number, style: FontStyle, size: number): number {
    this.use(style, size);
    const height = this.linesHeight(nfc(text), { width, lineGap: 1 });
    this.use('regular', BODY_SIZE);
    return height;
  }

  /**
   * Text with explicit line breaks, one line at a time. pdfkit measures a "\n" as a glyph, so a
   * centred line followed by a break sits half a glyph off centre, and a line that just fits
   * wraps; drawing the lines separately avoids both.
   */
  private lines(text: string, x: number, y: number, options: PDFKit.Mixins.TextOptions): void {
    let top = y;
    for (const line of text.split('\n')) {
      this.doc.text(line, x, top, options);
      top = this.doc.y;
    }
  }

  private linesHeight(text: string, options: PDFKit.Mixins.TextOptions): number {
    return text.split('\n').reduce((sum, line) => sum + this.doc.heightOfString(line, options), 0);
  }

  private rule(x: number, y: number, width: number): void {
    this.doc
      .save()
      .lineWidth(RULE_WIDTH)
      .moveTo(x, y)
      .lineTo(x + width, y)
      .stroke()
      .restore();
  }

  /** "Trang 1/2" at the foot of every page, only when there is more than one. */
  private numberPages(): void {
    const { doc } = this;
    const range = doc.bufferedPageRange();
    if (range.count < 2) return;
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      // Writing inside the bottom margin would make pdfkit start a new page; lift it for now.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      this.use('italic', 9);
      doc.text(`Trang ${i + 1}/${range.count}`, this.left, doc.page.height - bottom / 2 - 5, {
        width: this.width,
        align: 'center',
      });
      doc.page.margins.bottom = bottom;
    }
  }
}

/** "8.000 đồng": dot-grouped thousands, as Vietnamese writes money. */
export function formatVnd(amount: number): string {
  return `${formatNumber('vi', amount)} đồng`;
}

interface Named {
  readonly fullName: string;
  readonly honorific?: 'Ông' | 'Bà';
}

/** "Bà Nguyễn Thị Mai", or "Ông/Bà …" when we do not know which. */
export function addressed(applicant: Named): string {
  return `${pronoun(applicant)} ${applicant.fullName}`;
}

/** How the text refers to the applicant after naming them: "Bà", or "Ông/Bà". */
export function pronoun(applicant: Named): string {
  return applicant.honorific ?? 'Ông/Bà';
}

/** "01", "02": counts on the forms are written with two digits. */
export function twoDigits(n: number): string {
  return String(n).padStart(2, '0');
}
