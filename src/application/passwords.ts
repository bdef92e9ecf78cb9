// Passwords are hashed with argon2id (the OWASP recommendation). The hasher is an interface
// so that tests can use cheaper parameters; production uses the library's defaults.
import argon2, { type HashOptions } from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

export function createArgon2Hasher(
  options: { memoryCost?: number; timeCost?: number } = {},
): PasswordHasher {
  // argon2id: resistant to both GPU cracking and side channels.
  const params: HashOptions & { raw?: false } = { type: argon2.argon2id, ...options };
  return {
    hash: (password) => argon2.hash(password, params),
    verify: async (hash, password) => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        // A malformed stored hash is a failed login, not a crash.
        return false;
      }
    },
  };
}
