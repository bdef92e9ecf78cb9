// Random secrets (session cookies, service bearer tokens) are stored only as SHA-256 hashes,
// so a copy of the database does not let anyone log in.
import { createHash, randomBytes } from 'node:crypto';

export function newSecretToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
