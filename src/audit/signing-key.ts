import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** First 16 hex characters of SHA-256 over the public key (SPKI DER): names the key in each checkpoint. */
  keyId: string;
}

export interface SigningKeySource {
  /** PKCS#8 PEM, or the base64 of its DER. */
  privateKey?: string;
  /** Where a development key pair is kept (created when absent) if no key is given. */
  dataDir?: string;
}

export const DEV_KEY_FILE = 'audit-signing-key.pem';

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

function parsePrivateKey(text: string): KeyObject {
  const trimmed = text.trim();
  const key = trimmed.startsWith('-----BEGIN')
    ? createPrivateKey(trimmed)
    : createPrivateKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'pkcs8' });
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`audit signing key must be Ed25519, not ${key.asymmetricKeyType}`);
  return key;
}

/** The configured key, else the development key under dataDir (generated once, file mode 0600). */
export function loadSigningKey(source: SigningKeySource): SigningKey {
  let privateKey: KeyObject;
  if (source.privateKey) {
    privateKey = parsePrivateKey(source.privateKey);
  } else if (source.dataDir) {
    const file = path.join(source.dataDir, DEV_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(source.dataDir, { recursive: true });
      const pair = generateKeyPairSync('ed25519');
      writeFileSync(file, pair.privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    privateKey = parsePrivateKey(readFileSync(file, 'utf8'));
  } else {
    throw new Error('audit signing key: give a private key or a data directory for a development key');
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, keyId: keyIdOf(publicKey) };
}

/** Public keys for verification: the signing key plus any retired keys (PEM), by key id. */
export function publicKeysOf(key: SigningKey, retiredPublicKeys: string[] = []): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>([[key.keyId, key.publicKey]]);
  for (const pem of retiredPublicKeys) {
    const publicKey = createPublicKey(pem);
    keys.set(keyIdOf(publicKey), publicKey);
  }
  return keys;
}
