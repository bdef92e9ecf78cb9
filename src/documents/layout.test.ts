// Text extraction alone cannot prove that a letter is drawn: pdfkit writes the Unicode text of
// a missing glyph into the PDF all the same. So check the embedded font itself: it must have a
// glyph for every Vietnamese letter with every tone, in each of the four styles we print with.
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { FONT_FILES, formatVnd, type FontStyle } from './layout.js';

const vowels = 'aăâeêioôơuưy';
const tones = ['\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const lower =
  'bcdđghklmnpqrstvx' +
  Array.from(vowels)
    .flatMap((v) => [v, ...tones.map((t) => v + t)])
    .join('');
const letters = (lower + lower.toUpperCase()).normalize('NFC');
const other = '0123456789.,:;!?()/-–“”…\'"%';

describe('document font', () => {
  const require = createRequire(import.meta.url);

  it('the alphabet under test has all 134 toned vowels and đ/Đ', () => {
    expect(Array.from(letters).length).toBe(2 * (17 + 12 * 6));
    expect(letters).toContain('Đ');
    expect(letters).toContain('ỹ');
  });

  it.each(Object.keys(FONT_FILES) as FontStyle[])(
    'has a glyph for every Vietnamese letter in %s',
    (style) => {
      const font = fontkit.openSync(require.resolve(FONT_FILES[style]));
      if (!('hasGlyphForCodePoint' in font)) throw new Error('expected a single font');
      // Code points are the unit here: every NFC Vietnamese letter is one code point.
      const missing = [...Array.from(letters), ...Array.from(other)].filter(
        (char) => !font.hasGlyphForCodePoint(char.codePointAt(0) ?? 0),
      );
      expect(missing).toEqual([]);
    },
  );
});

describe('formatVnd', () => {
  it('groups thousands with dots, as Vietnamese writes money', () => {
    expect(formatVnd(8_000)).toBe('8.000 đồng');
    expect(formatVnd(1_250_000)).toBe('1.250.000 đồng');
    expect(formatVnd(0)).toBe('0 đồng');
  });
});
