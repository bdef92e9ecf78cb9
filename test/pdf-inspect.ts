// Reads a rendered PDF back the way a person would meet it: the text a viewer extracts (with
// pdf.js, the engine browsers use), each page's size, and the QR codes on a page (rendered to
// pixels with pdf.js on @napi-rs/canvas and decoded with jsQR). Offline and pure JavaScript
// apart from the canvas binary, which ships inside its npm package.
import { createCanvas } from '@napi-rs/canvas';
import jsqr from 'jsqr';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

// jsqr is CommonJS with an `exports.default` beside `module.exports`; under NodeNext the typed
// way to reach the function is through `.default`, which also exists at run time.
const jsQR = jsqr.default;

export interface PdfPage {
  readonly width: number;
  readonly height: number;
  /** The page's text with line ends; use `flat` to match phrases that wrap. */
  readonly text: string;
}

export interface PdfContent {
  readonly pages: readonly PdfPage[];
  /** All pages' text, whitespace collapsed to single spaces. */
  readonly flat: string;
  readonly info: Readonly<Record<string, unknown>>;
}

async function open(pdf: Buffer) {
  // pdf.js takes ownership of the array it is given; copy so the caller's buffer stays intact.
  return getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 }).promise;
}

export async function readPdf(pdf: Buffer): Promise<PdfContent> {
  const document = await open(pdf);
  try {
    const pages: PdfPage[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = page.view;
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if ('str' in item) text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push({ width: x1 - x0, height: y1 - y0, text });
    }
    const metadata = await document.getMetadata();
    return {
      pages,
      flat: pages
        .map((p) => p.text)
        .join(' ')
        .replace(/\s+/g, ' '),
      info: metadata.info as Record<string, unknown>,
    };
  } finally {
    await document.destroy();
  }
}

/**
 * Every distinct QR code on a page (1-based). jsQR finds one code per image and gets lost when
 * two stand side by side, so the page is scanned in overlapping tiles, each large enough to
 * hold a whole code, and the results are pooled in reading order.
 */
export async function readQrCodes(pdf: Buffer, pageNumber = 1, scale = 2): Promise<string[]> {
  const document = await open(pdf);
  try {
    const page = await document.getPage(pageNumber);
    // A dense code (a certificate's seal: version 17, 85 modules in 28 mm) needs scale 4 to
    // give the decoder 3–4 pixels a module, as a phone camera has.
    const viewport = page.getViewport({ scale });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    const canvas = createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.fillStyle = 'white';
    context.fillRect(0, 0, width, height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: context as unknown as CanvasRenderingContext2D,
      viewport,
    }).promise;

    const tile = 200 * scale;
    const step = tile / 2;
    const found = new Set<string>();
    for (let y = 0; y < height; y += step) {
      for (let x = 0; x < width; x += step) {
        const w = Math.min(tile, width - x);
        const h = Math.min(tile, height - y);
        const image = context.getImageData(x, y, w, h);
        const code = jsQR(image.data, w, h, { inversionAttempts: 'dontInvert' });
        if (code !== null) found.add(code.data);
      }
    }
    return [...found];
  } finally {
    await document.destroy();
  }
}
