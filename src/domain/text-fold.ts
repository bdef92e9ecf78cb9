// Folding Vietnamese text so that what an officer or citizen types matches what the register
// holds, whatever keyboard they used: "Da Nang", "đà nẵng" and a decomposed "Đà Nẵng" (as some
// older input methods and copy-pasted PDFs produce) must all compare equal. Only for matching:
// anything shown to a person keeps its diacritics.

// "Đ" is a letter of its own in Unicode, not D plus a mark, so decomposition leaves it alone.
// Ð/ð (Icelandic eth) look the same and turn up in text converted from legacy VNI/TCVN3 fonts.
const D_LIKE = /[đĐðÐ]/g;
const COMBINING_MARK = /\p{M}/gu;
const WHITESPACE_RUN = /\s+/gu;

/**
 * Folds text for search: removes tones and vowel marks, maps đ/Đ to d, lowercases, collapses
 * runs of whitespace to one space and trims. Precomposed (NFC) and decomposed (NFD) input give
 * the same result; compatibility forms (full-width letters from East Asian keyboards, no-break
 * spaces) fold to their plain equivalents.
 */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFKD')
    .replace(COMBINING_MARK, '')
    .replace(D_LIKE, 'd')
    .toLowerCase()
    .replace(WHITESPACE_RUN, ' ')
    .trim();
}
