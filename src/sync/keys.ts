// The node's Ed25519 key pair, made once and kept in the data folder (readable by the node's
// user only). The private key never leaves the machine; the hub holds the public key.
import {
  generateKeyPairSync,
  createPrivateKey,
  createPublicKey,
  sign,
  type KeyObject,
} from 'node:crypto';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyIdOf, signedText, syncHeaders } from '../domain/sync-protocol.js';

export interface NodeKey {
  readonly privateKey: KeyObject;
  /** Base64 SPKI DER, as sent at enrolment. */
  readonly publicKey: string;
  readonly keyId: string;
}

const KEY_FILE = 'sync-key.pem';

export async function loadOrCreateNodeKey(dataDir: string): Promise<NodeKey> {
  const privateKey = await loadOrCreateKeyFile(join(dataDir, KEY_FILE));
  const der = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  return { privateKey, publicKey: der.toString('base64'), keyId: keyIdOf(der) };
}

/** The province hub's key that certifies the communes' sealing keys (data folder, 0600). */
export async function loadOrCreateProvinceSealKey(dataDir: string): Promise<KeyObject> {
  return loadOrCreateKeyFile(join(dataDir, 'province-seal-key.pem'));
}

async function loadOrCreateKeyFile(file: string): Promise<KeyObject> {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    const pair = generateKeyPairSync('ed25519');
    await writeFile(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
    await chmod(file, 0o600);
    privateKey = pair.privateKey;
  }
  return privateKey;
}

/** The headers that sign a request of this node. */
export function signRequest(
  key: NodeKey,
  request: { method: string; path: string; counter: number; time: string; body: Uint8Array },
): Record<string, string> {
  const signature = sign(null, Buffer.from(signedText(request), 'utf8'), key.privateKey).toString(
    'base64',
  );
  return {
    [syncHeaders.key]: key.keyId,
    [syncHeaders.counter]: String(request.counter),
    [syncHeaders.time]: request.time,
    [syncHeaders.signature]: signature,
  };
}
