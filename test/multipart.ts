// A multipart/form-data body, as a browser sends a form with file inputs (for app.inject).
export type MultipartFiles = Record<string, { name: string; type: string; content: Buffer }>;

export function multipart(
  /** A list repeats the field, as checkboxes of one name do. */
  fields: Record<string, string | readonly string[]>,
  files: MultipartFiles = {},
): { payload: Buffer; contentType: string } {
  const boundary = '----motcuaFormBoundary';
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields))
    for (const one of typeof value === 'string' ? [value] : value)
      parts.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${one}\r\n`,
        ),
      );
  for (const [name, file] of Object.entries(files))
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.content,
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(parts),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** A small file that reads as a PNG (its signature, then filler). */
export const pngFile = (size = 64): Buffer =>
  Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    Buffer.alloc(size, 7),
  ]);
