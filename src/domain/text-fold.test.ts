import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldVietnamese } from './text-fold.js';

describe('foldVietnamese', () => {
  it.each([
    ['Thành phố Đà Nẵng', 'thanh pho da nang'],
    ['Xã Bà Nà', 'xa ba na'],
    ['Phường Hải Châu', 'phuong hai chau'],
    ['Đặc khu Hoàng Sa', 'dac khu hoang sa'],
    ['Tỉnh Hoà Bình', 'tinh hoa binh'],
    ['Tỉnh Hòa Bình', 'tinh hoa binh'],
    ['Phường Văn Miếu -\nQuốc Tử Giám', 'phuong van mieu - quoc tu giam'],
    ['  HẢI   CHÂU\t', 'hai chau'],
    ['Hải\u00a0Châu', 'hai chau'],
    ['ĐỒNG THÁP', 'dong thap'],
    // Đ typed as Icelandic Ð, as legacy VNI/TCVN3 converters leave it.
    ['Ðà Nẵng', 'da nang'],
    // Full-width letters from an East Asian keyboard.
    ['ＨＡＩ ＣＨＡＵ', 'hai chau'],
    ['', ''],
  ])('folds %j to %j', (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it('gives the same result for decomposed and precomposed input', () => {
    const precomposed = 'Thành phố Đà Nẵng';
    const decomposed = precomposed.normalize('NFD');
    expect(decomposed).not.toBe(precomposed);
    expect(foldVietnamese(decomposed)).toBe(foldVietnamese(precomposed));
    expect(foldVietnamese('Xã Bà Nà'.normalize('NFD'))).toBe('xa ba na');
  });

  it('is idempotent and leaves no combining mark, đ or upper case', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const once = foldVietnamese(s);
        expect(foldVietnamese(once)).toBe(once);
        expect(once).not.toMatch(/[\p{M}đĐ]|^\s|\s$|\s\s/u);
      }),
    );
  });

  it('ignores how a Vietnamese string is normalised', () => {
    const letters =
      'a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y à ả ã á ạ ằ ẳ ẵ ắ ặ ầ ẩ ẫ ấ ậ ề ể ễ ế ệ ỳ ỷ ỹ ý ỵ Đ Â Ơ Ư Ộ Ữ';
    const vietnamese = fc.string({ unit: fc.constantFrom(' ', ...letters.split(' ')) });
    fc.assert(
      fc.property(vietnamese, (s) => {
        expect(foldVietnamese(s.normalize('NFD'))).toBe(foldVietnamese(s.normalize('NFC')));
      }),
    );
  });
});
