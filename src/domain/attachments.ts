// Scans and photos attached to a dossier: what the desk accepts. The type is read from the
// file's first bytes, not from what the browser claims, so a renamed file cannot slip through.
export const attachmentLimits = {
  /** A phone photo or a multi-page scan at office-scanner resolution fits well below this. */
  maxBytes: 10 * 1024 * 1024,
  mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
} as const;
export type AttachmentMediaType = (typeof attachmentLimits.mediaTypes)[number];

/** The media type the content really has, or null when it is none of the accepted ones. */
export function sniffMediaType(content: Uint8Array): AttachmentMediaType | null {
  const starts = (...bytes: number[]) => bytes.every((b, i) => content[i] === b);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf'; // %PDF-
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return null;
}

export type AttachmentProblem = 'empty' | 'too_large' | 'type';

export function checkAttachment(
  content: Uint8Array,
): { ok: true; mediaType: AttachmentMediaType } | { ok: false; problem: AttachmentProblem } {
  if (content.length === 0) return { ok: false, problem: 'empty' };
  if (content.length > attachmentLimits.maxBytes) return { ok: false, problem: 'too_large' };
  const mediaType = sniffMediaType(content);
  return mediaType === null ? { ok: false, problem: 'type' } : { ok: true, mediaType };
}
