// CSV as the officers open it in Excel: RFC 4180 (comma separated, CRLF line ends, fields quoted
// when they hold a comma, quote or line break, quotes doubled), starting with a UTF-8 byte-order
// mark because Excel otherwise reads Vietnamese as Windows-1252.

/**
 * One field. A field that starts with = + - @ or a tab is prefixed with an apostrophe so that
 * Excel shows it instead of running it as a formula (a name typed by a citizen is untrusted).
 */
export function csvField(value: string): string {
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value.normalize('NFC')}` : value.normalize('NFC');
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A whole file: the byte-order mark, then one line per row, each ended by CRLF. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return `\uFEFF${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}
