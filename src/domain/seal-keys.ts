// The keys that seal civil-status certificates (certificate-seal.ts): the province's key, and
// each unit's key as the province certified it. These are the hub's events; they flow down to
// every node, so any node verifies any unit's certificates without a network.
import { z } from 'zod';

export const sealKeyEventTypes = {
  provinceKeyPublished: 'signing.province_key_published',
  unitKeyCertified: 'signing.unit_key_certified',
  unitKeyRevoked: 'signing.unit_key_revoked',
} as const;

const keyId = z.string().regex(/^[0-9a-f]{32}$/);
const isoDate = z.iso.date();

export const provinceKeyPublishedPayload = z.strictObject({
  keyId,
  /** Raw Ed25519 public key, base64. */
  publicKey: z.string().min(40).max(60),
  validFrom: isoDate,
});

export const unitKeyCertifiedPayload = z.strictObject({
  keyId,
  unitCode: z.string().regex(/^\d{5}$/),
  /** encodeUnitKeyCertificate: what a seal embeds. */
  certificate: z.string().min(1).max(400),
  validFrom: isoDate,
});

export const unitKeyRevokedPayload = z.strictObject({
  keyId,
  reason: z.string().min(1).max(500),
});
